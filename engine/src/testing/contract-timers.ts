import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instanceIn, openTasks, sleep, type ContractContext } from './contract-helpers.js';
import { pastBoundaryModel, pastCatchModel, pastGatewayModel } from './models-timers.js';

/** Timers whose `timeDate` is already past when they are armed: Zeebe fires them at once, and once. */
export function pastTimerContract(ctx: ContractContext): void {
  const past = () => new Date(Date.now() - 60_000).toISOString();

  /** Every task the instance ever had at `elementId` (open or not). */
  const tasksAt = async (instanceKey: string, elementId: string) =>
    ctx.engine.searchUserTasks({ tenantId: ctx.tenantId, instanceKey, elementId });

  test('given an event-based gateway whose timer timeDate is already past, when the gateway is entered after a user task, then the timer path is taken at once (once) and a later message does not correlate', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'past-gw.bpmn', content: pastGatewayModel('t-past-gw', 't-past-gw-answer') }]);
    const ref = await engine.startInstance({ tenantId, processId: 't-past-gw', variables: { key: 'pg-1', at: past() } });
    const [first] = await openTasks(ctx, ref.instanceKey, 'first');
    // when the gateway is entered with its timer already due
    await engine.completeUserTask(tenantId, first.taskKey, {});
    // then the timer path is taken without waiting for a scheduler round
    const [late] = await openTasks(ctx, ref.instanceKey, 'late');
    assert.deepEqual((await engine.getInstance(tenantId, ref.instanceKey))?.activeElementIds, ['late']);
    const sent = await engine.publishMessage({ tenantId, name: 't-past-gw-answer', correlationKey: 'pg-1' });
    assert.equal(sent.correlated, false, 'the message catch event was left when the timer fired');
    await sleep(400); // several scheduler rounds: a second firing would show now
    assert.equal((await tasksAt(ref.instanceKey, 'late')).length, 1, 'the timer fired exactly once');
    assert.equal((await tasksAt(ref.instanceKey, 'answered')).length, 0);
    await engine.completeUserTask(tenantId, late.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
  });

  test('given an event-based gateway whose timer timeDate is in the future, when the message arrives first, then the message path is taken (the past-due fix keeps the race)', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'past-gw.bpmn', content: pastGatewayModel('t-past-gw', 't-past-gw-answer') }]);
    const at = new Date(Date.now() + 60 * 60_000).toISOString();
    const ref = await engine.startInstance({ tenantId, processId: 't-past-gw', variables: { key: 'pg-2', at } });
    const [first] = await openTasks(ctx, ref.instanceKey, 'first');
    await engine.completeUserTask(tenantId, first.taskKey, {});
    const sent = await engine.publishMessage({ tenantId, name: 't-past-gw-answer', correlationKey: 'pg-2' });
    assert.equal(sent.correlated, true);
    const [answered] = await openTasks(ctx, ref.instanceKey, 'answered');
    assert.equal((await tasksAt(ref.instanceKey, 'late')).length, 0);
    await engine.completeUserTask(tenantId, answered.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
  });

  test('given an intermediate timer catch event whose timeDate is already past, when it is reached after a user task, then the instance goes on at once and only once', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'past-catch.bpmn', content: pastCatchModel('t-past-catch') }]);
    const ref = await engine.startInstance({ tenantId, processId: 't-past-catch', variables: { at: past() } });
    const [first] = await openTasks(ctx, ref.instanceKey, 'first');
    await engine.completeUserTask(tenantId, first.taskKey, {});
    const [after] = await openTasks(ctx, ref.instanceKey, 'after');
    await sleep(400);
    assert.equal((await tasksAt(ref.instanceKey, 'after')).length, 1, 'the timer fired exactly once');
    await engine.completeUserTask(tenantId, after.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
  });

  test('given an interrupting boundary timer whose timeDate is already past, when its task is entered after a user task, then the task is canceled at once and the boundary path runs once', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'past-boundary.bpmn', content: pastBoundaryModel('t-past-boundary') }]);
    const ref = await engine.startInstance({ tenantId, processId: 't-past-boundary', variables: { at: past() } });
    const [first] = await openTasks(ctx, ref.instanceKey, 'first');
    await engine.completeUserTask(tenantId, first.taskKey, {});
    const [late] = await openTasks(ctx, ref.instanceKey, 'late');
    await sleep(400);
    assert.equal((await tasksAt(ref.instanceKey, 'late')).length, 1, 'the timer fired exactly once');
    const work = await tasksAt(ref.instanceKey, 'work');
    assert.ok(
      work.every((t) => t.state === 'canceled'),
      'the interrupted task is not open (the embedded driver never writes it; Zeebe creates then cancels it)',
    );
    await engine.completeUserTask(tenantId, late.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
  });
}
