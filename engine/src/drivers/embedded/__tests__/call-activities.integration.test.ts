import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GROUP_TENANT } from '../../../process-engine.js';
import { bpmn } from '../../../testing/models.js';
import { flow, userTask } from '../../../testing/models-flows.js';
import type { EmbeddedEngine } from '../embedded-engine.js';
import { eachDb, engineOn, type TestDbs } from './db-harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A child that waits at a user task and sets `origin`. */
const child = (processId: string, origin: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'set')}
  <bpmn:scriptTask id="set"><bpmn:extensionElements><zeebe:script expression="=&quot;${origin}&quot;" resultVariable="origin"/></bpmn:extensionElements></bpmn:scriptTask>
  ${flow('f2', 'set', 'child-task')}
  ${userTask('child-task')}
  ${flow('f3', 'child-task', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A call activity on `calledId`; optionally a boundary timer (interrupting or not) whose path runs `=assert(fix, fix != null)`. */
const caller = (processId: string, calledId: string, timer?: { duration: string; interrupting: boolean }) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'call')}
  <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${calledId}" propagateAllChildVariables="true"/></bpmn:extensionElements></bpmn:callActivity>
  ${
    timer
      ? `<bpmn:boundaryEvent id="late" attachedToRef="call" cancelActivity="${timer.interrupting}"><bpmn:timerEventDefinition><bpmn:timeDuration>${timer.duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  ${flow('f-late', 'late', 'check')}
  <bpmn:scriptTask id="check"><bpmn:extensionElements><zeebe:script expression="=assert(fix, fix != null)" resultVariable="checked"/></bpmn:extensionElements></bpmn:scriptTask>
  ${flow('f-check', 'check', 'late-end')}
  <bpmn:endEvent id="late-end"/>`
      : ''
  }
  ${flow('f2', 'call', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

for (const [dbName, open] of eachDb) {
  describe(`embedded call activities on ${dbName}`, () => {
    let dbs: TestDbs;
    let engine: EmbeddedEngine;
    before(async () => {
      dbs = await open();
      engine = engineOn(dbs);
    });
    after(async () => {
      await engine.close();
      await dbs.cleanup();
    });

    const childOf = (parentKey: string) =>
      until('the child instance', async () => {
        const rows = await dbs.tenant.query(`SELECT instance_key FROM engine_instances WHERE parent_instance_key = '${parentKey}'`);
        return (rows[0] as { instance_key: string }[])[0]?.instance_key;
      });

    test("given the called process deployed group-wide and later for the tenant, when called, then the group's version runs first and the tenant's own afterwards", async () => {
      await engine.deploy(GROUP_TENANT, [{ name: 'shared.bpmn', content: child('ca-shared', 'group') }]);
      await engine.deploy('A', [{ name: 'caller.bpmn', content: caller('ca-caller', 'ca-shared') }]);
      const first = await engine.startInstance({ tenantId: 'A', processId: 'ca-caller' });
      const firstChild = await childOf(first.instanceKey);
      assert.equal((await engine.getInstance('A', firstChild))?.variables.origin, 'group');
      await engine.deploy('A', [{ name: 'shared.bpmn', content: child('ca-shared', 'tenant') }]);
      const second = await engine.startInstance({ tenantId: 'A', processId: 'ca-caller' });
      const secondChild = await childOf(second.instanceKey);
      assert.equal((await engine.getInstance('A', secondChild))?.variables.origin, 'tenant');
      for (const [parent, c] of [
        [first.instanceKey, firstChild],
        [second.instanceKey, secondChild],
      ]) {
        const [task] = await engine.searchUserTasks({ tenantId: 'A', instanceKey: c, state: 'created' });
        await engine.completeUserTask('A', task.taskKey);
        assert.equal((await engine.getInstance('A', parent))?.state, 'completed', 'the parent resumed in the same transaction');
      }
    });

    test("given a called process that does nothing (start → end, as the pass-through extension point), when the parent calls it, then the call completes in the parent's run with the output mapped and no child instance is stored", async () => {
      const nothing = bpmn(
        `<bpmn:process id="ca-nothing" isExecutable="true"><bpmn:startEvent id="start"/>${flow('f1', 'start', 'end')}<bpmn:endEvent id="end"/></bpmn:process>`,
      );
      const mapped = bpmn(`<bpmn:process id="ca-caller-nothing" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'call')}
  <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="=&quot;ca-nothing&quot;" propagateAllChildVariables="false"/><zeebe:ioMapping><zeebe:input source="=x + 1" target="x"/><zeebe:output source="=x * 10" target="fromChild"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:callActivity>
  ${flow('f2', 'call', 'wait')}
  ${userTask('wait')}
  ${flow('f3', 'wait', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);
      await engine.deploy(GROUP_TENANT, [{ name: 'nothing.bpmn', content: nothing }]);
      await engine.deploy('A', [{ name: 'caller-nothing.bpmn', content: mapped }]);
      const ref = await engine.startInstance({ tenantId: 'A', processId: 'ca-caller-nothing', variables: { x: 1 } });
      // then the parent is already past the call, with the child's x (the input, 2) mapped out
      const [task] = await engine.searchUserTasks({ tenantId: 'A', instanceKey: ref.instanceKey, state: 'created' });
      assert.equal(task?.elementId, 'wait');
      const info = await engine.getInstance('A', ref.instanceKey);
      assert.equal(info?.variables.fromChild, 20);
      assert.equal(info?.variables.x, 1);
      const rows = await dbs.tenant.query(`SELECT instance_key FROM engine_instances WHERE parent_instance_key = '${ref.instanceKey}'`);
      assert.equal((rows[0] as unknown[]).length, 0);
      // and a called process that does something still runs as a child instance
      await engine.deploy('A', [
        { name: 'c-some.bpmn', content: child('ca-something', 'some') },
        { name: 'p-some.bpmn', content: caller('ca-caller-some', 'ca-something') },
      ]);
      const other = await engine.startInstance({ tenantId: 'A', processId: 'ca-caller-some' });
      assert.ok(await childOf(other.instanceKey));
    });

    test('given a called process that is not deployed, when the parent calls it, then an incident is raised; after deploying it, resolving starts the child and the parent finishes', async () => {
      await engine.deploy('A', [{ name: 'caller2.bpmn', content: caller('ca-caller-missing', 'ca-missing') }]);
      const ref = await engine.startInstance({ tenantId: 'A', processId: 'ca-caller-missing' });
      const [incident] = await engine.listIncidents('A', { instanceKey: ref.instanceKey, state: 'active' });
      assert.equal(incident.errorType, 'CALLED_ELEMENT_ERROR');
      assert.equal(incident.elementId, 'call');
      await engine.deploy('A', [{ name: 'missing.bpmn', content: child('ca-missing', 'late') }]);
      await engine.resolveIncident('A', incident.incidentKey);
      const c = await childOf(ref.instanceKey);
      const [task] = await engine.searchUserTasks({ tenantId: 'A', instanceKey: c, state: 'created' });
      await engine.completeUserTask('A', task.taskKey);
      const done = await engine.getInstance('A', ref.instanceKey);
      assert.equal(done?.state, 'completed');
      assert.equal(done?.variables.origin, 'late');
    });

    test('given a parent in an incident when its child finishes, when the incident is resolved, then the finished child is delivered and the parent completes', async () => {
      await engine.deploy('A', [
        { name: 'c3.bpmn', content: child('ca-child3', 'three') },
        { name: 'p3.bpmn', content: caller('ca-caller3', 'ca-child3', { duration: 'PT0.2S', interrupting: false }) },
      ]);
      const ref = await engine.startInstance({ tenantId: 'A', processId: 'ca-caller3' });
      const c = await childOf(ref.instanceKey);
      const [incident] = await until('the incident of the timer path', async () => {
        const list = await engine.listIncidents('A', { instanceKey: ref.instanceKey, state: 'active' });
        return list.length ? list : undefined;
      });
      assert.equal(incident.elementId, 'check');
      const [task] = await engine.searchUserTasks({ tenantId: 'A', instanceKey: c, state: 'created' });
      await engine.completeUserTask('A', task.taskKey);
      assert.equal((await engine.getInstance('A', c))?.state, 'completed');
      assert.equal((await engine.getInstance('A', ref.instanceKey))?.state, 'incident', 'the child waits to be delivered');
      await engine.resolveIncident('A', incident.incidentKey, { variables: { fix: 1 } });
      const done = await until('the parent completed', async () => {
        const i = await engine.getInstance('A', ref.instanceKey);
        return i?.state === 'completed' ? i : undefined;
      });
      assert.equal(done.variables.origin, 'three');
      assert.equal(done.variables.checked, 1);
    });

    test('given an interrupting boundary timer on a call activity, when it fires, then the child instance is terminated', async () => {
      await engine.deploy('A', [
        { name: 'c4.bpmn', content: child('ca-child4', 'four') },
        { name: 'p4.bpmn', content: caller('ca-caller4', 'ca-child4', { duration: 'PT0.2S', interrupting: true }) },
      ]);
      const ref = await engine.startInstance({ tenantId: 'A', processId: 'ca-caller4', variables: { fix: 1 } });
      const c = await childOf(ref.instanceKey);
      await until('the parent completed', async () => (await engine.getInstance('A', ref.instanceKey))?.state === 'completed');
      await until('the child terminated', async () => (await engine.getInstance('A', c))?.state === 'terminated');
      const [task] = await engine.searchUserTasks({ tenantId: 'A', instanceKey: c });
      assert.equal(task.state, 'canceled');
    });

    test('given a parent waiting at a call activity whose child was never started (a crash between two transactions), when an engine starts, then it starts the child', async () => {
      await engine.deploy('A', [
        { name: 'c5.bpmn', content: child('ca-child5', 'five') },
        { name: 'p5.bpmn', content: caller('ca-caller5', 'ca-child5') },
      ]);
      const ref = await engine.startInstance({ tenantId: 'A', processId: 'ca-caller5' });
      const lost = await childOf(ref.instanceKey);
      await dbs.tenant.query(`DELETE FROM engine_user_tasks WHERE instance_key = '${lost}'`);
      await dbs.tenant.query(`DELETE FROM engine_instances WHERE instance_key = '${lost}'`);
      const restarted = engineOn(dbs);
      try {
        const c = await childOf(ref.instanceKey);
        assert.equal(c, lost, 'the child gets the key of the call wait');
        const [task] = await until('the child task', async () => {
          const list = await restarted.searchUserTasks({ tenantId: 'A', instanceKey: c, state: 'created' });
          return list.length ? list : undefined;
        });
        await restarted.completeUserTask('A', task.taskKey);
        assert.equal((await restarted.getInstance('A', ref.instanceKey))?.state, 'completed');
      } finally {
        await restarted.close();
      }
    });
  });
}
