import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instanceIn, openTasks, sleep, until, type ContractContext } from './contract-helpers.js';
import {
  escalatingChildModel,
  escalationCallerModel,
  errorCallerModel,
  escalationModel,
  failingChildModel,
  feelTimersModel,
  signalBoundaryModel,
  subprocessErrorModel,
  jobKindsModel,
  messageBoundaryModel,
  signalCatchModel,
  ticklingTaskModel,
  uncaughtErrorModel,
} from './models-events.js';

/** Timer cycles, non-interrupting boundary events, message boundary events, signals, uncaught errors, escalations. */
export function eventContract(ctx: ContractContext): void {
  test('given a non-interrupting boundary timer R3/PT1S on a waiting task, when time passes, then it fires exactly three times and the task stays', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'r3.bpmn', content: ticklingTaskModel('e-r3', { cycle: 'R3/PT1S' }, 'e-r3-tick') }]);
    const ticks: number[] = [];
    const worker = engine.registerWorker('e-r3-tick', async () => (ticks.push(Date.now()), { outcome: 'complete' }), {
      pollIntervalMs: 30,
    });
    try {
      const t0 = Date.now();
      const ref = await engine.startInstance({ tenantId, processId: 'e-r3' });
      await until('three ticks', async () => ticks.length >= 3, 8000);
      await sleep(1600); // a fourth firing would have happened by now
      assert.equal(ticks.length, 3);
      for (let i = 0; i < 3; i++) assert.ok(ticks[i] - t0 >= (i + 1) * 1000 - 50, `tick ${i + 1} after ${(i + 1) * 1000} ms`);
      const [task] = await openTasks(ctx, ref.instanceKey, 'work');
      await engine.completeUserTask(tenantId, task.taskKey, {});
      await instanceIn(ctx, ref.instanceKey, 'completed');
    } finally {
      await worker.close();
    }
  });

  test('given a non-interrupting cron cycle (every second) on a waiting task, when time passes, then it fires once per second until the task completes', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'cron.bpmn', content: ticklingTaskModel('e-cron', { cycle: '* * * * * *' }, 'e-cron-tick') }]);
    const ticks: number[] = [];
    const worker = engine.registerWorker('e-cron-tick', async () => (ticks.push(Date.now()), { outcome: 'complete' }), {
      pollIntervalMs: 30,
    });
    try {
      const ref = await engine.startInstance({ tenantId, processId: 'e-cron' });
      await until('three cron ticks', async () => ticks.length >= 3, 8000);
      const [task] = await openTasks(ctx, ref.instanceKey, 'work');
      await engine.completeUserTask(tenantId, task.taskKey, {});
      await instanceIn(ctx, ref.instanceKey, 'completed');
      const count = ticks.length;
      for (let i = 1; i < ticks.length; i++)
        assert.ok(ticks[i] - ticks[i - 1] >= 700, `one firing per second (${ticks[i] - ticks[i - 1]} ms)`);
      await sleep(1300);
      assert.equal(ticks.length, count, 'no firing after the task completed');
    } finally {
      await worker.close();
    }
  });

  test('given a non-interrupting boundary duration timer, when it fires, then its path runs and the task stays open', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [
      { name: 'remind.bpmn', content: ticklingTaskModel('e-remind', { duration: 'PT0.3S' }, 'e-remind-tick') },
    ]);
    let ticks = 0;
    const worker = engine.registerWorker('e-remind-tick', async () => ((ticks += 1), { outcome: 'complete' }), { pollIntervalMs: 30 });
    try {
      const ref = await engine.startInstance({ tenantId, processId: 'e-remind' });
      await until('the reminder ran', async () => ticks === 1);
      await sleep(200);
      const [task] = await openTasks(ctx, ref.instanceKey, 'work');
      assert.equal((await engine.getInstance(tenantId, ref.instanceKey))?.state, 'active');
      await engine.completeUserTask(tenantId, task.taskKey, {});
      await instanceIn(ctx, ref.instanceKey, 'completed');
      assert.equal(ticks, 1);
    } finally {
      await worker.close();
    }
  });

  test('given an interrupting message boundary event, when the message arrives, then the task is canceled and the boundary path taken', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'mb.bpmn', content: messageBoundaryModel('e-mb-int', 'e-hurry-int', true) }]);
    const ref = await engine.startInstance({ tenantId, processId: 'e-mb-int', variables: { ticket: 'T-1' } });
    const [work] = await openTasks(ctx, ref.instanceKey, 'work');
    const sent = await engine.publishMessage({ tenantId, name: 'e-hurry-int', correlationKey: 'T-1', variables: { why: 'vip' } });
    assert.equal(sent.correlated, true);
    const [note] = await openTasks(ctx, ref.instanceKey, 'note');
    const closed = await until('work canceled', async () => {
      const list = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, elementId: 'work' });
      return list[0]?.state === 'canceled' ? list[0] : undefined;
    });
    assert.equal(closed.taskKey, work.taskKey);
    assert.equal(note.variables.why, 'vip');
    await engine.completeUserTask(tenantId, note.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
  });

  test('given a non-interrupting message boundary event, when two messages arrive, then each takes the boundary path and the task stays open', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'mbn.bpmn', content: messageBoundaryModel('e-mb-non', 'e-hurry-non', false) }]);
    const ref = await engine.startInstance({ tenantId, processId: 'e-mb-non', variables: { ticket: 'T-2' } });
    await openTasks(ctx, ref.instanceKey, 'work');
    assert.equal((await engine.publishMessage({ tenantId, name: 'e-hurry-non', correlationKey: 'T-2' })).correlated, true);
    await openTasks(ctx, ref.instanceKey, 'note');
    assert.equal((await engine.publishMessage({ tenantId, name: 'e-hurry-non', correlationKey: 'T-2' })).correlated, true);
    let notes = 0;
    while (notes < 2) {
      const [note] = await openTasks(ctx, ref.instanceKey, 'note');
      await engine.completeUserTask(tenantId, note.taskKey, {});
      notes += 1;
    }
    const [work] = await openTasks(ctx, ref.instanceKey, 'work');
    await engine.completeUserTask(tenantId, work.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
  });

  test('given instances waiting at a signal catch event, when the signal is broadcast, then every one of them continues with its variables', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'sig.bpmn', content: signalCatchModel('e-signal', 'e-storm') }]);
    const a = await engine.startInstance({ tenantId, processId: 'e-signal' });
    const b = await engine.startInstance({ tenantId, processId: 'e-signal' });
    await until('both wait', async () => (await engine.getInstance(tenantId, b.instanceKey))?.activeElementIds.includes('wait'));
    await engine.broadcastSignal(tenantId, 'e-other-signal');
    assert.equal((await engine.getInstance(tenantId, a.instanceKey))?.state, 'active');
    await engine.broadcastSignal(tenantId, 'e-storm', { level: 3 });
    for (const ref of [a, b]) assert.equal((await instanceIn(ctx, ref.instanceKey, 'completed')).variables.level, 3);
  });

  for (const interrupting of [true, false]) {
    test(`given an ${interrupting ? 'interrupting' : 'non-interrupting'} signal boundary event, when the signal is broadcast, then the boundary path is taken and the task is ${interrupting ? 'canceled' : 'kept'}`, async () => {
      const { engine, tenantId } = ctx;
      const processId = `e-sig-boundary-${interrupting ? 'int' : 'non'}`;
      await engine.deploy(tenantId, [
        { name: `${processId}.bpmn`, content: signalBoundaryModel(processId, `${processId}-alarm`, interrupting) },
      ]);
      const ref = await engine.startInstance({ tenantId, processId });
      await openTasks(ctx, ref.instanceKey, 'work');
      await engine.broadcastSignal(tenantId, `${processId}-alarm`);
      const [note] = await openTasks(ctx, ref.instanceKey, 'note');
      const work = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, elementId: 'work', state: 'created' });
      assert.equal(work.length, interrupting ? 0 : 1);
      await engine.completeUserTask(tenantId, note.taskKey, {});
      if (!interrupting) await engine.completeUserTask(tenantId, work[0].taskKey, {});
      await instanceIn(ctx, ref.instanceKey, 'completed');
    });
  }

  test('given a timer date and a timer duration from FEEL variables, when they pass, then the instance goes on after each', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'feel-timers.bpmn', content: feelTimersModel('e-feel-timers') }]);
    const t0 = Date.now();
    const ref = await engine.startInstance({
      tenantId,
      processId: 'e-feel-timers',
      variables: { at: new Date(t0 + 400).toISOString(), wait: 'PT0.4S' },
    });
    assert.deepEqual((await engine.getInstance(tenantId, ref.instanceKey))?.activeElementIds, ['until']);
    await instanceIn(ctx, ref.instanceKey, 'completed');
    assert.ok(Date.now() - t0 >= 800, 'both timers waited');
  });

  test('given a job without an error boundary, when the worker throws a BPMN error, then an incident is raised and resolving it makes the job available again', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'unc.bpmn', content: uncaughtErrorModel('e-uncaught', 'e-uncaught-work') }]);
    let calls = 0;
    const worker = engine.registerWorker(
      'e-uncaught-work',
      async () => (
        (calls += 1),
        calls === 1 ? { outcome: 'error', errorCode: 'NOT_HANDLED' } : { outcome: 'complete', variables: { ok: true } }
      ),
      { pollIntervalMs: 30 },
    );
    try {
      const ref = await engine.startInstance({ tenantId, processId: 'e-uncaught' });
      const [incident] = await until('incident', async () => {
        const list = await engine.listIncidents(tenantId, { instanceKey: ref.instanceKey, state: 'active' });
        return list.length ? list : undefined;
      });
      assert.equal(incident.errorType, 'UNHANDLED_ERROR');
      assert.equal(incident.elementId, 'job');
      assert.match(incident.errorMessage, /NOT_HANDLED/);
      assert.equal((await engine.getInstance(tenantId, ref.instanceKey))?.state, 'incident');
      await engine.resolveIncident(tenantId, incident.incidentKey);
      const done = await instanceIn(ctx, ref.instanceKey, 'completed');
      assert.equal(done.variables.ok, true);
      assert.equal(calls, 2);
    } finally {
      await worker.close();
    }
  });

  for (const via of ['an error end event', 'a job whose worker throws it'] as const) {
    test(`given a call activity with an error boundary event, when the child ends with that BPMN error through ${via}, then the parent takes the boundary path and the child is terminated`, async () => {
      const { engine, tenantId } = ctx;
      const viaJob = via !== 'an error end event';
      const childId = `e-fail-child-${viaJob ? 'job' : 'end'}`;
      const processId = `e-fail-parent-${viaJob ? 'job' : 'end'}`;
      await engine.deploy(tenantId, [
        { name: `${childId}.bpmn`, content: failingChildModel(childId, 'NO_STOCK', viaJob ? `${childId}-work` : undefined) },
      ]);
      await engine.deploy(tenantId, [{ name: `${processId}.bpmn`, content: errorCallerModel(processId, childId, 'NO_STOCK') }]);
      const worker = viaJob
        ? engine.registerWorker(`${childId}-work`, async () => ({ outcome: 'error', errorCode: 'NO_STOCK', errorMessage: 'none left' }), {
            pollIntervalMs: 30,
          })
        : undefined;
      try {
        const ref = await engine.startInstance({ tenantId, processId });
        const [boss] = await openTasks(ctx, ref.instanceKey, 'boss');
        assert.deepEqual(await engine.listIncidents(tenantId, { instanceKey: ref.instanceKey, state: 'active' }), []);
        await engine.completeUserTask(tenantId, boss.taskKey, {});
        await instanceIn(ctx, ref.instanceKey, 'completed');
      } finally {
        await worker?.close();
      }
    });
  }

  test('given a subprocess ending with an error end event, when it is reached, then the error boundary event on the subprocess catches it', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'sub-err.bpmn', content: subprocessErrorModel('e-sub-error', 'BROKEN') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'e-sub-error' });
    const [fallback] = await openTasks(ctx, ref.instanceKey, 'fallback');
    await engine.completeUserTask(tenantId, fallback.taskKey, {});
    await instanceIn(ctx, ref.instanceKey, 'completed');
  });

  test('given an error end event nobody catches, when it is reached, then the instance does not end silently: an incident is raised', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'lonely.bpmn', content: failingChildModel('e-lonely-error', 'NOBODY') }]);
    const ref = await engine.startInstance({ tenantId, processId: 'e-lonely-error' });
    const [incident] = await until('incident', async () => {
      const list = await engine.listIncidents(tenantId, { instanceKey: ref.instanceKey, state: 'active' });
      return list.length ? list : undefined;
    });
    assert.equal(incident.errorType, 'UNHANDLED_ERROR');
    assert.equal(incident.elementId, 'fail');
    assert.equal((await engine.getInstance(tenantId, ref.instanceKey))?.state, 'incident');
  });

  for (const answered of [true, false]) {
    test(`given send, business-rule and message-throw jobs, a receive task and an event-based gateway, when the ${answered ? 'message' : 'timer'} wins the race, then every job ran once and the ${answered ? 'message' : 'timer'} path is taken`, async () => {
      const { engine, tenantId } = ctx;
      const prefix = `e-kinds-${answered ? 'msg' : 'timer'}`;
      await engine.deploy(tenantId, [{ name: `${prefix}.bpmn`, content: jobKindsModel(prefix, prefix, answered ? 'PT30S' : 'PT0.3S') }]);
      const ran: string[] = [];
      const workers = ['send', 'rule', 'notify', 'give-up'].map((el) =>
        engine.registerWorker(`${prefix}-${el}`, async (job) => (ran.push(job.elementId), { outcome: 'complete' }), { pollIntervalMs: 30 }),
      );
      try {
        const ref = await engine.startInstance({ tenantId, processId: prefix, variables: { key: `${prefix}-1` } });
        await until('the receive task waits', async () =>
          (await engine.getInstance(tenantId, ref.instanceKey))?.activeElementIds.includes('receive'),
        );
        assert.deepEqual(ran, ['send', 'rule', 'notify']);
        assert.equal((await engine.publishMessage({ tenantId, name: `${prefix}-ping`, correlationKey: `${prefix}-1` })).correlated, true);
        await until('the race', async () => (await engine.getInstance(tenantId, ref.instanceKey))?.activeElementIds.includes('answer'));
        if (answered) {
          assert.equal((await engine.publishMessage({ tenantId, name: `${prefix}-pong`, correlationKey: `${prefix}-1` })).correlated, true);
        }
        await instanceIn(ctx, ref.instanceKey, 'completed');
        assert.deepEqual(ran, answered ? ['send', 'rule', 'notify'] : ['send', 'rule', 'notify', 'give-up']);
      } finally {
        for (const w of workers) await w.close();
      }
    });
  }

  for (const interrupting of [true, false]) {
    test(`given an ${interrupting ? 'interrupting' : 'non-interrupting'} escalation boundary event on a subprocess, when the subprocess throws the escalation, then the boundary path is taken ${interrupting ? 'and the subprocess ends' : 'and the subprocess goes on'}`, async () => {
      const { engine, tenantId } = ctx;
      const processId = `e-esc-${interrupting ? 'int' : 'non'}`;
      await engine.deploy(tenantId, [{ name: `${processId}.bpmn`, content: escalationModel(processId, interrupting) }]);
      const ref = await engine.startInstance({ tenantId, processId });
      const [boss] = await openTasks(ctx, ref.instanceKey, 'boss');
      const work = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, elementId: 'work', state: 'created' });
      assert.equal(work.length, interrupting ? 0 : 1);
      await engine.completeUserTask(tenantId, boss.taskKey, {});
      if (!interrupting) await engine.completeUserTask(tenantId, work[0].taskKey, {});
      await instanceIn(ctx, ref.instanceKey, 'completed');
    });

    test(`given an ${interrupting ? 'interrupting' : 'non-interrupting'} escalation boundary event on a call activity, when the child throws the escalation, then the parent takes the boundary path ${interrupting ? 'and the child is terminated' : 'and the child goes on'}`, async () => {
      const { engine, tenantId } = ctx;
      const processId = `e-esc-call-${interrupting ? 'int' : 'non'}`;
      await engine.deploy(tenantId, [{ name: 'esc-child.bpmn', content: escalatingChildModel('e-esc-child') }]);
      await engine.deploy(tenantId, [
        { name: `${processId}.bpmn`, content: escalationCallerModel(processId, 'e-esc-child', interrupting) },
      ]);
      const ref = await engine.startInstance({ tenantId, processId });
      const [boss] = await openTasks(ctx, ref.instanceKey, 'boss');
      const childTasks = await until('the child task', async () => {
        const list = await engine.searchUserTasks({ tenantId, elementId: 'child-work' });
        const mine = [];
        for (const t of list) if ((await engine.getInstance(tenantId, t.instanceKey))?.parentInstanceKey === ref.instanceKey) mine.push(t);
        return mine.length ? mine : undefined;
      });
      const child = await engine.getInstance(tenantId, childTasks[0].instanceKey);
      if (interrupting) {
        await instanceIn(ctx, childTasks[0].instanceKey, 'terminated');
        assert.deepEqual((await engine.getInstance(tenantId, ref.instanceKey))?.activeElementIds, ['boss']);
      } else {
        assert.equal(child?.state, 'active');
        assert.deepEqual((await engine.getInstance(tenantId, ref.instanceKey))?.activeElementIds.sort(), ['boss', 'call']);
        await engine.completeUserTask(tenantId, childTasks[0].taskKey, {});
      }
      await engine.completeUserTask(tenantId, boss.taskKey, {});
      await instanceIn(ctx, ref.instanceKey, 'completed');
    });
  }
}
