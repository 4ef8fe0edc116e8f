import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instanceIn, openTasks, until, type ContractContext } from './contract-helpers.js';
import { errorCallerModel, escalatingChildModel, escalationCallerModel, failingChildModel } from './models-events.js';
import { callInSubprocessModel, nestedEscalationModel, passThroughModel } from './models-propagation.js';

/**
 * Errors and escalations a called process does not catch travel up the parent's scopes (the call
 * activity, its enclosing subprocesses, then the parent's parent), as in Zeebe; of nested scopes
 * that catch the same escalation code, only the innermost catches.
 */
export function propagationContract(ctx: ContractContext): void {
  /** The one instance of `processId` started (the contract's process ids are unique per test). */
  const startedOf = (processId: string) =>
    until(`an instance of ${processId}`, async () => {
      const e = ctx.events.find((x) => x.type === 'instance.started' && x.processId === processId);
      return e?.type === 'instance.started' ? e.instanceKey : undefined;
    });

  const activeIncidents = async (instanceKey: string) => ctx.engine.listIncidents(ctx.tenantId, { instanceKey, state: 'active' });

  test('given a call activity without a boundary event inside a subprocess with an error boundary event, when the child ends with that error, then the subprocess boundary catches it and the child is terminated', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'p-err-child.bpmn', content: failingChildModel('p-err-child', 'SUB_CAUGHT') }]);
    await engine.deploy(tenantId, [
      { name: 'p-err-sub.bpmn', content: callInSubprocessModel('p-err-sub', 'p-err-child', 'error', 'SUB_CAUGHT') },
    ]);
    const ref = await engine.startInstance({ tenantId, processId: 'p-err-sub' });
    const [boss] = await openTasks(ctx, ref.instanceKey, 'boss');
    const child = await startedOf('p-err-child');
    assert.equal((await engine.getInstance(tenantId, child))?.parentInstanceKey, ref.instanceKey);
    await instanceIn(ctx, child, 'terminated');
    assert.deepEqual(await activeIncidents(child), []);
    assert.deepEqual(await activeIncidents(ref.instanceKey), []);
    await engine.completeUserTask(tenantId, boss.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
  });

  test("given a grandchild ending with an error that neither it nor its parent catches, when it is thrown, then the grandparent's call activity boundary catches it and parent and grandchild are terminated", async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'p-deep-child.bpmn', content: failingChildModel('p-deep-child', 'DEEP') }]);
    await engine.deploy(tenantId, [{ name: 'p-deep-mid.bpmn', content: passThroughModel('p-deep-mid', 'p-deep-child') }]);
    await engine.deploy(tenantId, [{ name: 'p-deep-top.bpmn', content: errorCallerModel('p-deep-top', 'p-deep-mid', 'DEEP') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'p-deep-top' });
    const [boss] = await openTasks(ctx, ref.instanceKey, 'boss');
    const mid = await startedOf('p-deep-mid');
    const child = await startedOf('p-deep-child');
    assert.equal((await engine.getInstance(tenantId, child))?.parentInstanceKey, mid);
    await instanceIn(ctx, mid, 'terminated');
    await instanceIn(ctx, child, 'terminated');
    for (const key of [ref.instanceKey, mid, child]) assert.deepEqual(await activeIncidents(key), []);
    await engine.completeUserTask(tenantId, boss.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
  });

  test('given an error nobody up the call chain catches, when the grandchild throws it, then the grandchild gets the incident and its ancestors keep waiting', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'p-lost-child.bpmn', content: failingChildModel('p-lost-child', 'LOST') }]);
    await engine.deploy(tenantId, [{ name: 'p-lost-mid.bpmn', content: passThroughModel('p-lost-mid', 'p-lost-child') }]);
    await engine.deploy(tenantId, [{ name: 'p-lost-top.bpmn', content: passThroughModel('p-lost-top', 'p-lost-mid') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'p-lost-top' });
    const child = await startedOf('p-lost-child');
    const [incident] = await until('incident on the grandchild', async () => {
      const list = await activeIncidents(child);
      return list.length ? list : undefined;
    });
    assert.equal(incident.errorType, 'UNHANDLED_ERROR');
    assert.equal(incident.elementId, 'fail');
    assert.equal((await engine.getInstance(tenantId, ref.instanceKey))?.state, 'active');
    assert.equal((await engine.getInstance(tenantId, await startedOf('p-lost-mid')))?.state, 'active');
    await engine.cancelInstance(tenantId, ref.instanceKey);
  });

  for (const interrupting of [true, false]) {
    test(`given a call activity without a boundary event inside a subprocess with an ${interrupting ? 'interrupting' : 'non-interrupting'} escalation boundary event, when the child escalates, then the subprocess boundary path is taken ${interrupting ? 'and the child is terminated' : 'and the child goes on'}`, async () => {
      const { engine, tenantId } = ctx;
      const childId = `p-esc-child-${interrupting ? 'int' : 'non'}`;
      const processId = `p-esc-sub-${interrupting ? 'int' : 'non'}`;
      await engine.deploy(tenantId, [{ name: `${childId}.bpmn`, content: escalatingChildModel(childId) }]);
      await engine.deploy(tenantId, [
        { name: `${processId}.bpmn`, content: callInSubprocessModel(processId, childId, 'escalation', 'LATE', interrupting) },
      ]);
      const ref = await engine.startInstance({ tenantId, processId });
      const [boss] = await openTasks(ctx, ref.instanceKey, 'boss');
      const child = await startedOf(childId);
      if (interrupting) {
        await instanceIn(ctx, child, 'terminated');
      } else {
        const [work] = await openTasks(ctx, child, 'child-work');
        assert.equal((await engine.getInstance(tenantId, child))?.state, 'active');
        await engine.completeUserTask(tenantId, work.taskKey, {});
      }
      await engine.completeUserTask(tenantId, boss.taskKey, {});
      await instanceIn(ctx, ref.instanceKey, 'completed');
    });
  }

  test("given a grandchild escalating with no catcher in it or its parent, when it escalates, then the grandparent's call activity boundary catches it", async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'p-esc-deep-child.bpmn', content: escalatingChildModel('p-esc-deep-child') }]);
    await engine.deploy(tenantId, [{ name: 'p-esc-deep-mid.bpmn', content: passThroughModel('p-esc-deep-mid', 'p-esc-deep-child') }]);
    await engine.deploy(tenantId, [
      { name: 'p-esc-deep-top.bpmn', content: escalationCallerModel('p-esc-deep-top', 'p-esc-deep-mid', false) },
    ]);
    const ref = await engine.startInstance({ tenantId, processId: 'p-esc-deep-top' });
    const [boss] = await openTasks(ctx, ref.instanceKey, 'boss');
    const child = await startedOf('p-esc-deep-child');
    const [work] = await openTasks(ctx, child, 'child-work');
    await engine.completeUserTask(tenantId, work.taskKey, {});
    await instanceIn(ctx, await startedOf('p-esc-deep-mid'), 'completed');
    await engine.completeUserTask(tenantId, boss.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
  });

  test('given nested subprocesses that both catch the escalation code, when the inner one throws it, then only the innermost boundary catches it', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'p-nested-esc.bpmn', content: nestedEscalationModel('p-nested-esc') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'p-nested-esc' });
    const [innerBoss] = await openTasks(ctx, ref.instanceKey, 'inner-boss');
    const [work] = await openTasks(ctx, ref.instanceKey, 'work');
    assert.deepEqual(await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, elementId: 'outer-boss' }), []);
    await engine.completeUserTask(tenantId, innerBoss.taskKey, {});
    await engine.completeUserTask(tenantId, work.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
    assert.deepEqual(await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, elementId: 'outer-boss' }), []);
  });
}
