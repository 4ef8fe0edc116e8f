import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../process-engine.js';
import { instanceIn, openTasks, until, type ContractContext } from './contract-helpers.js';
import {
  childModel,
  multiJobModel,
  multiReviewModel,
  multiSubprocessModel,
  multiUntilModel,
  multiCountModel,
  parentModel,
  subprocessModel,
  terminateModel,
} from './models-flows.js';

/** Embedded subprocesses, call activities, multi-instance. */
export function flowContract(ctx: ContractContext): void {
  test('given an embedded subprocess with input and output mappings, when its inner task completes, then the local input was visible inside and only the output reaches the instance', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'sub.bpmn', content: subprocessModel('f-sub') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'f-sub', variables: { amount: 21 } });
    const [task] = await openTasks(ctx, ref.instanceKey, 'inner');
    assert.equal(task.assignee, 'u42');
    assert.equal(task.variables.doubled, 42);
    assert.deepEqual((await engine.getInstance(tenantId, ref.instanceKey))?.activeElementIds, ['inner']);
    await engine.completeUserTask(tenantId, task.taskKey, { note: 'done' });
    const done = await instanceIn(ctx, ref.instanceKey, 'completed');
    assert.equal(done.variables.total, 43);
    assert.equal(done.variables.note, 'done');
    assert.equal(done.variables.doubled, undefined, 'the subprocess input stays local');
  });

  test('given call activities, when the parent runs, then it waits for each child (latest version), variables flow both ways, and it resumes after each child', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'child.bpmn', content: childModel('f-child', 'f-child-work', 'v1') }]);
    await engine.deploy(tenantId, [{ name: 'child.bpmn', content: childModel('f-child', 'f-child-work', 'v2') }]);
    await engine.deploy(tenantId, [{ name: 'parent.bpmn', content: parentModel('f-parent') }]);
    const jobs: Job[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const worker = engine.registerWorker(
      'f-child-work',
      async (job) => {
        jobs.push(job);
        if (jobs.length === 1) await gate; // hold the first child so the parent can be seen waiting
        return { outcome: 'complete', variables: { fromWorker: job.variables.x } };
      },
      { pollIntervalMs: 50 },
    );
    try {
      const ref = await engine.startInstance({ tenantId, processId: 'f-parent', variables: { childId: 'f-child', x: 4 } });
      await until('first child job', async () => jobs.length === 1);
      const waiting = await engine.getInstance(tenantId, ref.instanceKey);
      assert.deepEqual(waiting?.activeElementIds, ['call']);
      const child = await engine.getInstance(tenantId, jobs[0].instanceKey);
      assert.equal(child?.parentInstanceKey, ref.instanceKey);
      assert.equal(child?.processId, 'f-child');
      assert.equal(child?.version, 2, 'the latest version of the called process');
      assert.equal(jobs[0].variables.x, 4, 'parent variables reach the child');
      release();
      const [after] = await openTasks(ctx, ref.instanceKey, 'after');
      assert.equal(jobs.length, 2);
      assert.equal(jobs[1].variables.x, 5, 'the input mapping of the second call activity');
      assert.equal((await engine.getInstance(tenantId, jobs[1].instanceKey))?.state, 'completed');
      const mid = await engine.getInstance(tenantId, ref.instanceKey);
      assert.equal(mid?.variables.fromChild, 40, 'all child variables come back from the first call');
      assert.equal(mid?.variables.childVersion, 'v2');
      assert.equal(mid?.variables.fromWorker, undefined, 'with output mappings only the mapped job variables count');
      assert.equal(mid?.variables.mapped, 51, 'only the output mapping comes back from the second call');
      assert.equal(mid?.variables.x, 4);
      await engine.completeUserTask(tenantId, after.taskKey, {});
      await instanceIn(ctx, ref.instanceKey, 'completed');
    } finally {
      release();
      await worker.close();
    }
  });

  for (const sequential of [false, true]) {
    test(`given a ${sequential ? 'sequential' : 'parallel'} multi-instance job over a FEEL input collection, when each job completes, then every item ran once and the output collection keeps the item order`, async () => {
      const { engine, tenantId } = ctx;
      const processId = `f-mi-${sequential ? 'seq' : 'par'}`;
      const type = `${processId}-work`;
      await engine.deploy(tenantId, [{ name: `${processId}.bpmn`, content: multiJobModel(processId, type, sequential) }]);
      const seen: { n: unknown; loopCounter: unknown; item: unknown }[] = [];
      let active = 0;
      let maxActive = 0;
      const worker = engine.registerWorker(
        type,
        async (job) => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          seen.push({ n: job.variables.n, loopCounter: job.variables.loopCounter, item: job.variables.item });
          await new Promise((r) => setTimeout(r, 30));
          active -= 1;
          return { outcome: 'complete', variables: { doubled: Number(job.variables.n) * 2 } };
        },
        { pollIntervalMs: 30, maxJobsActive: 8 },
      );
      try {
        const items = [{ n: 3 }, { n: 1 }, { n: 2 }];
        const ref = await engine.startInstance({ tenantId, processId, variables: { items } });
        const done = await instanceIn(ctx, ref.instanceKey, 'completed');
        assert.deepEqual(done.variables.results, [6, 2, 4]);
        assert.deepEqual(seen.map((s) => s.n).sort(), [1, 2, 3]);
        assert.deepEqual(seen.map((s) => [s.n, s.loopCounter]).sort(), [
          [1, 2],
          [2, 3],
          [3, 1],
        ]);
        assert.deepEqual(seen.find((s) => s.n === 3)?.item, { n: 3 });
        if (sequential) {
          assert.equal(maxActive, 1, 'one iteration at a time');
          assert.deepEqual(
            seen.map((s) => s.n),
            [3, 1, 2],
          );
        } else assert.ok(maxActive > 1, 'iterations run side by side');
      } finally {
        await worker.close();
      }
    });
  }

  test('given a sequential multi-instance user task, when each reviewer completes, then the next one gets a task and the verdicts are collected in order', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'reviews.bpmn', content: multiReviewModel('f-reviews') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'f-reviews', variables: { reviewers: ['li', 'wang'] } });
    const [first] = await openTasks(ctx, ref.instanceKey, 'review');
    assert.equal(first.assignee, 'li');
    assert.equal(first.variables.reviewer, 'li');
    assert.equal((await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, state: 'created' })).length, 1);
    await engine.completeUserTask(tenantId, first.taskKey, { verdict: 'ok' });
    const second = await until('the second reviewer', async () => {
      const list = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, state: 'created' });
      return list.find((t) => t.assignee === 'wang');
    });
    await engine.completeUserTask(tenantId, second.taskKey, { verdict: 'no' });
    const done = await instanceIn(ctx, ref.instanceKey, 'completed');
    assert.deepEqual(done.variables.verdicts, ['ok', 'no']);
  });

  test('given a parallel multi-instance subprocess, when each part is answered, then each iteration saw its own item and the answers are collected per item', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'parts.bpmn', content: multiSubprocessModel('f-parts') }]);
    const parts = [{ owner: 'zhao' }, { owner: 'qian' }, { owner: 'sun' }];
    const ref = await engine.startInstance({ tenantId, processId: 'f-parts', variables: { parts } });
    const tasks = await openTasks(ctx, ref.instanceKey, 'ask', 3);
    assert.deepEqual(tasks.map((t) => t.assignee).sort(), ['qian', 'sun', 'zhao']);
    for (const owner of ['qian', 'zhao', 'sun']) {
      const task = tasks.find((t) => t.assignee === owner)!;
      assert.deepEqual(task.variables.part, { owner });
      await engine.completeUserTask(tenantId, task.taskKey, { answer: owner.toUpperCase() });
    }
    const done = await instanceIn(ctx, ref.instanceKey, 'completed');
    assert.deepEqual(done.variables.answers, ['zhao:ZHAO', 'qian:QIAN', 'sun:SUN']);
  });

  test('given a parallel multi-instance with a completion condition, when two of three complete, then the activity completes and the third task is canceled', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'votes.bpmn', content: multiUntilModel('f-votes') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'f-votes', variables: { voters: ['a', 'b', 'c'] } });
    const tasks = await openTasks(ctx, ref.instanceKey, 'vote', 3);
    await engine.completeUserTask(tenantId, tasks.find((t) => t.assignee === 'c')!.taskKey, {});
    assert.equal((await engine.getInstance(tenantId, ref.instanceKey))?.state, 'active');
    await engine.completeUserTask(tenantId, tasks.find((t) => t.assignee === 'a')!.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
    const left = await until('the third vote canceled', async () => {
      const list = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, elementId: 'vote' });
      const b = list.find((t) => t.assignee === 'b');
      return b?.state === 'canceled' ? b : undefined;
    });
    assert.equal(left.state, 'canceled');
  });

  test('given two parallel tasks, when one reaches a terminate end event, then the instance completes and the other task is canceled', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'term.bpmn', content: terminateModel('f-terminate') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'f-terminate' });
    const [a] = await openTasks(ctx, ref.instanceKey, 'a');
    await openTasks(ctx, ref.instanceKey, 'b');
    await engine.completeUserTask(tenantId, a.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
    const b = await until('b canceled', async () => {
      const [t] = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, elementId: 'b' });
      return t?.state === 'canceled' ? t : undefined;
    });
    assert.equal(b.state, 'canceled');
  });

  test('given a parallel multi-instance over 60 items (more than one bpmn-elements batch of 50), when tasks complete one by one, then all 60 are active at once and the counters are exact: the condition completed = 55 and active = 5 holds at the 55th completion', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'count60.bpmn', content: multiCountModel('f-count60', 60, 55, 5) }]);
    const items = Array.from({ length: 60 }, (_, i) => i);
    const ref = await engine.startInstance({ tenantId, processId: 'f-count60', variables: { items } });
    // then every iteration is active at once, as in Zeebe
    const tasks = await openTasks(ctx, ref.instanceKey, 'count', 60);
    assert.equal(tasks.length, 60);
    for (const task of tasks.slice(0, 54)) await engine.completeUserTask(tenantId, task.taskKey, {});
    assert.equal((await engine.getInstance(tenantId, ref.instanceKey))?.state, 'active', 'completed = 54, active = 6: not yet');
    // when the 55th completes
    await engine.completeUserTask(tenantId, tasks[54].taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
    const left = await until('the last five canceled', async () => {
      const list = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, elementId: 'count', state: 'canceled' });
      return list.length === 5 ? list : undefined;
    });
    assert.deepEqual(
      left.map((t) => t.taskKey).sort(),
      tasks
        .slice(55)
        .map((t) => t.taskKey)
        .sort(),
    );
  });
}
