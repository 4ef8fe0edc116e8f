import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instanceIn, openTasks, sleep, type ContractContext } from './contract-helpers.js';
import { messageBoundaryModel } from './models-events.js';

/**
 * A non-interrupting event triggered again while the path of its previous trigger still runs. Zeebe
 * runs the paths side by side; the embedded driver runs one path through an element at a time
 * (bpmn-elements keeps one execution per activity — README "Embedded driver: known limits"). Each
 * driver is held to its documented behaviour, so a change to either shows up here.
 */
export function retriggerContract(ctx: ContractContext): void {
  test('given a non-interrupting message boundary event triggered twice while the first path waits at a user task, then Zeebe opens both paths at once and the embedded driver opens the second only after the first ends', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'r-twice.bpmn', content: messageBoundaryModel('r-twice', 'r-twice-hurry', false) }]);
    const ref = await engine.startInstance({ tenantId, processId: 'r-twice', variables: { ticket: 'R-1' } });
    await openTasks(ctx, ref.instanceKey, 'work');
    // when the boundary event is triggered twice
    assert.equal((await engine.publishMessage({ tenantId, name: 'r-twice-hurry', correlationKey: 'R-1' })).correlated, true);
    const [first] = await openTasks(ctx, ref.instanceKey, 'note');
    assert.equal((await engine.publishMessage({ tenantId, name: 'r-twice-hurry', correlationKey: 'R-1' })).correlated, true);
    const openNotes = async () => engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, elementId: 'note', state: 'created' });
    if (engine.driver === 'zeebe') {
      // then both paths run side by side
      const both = await openTasks(ctx, ref.instanceKey, 'note', 2);
      for (const t of both) await engine.completeUserTask(tenantId, t.taskKey, {});
    } else {
      // then the second path waits until the first one has left the user task
      await sleep(300);
      assert.deepEqual(
        (await openNotes()).map((t) => t.taskKey),
        [first.taskKey],
      );
      await engine.completeUserTask(tenantId, first.taskKey, {});
      const [second] = await openTasks(ctx, ref.instanceKey, 'note');
      assert.notEqual(second.taskKey, first.taskKey);
      await engine.completeUserTask(tenantId, second.taskKey, {});
    }
    assert.deepEqual(await openNotes(), []);
    const [work] = await openTasks(ctx, ref.instanceKey, 'work');
    await engine.completeUserTask(tenantId, work.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
    assert.equal((await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, elementId: 'note' })).length, 2);
  });
}
