import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EngineEvent, Job, ProcessEngine } from '../process-engine.js';
import {
  camundaFeelModel,
  errorBoundaryModel,
  incidentModel,
  messageModel,
  scriptModel,
  simpleJobModel,
  timerJobModel,
  userTaskModel,
} from './models.js';
import { eventContract } from './contract-events.js';
import { flowContract } from './contract-flows.js';
import { definitionListContract, messageStartContract, signalContract, timerStartContract } from './contract-starts.js';
import { until, type ContractContext } from './contract-helpers.js';
import { pastTimerContract } from './contract-timers.js';
import { propagationContract } from './contract-propagation.js';
import { retriggerContract } from './contract-retrigger.js';
import { progressContract } from './contract-progress.js';
import { taskSearchContract } from './contract-task-search.js';

export interface ContractHarness {
  /** A fresh engine on fresh databases; the tenant ids it serves. */
  create(): Promise<{ engine: ProcessEngine; tenantId: string; cleanup(): Promise<void> }>;
}

/** The behaviour every ProcessEngine driver must show. Registers node:test tests. */
export function processEngineContract(name: string, harness: ContractHarness): void {
  describe(`ProcessEngine contract: ${name}`, () => {
    let engine: ProcessEngine;
    let tenantId: string;
    let cleanup: () => Promise<void>;
    const events: EngineEvent[] = [];

    before(async () => {
      ({ engine, tenantId, cleanup } = await harness.create());
      engine.onEvent((e) => events.push(e));
    });
    after(async () => {
      await engine.close();
      await cleanup();
    });
    const ctx: ContractContext = {
      get engine() {
        return engine;
      },
      get tenantId() {
        return tenantId;
      },
      events,
    };

    test('given a model deployed twice unchanged, when deployed again changed, then versions are 1, 1, 2', async () => {
      const first = await engine.deploy(tenantId, [{ name: 'v.bpmn', content: simpleJobModel('versioned') }]);
      const same = await engine.deploy(tenantId, [{ name: 'v.bpmn', content: simpleJobModel('versioned') }]);
      const changed = await engine.deploy(tenantId, [{ name: 'v.bpmn', content: simpleJobModel('versioned', 'other') }]);
      assert.equal(first[0].version, 1);
      assert.equal(same[0].version, 1);
      assert.equal(same[0].definitionKey, first[0].definitionKey);
      assert.equal(changed[0].version, 2);
    });

    test('given malformed XML, when deployed, then it is refused with a (document) problem', async () => {
      await assert.rejects(
        engine.deploy(tenantId, [{ name: 'x.bpmn', content: '<nope' }]),
        (err: Error & { problems?: { elementId: string }[] }) => {
          assert.equal(err.name, 'ModelRejectedError');
          assert.equal(err.problems?.[0].elementId, '(document)');
          return true;
        },
      );
    });

    test('given start → job → end, when a worker completes the job with variables, then the instance completes with them and headers reached the worker', async () => {
      await engine.deploy(tenantId, [{ name: 'simple.bpmn', content: simpleJobModel('c-simple', 'c-work') }]);
      const seen: Job[] = [];
      const worker = engine.registerWorker(
        'c-work',
        async (job) => {
          seen.push(job);
          return { outcome: 'complete', variables: { result: job.variables.input } };
        },
        { pollIntervalMs: 50 },
      );
      const ref = await engine.startInstance({ tenantId, processId: 'c-simple', variables: { input: 7 } });
      const done = await until('instance completed', async () => {
        const i = await engine.getInstance(tenantId, ref.instanceKey);
        return i?.state === 'completed' ? i : undefined;
      });
      await worker.close();
      assert.equal(done.variables.result, 7);
      assert.equal(seen.length, 1);
      assert.deepEqual(seen[0].customHeaders, { kind: 'simple' });
      assert.ok(events.some((e) => e.type === 'instance.ended' && e.instanceKey === ref.instanceKey));
    });

    test('given a user task with FEEL assignment, when completed with approved=false, then the instance takes the rejected path', async () => {
      await engine.deploy(tenantId, [{ name: 'approval.bpmn', content: userTaskModel('c-approval') }]);
      const ref = await engine.startInstance({
        tenantId,
        processId: 'c-approval',
        variables: { owner: 'li', team: 'night', urgent: false, amount: 21 },
      });
      const [task] = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, state: 'created' });
      assert.equal(task.assignee, 'li');
      assert.deepEqual(task.candidateGroups, ['agents', 'night']);
      assert.equal(task.priority, 40);
      assert.equal(task.formId, 'review-form');
      assert.equal(task.variables.doubled, 42);
      assert.deepEqual(
        (await engine.searchUserTasks({ tenantId, candidateGroup: 'night', state: 'created' })).map((t) => t.taskKey),
        [task.taskKey],
      );
      await engine.assignUserTask(tenantId, task.taskKey, 'wang');
      await engine.completeUserTask(tenantId, task.taskKey, { approved: false });
      const inst = await engine.getInstance(tenantId, ref.instanceKey);
      assert.equal(inst?.state, 'completed');
      assert.equal(inst?.variables.approved, false);
      const [closed] = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey });
      assert.equal(closed.state, 'completed');
      assert.equal(closed.assignee, 'wang');
      assert.ok(events.some((e) => e.type === 'task.assigned' && e.task.taskKey === task.taskKey));
    });

    test('given a user task, when read by key while open and after completion, then getUserTask answers it in each state; an unknown key answers undefined', async () => {
      await engine.deploy(tenantId, [{ name: 'approval.bpmn', content: userTaskModel('c-approval') }]);
      const ref = await engine.startInstance({
        tenantId,
        processId: 'c-approval',
        variables: { owner: 'zhou', team: 'day', urgent: true, amount: 5 },
      });
      const [listed] = await until('the task', async () => {
        const list = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, state: 'created' });
        return list.length ? list : undefined;
      });
      // when read by key while open
      const open = await engine.getUserTask(tenantId, listed.taskKey);
      assert.deepEqual(open, listed);
      await engine.completeUserTask(tenantId, listed.taskKey, { approved: true });
      // then after completion it is still found, completed
      const closed = await until('the task completed', async () => {
        const t = await engine.getUserTask(tenantId, listed.taskKey);
        return t?.state === 'completed' ? t : undefined;
      });
      assert.equal(closed.instanceKey, ref.instanceKey);
      assert.equal(closed.elementId, 'review');
      assert.equal(closed.assignee, 'zhou');
      assert.ok(closed.completedAt);
      assert.equal(await engine.getUserTask(tenantId, '9999999999999999'), undefined);
    });

    test("given Camunda's extra FEEL functions (get or else, is defined, string join with affixes) in an assignment, a mapping and a condition, when the instance runs, then they evaluate as in Zeebe", async () => {
      await engine.deploy(tenantId, [{ name: 'feel.bpmn', content: camundaFeelModel('c-feel') }]);
      const plain = await engine.startInstance({ tenantId, processId: 'c-feel', variables: {} });
      const [t1] = await until('task of the plain instance', async () => {
        const list = await engine.searchUserTasks({ tenantId, instanceKey: plain.instanceKey, state: 'created' });
        return list.length ? list : undefined;
      });
      assert.equal(t1.assignee, 'dispatcher');
      assert.deepEqual(t1.candidateGroups, ['all']);
      assert.equal(t1.variables.label, '[a-b]');
      await engine.completeUserTask(tenantId, t1.taskKey, {});
      const escalated = await engine.startInstance({ tenantId, processId: 'c-feel', variables: { owner: 'zhao', team: 'night' } });
      const [t2] = await until('task of the escalated instance', async () => {
        const list = await engine.searchUserTasks({ tenantId, instanceKey: escalated.instanceKey, state: 'created' });
        return list.length ? list : undefined;
      });
      assert.equal(t2.assignee, 'zhao');
      assert.deepEqual(t2.candidateGroups, ['night']);
      await engine.completeUserTask(tenantId, t2.taskKey, { escalation: { level: 2 } });
      const p = await until('plain instance completed', async () => {
        const i = await engine.getInstance(tenantId, plain.instanceKey);
        return i?.state === 'completed' ? i : undefined;
      });
      const e = await until('escalated instance completed', async () => {
        const i = await engine.getInstance(tenantId, escalated.instanceKey);
        return i?.state === 'completed' ? i : undefined;
      });
      assert.equal(p.variables.path, 'plain');
      assert.equal(e.variables.path, 'escalated');
    });

    test('given a waiting user task with a short interrupting boundary timer, when the timer is due, then it fires once and cancels the task', async () => {
      await engine.deploy(tenantId, [{ name: 'expiring.bpmn', content: userTaskModel('c-expiring', 'PT0.3S') }]);
      const ref = await engine.startInstance({
        tenantId,
        processId: 'c-expiring',
        variables: { owner: 'li', team: 'x', urgent: true, amount: 1 },
      });
      const inst = await until('timer fired', async () => {
        const i = await engine.getInstance(tenantId, ref.instanceKey);
        return i?.state === 'completed' ? i : undefined;
      });
      assert.deepEqual(inst.activeElementIds, []);
      const [task] = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey });
      assert.equal(task.state, 'canceled');
    });

    test('given an intermediate timer before a job, when it elapses, then the job runs once', async () => {
      await engine.deploy(tenantId, [{ name: 'timer.bpmn', content: timerJobModel('c-timer', 'PT0.2S', 'c-after') }]);
      let runs = 0;
      const worker = engine.registerWorker('c-after', async () => ((runs += 1), { outcome: 'complete' }), { pollIntervalMs: 50 });
      const ref = await engine.startInstance({ tenantId, processId: 'c-timer' });
      assert.deepEqual((await engine.getInstance(tenantId, ref.instanceKey))?.activeElementIds, ['wait']);
      await until('instance completed', async () => (await engine.getInstance(tenantId, ref.instanceKey))?.state === 'completed');
      await worker.close();
      assert.equal(runs, 1);
    });

    test('given a job failing with retries, when retries run out, then an incident is raised and resolving it gives the job new retries', async () => {
      await engine.deploy(tenantId, [{ name: 'errors.bpmn', content: errorBoundaryModel('c-fail', 'c-flaky') }]);
      let calls = 0;
      const worker = engine.registerWorker(
        'c-flaky',
        async () => {
          calls += 1;
          return calls <= 2
            ? { outcome: 'fail', errorMessage: `boom ${calls}`, retryBackoffMs: 20 }
            : { outcome: 'complete', variables: { result: 1 } };
        },
        { pollIntervalMs: 30 },
      );
      const ref = await engine.startInstance({ tenantId, processId: 'c-fail' });
      const [incident] = await until('incident', async () => {
        const list = await engine.listIncidents(tenantId, { instanceKey: ref.instanceKey, state: 'active' });
        return list.length ? list : undefined;
      });
      assert.equal(incident.errorType, 'JOB_NO_RETRIES');
      assert.equal((await engine.getInstance(tenantId, ref.instanceKey))?.state, 'incident');
      await engine.resolveIncident(tenantId, incident.incidentKey, { retries: 1 });
      const done = await until('completed', async () => {
        const i = await engine.getInstance(tenantId, ref.instanceKey);
        return i?.state === 'completed' ? i : undefined;
      });
      await worker.close();
      assert.equal(done.variables.total, 2, 'output mapping =result + 1');
      assert.equal(calls, 3);
    });

    test('given a job with an error boundary, when the worker throws that BPMN error, then the boundary path is taken', async () => {
      await engine.deploy(tenantId, [{ name: 'caught.bpmn', content: errorBoundaryModel('c-caught', 'c-thrower') }]);
      const worker = engine.registerWorker(
        'c-thrower',
        async () => ({ outcome: 'error', errorCode: 'NOPE', variables: { why: 'no stock' } }),
        { pollIntervalMs: 30 },
      );
      const ref = await engine.startInstance({ tenantId, processId: 'c-caught' });
      const done = await until('completed', async () => {
        const i = await engine.getInstance(tenantId, ref.instanceKey);
        return i?.state === 'completed' ? i : undefined;
      });
      await worker.close();
      assert.equal(done.variables.why, 'no stock');
      assert.equal(done.variables.total, undefined);
    });

    test('given a gateway condition on a missing variable, when the task completes, then an incident keeps the last good state and resolving with the variable finishes', async () => {
      await engine.deploy(tenantId, [{ name: 'fix.bpmn', content: incidentModel('c-fix') }]);
      const ref = await engine.startInstance({ tenantId, processId: 'c-fix' });
      const [task] = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey });
      await engine.completeUserTask(tenantId, task.taskKey, { note: 'x' });
      const [incident] = await engine.listIncidents(tenantId, { instanceKey: ref.instanceKey, state: 'active' });
      assert.equal(incident.errorType, 'EXPRESSION_ERROR');
      assert.equal(incident.elementId, 'big');
      const mid = await engine.getInstance(tenantId, ref.instanceKey);
      assert.equal(mid?.state, 'incident');
      assert.deepEqual(mid?.activeElementIds, ['task']);
      await engine.resolveIncident(tenantId, incident.incidentKey, { variables: { level: 9 } });
      const done = await engine.getInstance(tenantId, ref.instanceKey);
      assert.equal(done?.state, 'completed');
      assert.equal(done?.variables.note, 'x');
      assert.ok(events.some((e) => e.type === 'incident.resolved' && e.incident.incidentKey === incident.incidentKey));
    });

    test('given a message catch event, when a message is published before and after the instance waits, then it correlates by key, buffers by TTL and ignores a duplicate message id', async () => {
      await engine.deploy(tenantId, [{ name: 'msg.bpmn', content: messageModel('c-msg') }]);
      const a = await engine.startInstance({ tenantId, processId: 'c-msg', variables: { orderId: 'o-1' } });
      const other = await engine.publishMessage({ tenantId, name: 'payment-received', correlationKey: 'o-2', variables: { paid: 2 } });
      assert.equal(other.correlated, false);
      const hit = await engine.publishMessage({ tenantId, name: 'payment-received', correlationKey: 'o-1', variables: { paid: 1 } });
      assert.equal(hit.correlated, true);
      const ia = await engine.getInstance(tenantId, a.instanceKey);
      assert.equal(ia?.state, 'completed');
      assert.equal(ia?.variables.paid, 1);
      const buffered = await engine.publishMessage({
        tenantId,
        name: 'payment-received',
        correlationKey: 'o-3',
        variables: { paid: 3 },
        timeToLiveMs: 60_000,
        messageId: 'm-3',
      });
      const again = await engine.publishMessage({
        tenantId,
        name: 'payment-received',
        correlationKey: 'o-3',
        variables: { paid: 4 },
        timeToLiveMs: 60_000,
        messageId: 'm-3',
      });
      assert.equal(again.messageKey, buffered.messageKey);
      const b = await engine.startInstance({ tenantId, processId: 'c-msg', variables: { orderId: 'o-3' } });
      const ib = await engine.getInstance(tenantId, b.instanceKey);
      assert.equal(ib?.state, 'completed');
      assert.equal(ib?.variables.paid, 3);
    });

    test('given zeebe:script FEEL, when run, then the result variable is set; given a JavaScript script task, then the deploy is refused naming the task', async () => {
      await engine.deploy(tenantId, [{ name: 's.bpmn', content: scriptModel('c-feel-script') }]);
      const ok = await engine.startInstance({ tenantId, processId: 'c-feel-script', variables: { a: 2, b: 3 } });
      const done = await until('script instance completed', async () => {
        const i = await engine.getInstance(tenantId, ok.instanceKey);
        return i?.state === 'completed' ? i : undefined;
      });
      assert.equal(done.variables.sum, 5);
      await assert.rejects(
        engine.deploy(tenantId, [{ name: 'js.bpmn', content: scriptModel('c-js-script', true) }]),
        (err: Error & { problems?: { elementId: string }[] }) => {
          assert.equal(err.name, 'ModelRejectedError');
          assert.ok(err.problems?.some((p) => p.elementId === 'calc'));
          return true;
        },
      );
      await assert.rejects(engine.startInstance({ tenantId, processId: 'c-js-script' }));
      assert.equal((globalThis as { __pwned?: boolean }).__pwned, undefined);
    });

    test('given a waiting instance, when canceled, then it is terminated and its task canceled', async () => {
      const ref = await engine.startInstance({
        tenantId,
        processId: 'c-approval',
        variables: { owner: 'li', team: 'x', urgent: true, amount: 1 },
      });
      await engine.cancelInstance(tenantId, ref.instanceKey);
      assert.equal((await engine.getInstance(tenantId, ref.instanceKey))?.state, 'terminated');
      const [task] = await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey });
      assert.equal(task.state, 'canceled');
    });

    flowContract(ctx);
    eventContract(ctx);
    messageStartContract(ctx);
    timerStartContract(ctx);
    signalContract(ctx);
    definitionListContract(ctx);
    pastTimerContract(ctx);
    propagationContract(ctx);
    retriggerContract(ctx);
    progressContract(ctx);
    taskSearchContract(ctx);
  });
}
