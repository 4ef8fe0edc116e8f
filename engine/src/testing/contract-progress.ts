import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instanceIn, openTasks, until, type ContractContext } from './contract-helpers.js';
import { userTaskModel } from './models.js';

/** getInstanceProgress: what ran and what waits, while running and after the end (decision 0016). */
export function progressContract(ctx: ContractContext): void {
  const vars = { owner: 'u1', team: 't1', urgent: false, amount: 1 };

  test('given an instance waiting in a user task, when its progress is read, then the start event and its flow are completed and the task is active', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'progress.bpmn', content: userTaskModel('c-progress') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'c-progress', variables: vars });
    await openTasks(ctx, ref.instanceKey, 'review');
    const progress = await until('progress with review active', async () => {
      const p = await engine.getInstanceProgress(tenantId, ref.instanceKey);
      return p?.activeElementIds.includes('review') && p.completedElementIds.includes('start') ? p : undefined;
    });
    assert.equal(progress.state, 'active');
    assert.equal(progress.processId, 'c-progress');
    assert.equal(progress.version, ref.version);
    assert.deepEqual(progress.completedElementIds, ['start']);
    assert.deepEqual(progress.activeElementIds, ['review']);
    assert.deepEqual(progress.takenSequenceFlowIds, ['f1']);
  });

  test('given an instance completed through one gateway branch, when its progress is read, then the path taken is completed, the other branch and the boundary are not, and nothing is active', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'progress.bpmn', content: userTaskModel('c-progress') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'c-progress', variables: vars });
    const [task] = await openTasks(ctx, ref.instanceKey, 'review');
    await engine.completeUserTask(tenantId, task.taskKey, { approved: true });
    await instanceIn(ctx, ref.instanceKey, 'completed');
    const progress = await until('progress of the completed instance', async () => {
      const p = await engine.getInstanceProgress(tenantId, ref.instanceKey);
      return p?.state === 'completed' && p.completedElementIds.includes('approved') ? p : undefined;
    });
    assert.deepEqual(progress.completedElementIds, ['approved', 'gw', 'review', 'start']);
    assert.deepEqual(progress.activeElementIds, []);
    assert.deepEqual(progress.takenSequenceFlowIds, ['f1', 'f2', 'yes']);
  });

  test('given an instance cancelled while waiting, when its progress is read, then what ran before stays completed and nothing is active', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'progress.bpmn', content: userTaskModel('c-progress') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'c-progress', variables: vars });
    await openTasks(ctx, ref.instanceKey, 'review');
    await engine.cancelInstance(tenantId, ref.instanceKey);
    await instanceIn(ctx, ref.instanceKey, 'terminated');
    const progress = await until('progress of the cancelled instance', async () => {
      const p = await engine.getInstanceProgress(tenantId, ref.instanceKey);
      return p?.state === 'terminated' ? p : undefined;
    });
    assert.deepEqual(progress.completedElementIds, ['start']);
    assert.deepEqual(progress.activeElementIds, []);
  });

  test('given an unknown instance key, when its progress is read, then the answer is undefined', async () => {
    assert.equal(await ctx.engine.getInstanceProgress(ctx.tenantId, '999999999999'), undefined);
  });
}
