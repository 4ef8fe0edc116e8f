/**
 * Hot instances (decision 0017): an engine keeps the instances it ran loaded between actions. These
 * tests would fail if a copy made stale by another engine process on the same database were acted
 * on, if an evicted or idle-unloaded instance lost state, or if a kept instance skipped a timer that
 * a restore would fire first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bpmn, userTaskModel } from '../../../testing/models.js';
import type { EmbeddedEngine } from '../embedded-engine.js';
import { eachDb, engineOn, type TestDbs } from './db-harness.js';

const msg = (n: number) =>
  `<bpmn:message id="msg${n}" name="hot-m${n}"><bpmn:extensionElements><zeebe:subscription correlationKey="=ref"/></bpmn:extensionElements></bpmn:message>`;

/** start → catch hot-m1 → hot-m2 → hot-m3 → hot-m4 → end (correlated by `ref`). */
const messageChain = bpmn(`${[1, 2, 3, 4].map(msg).join('\n')}
<bpmn:process id="hot-chain" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="m1"/>
  ${[1, 2, 3, 4]
    .map(
      (n) =>
        `<bpmn:intermediateCatchEvent id="m${n}"><bpmn:messageEventDefinition messageRef="msg${n}"/></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f${n}" sourceRef="m${n}" targetRef="${n < 4 ? `m${n + 1}` : 'end'}"/>`,
    )
    .join('\n  ')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** start → catch hot-go → gateway on `route`: "a" ends at once, "b" waits for hot-then. */
const routeModel =
  bpmn(`<bpmn:message id="go" name="hot-go"><bpmn:extensionElements><zeebe:subscription correlationKey="=ref"/></bpmn:extensionElements></bpmn:message>
<bpmn:message id="then" name="hot-then"><bpmn:extensionElements><zeebe:subscription correlationKey="=ref"/></bpmn:extensionElements></bpmn:message>
<bpmn:process id="hot-route" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="go-wait"/>
  <bpmn:intermediateCatchEvent id="go-wait"><bpmn:messageEventDefinition messageRef="go"/></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="go-wait" targetRef="gw"/>
  <bpmn:exclusiveGateway id="gw"/>
  <bpmn:sequenceFlow id="to-a" sourceRef="gw" targetRef="end-a"><bpmn:conditionExpression>=route = "a"</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="to-b" sourceRef="gw" targetRef="then-wait"><bpmn:conditionExpression>=route = "b"</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:endEvent id="end-a"/>
  <bpmn:intermediateCatchEvent id="then-wait"><bpmn:messageEventDefinition messageRef="then"/></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="then-wait" targetRef="end-b"/>
  <bpmn:endEvent id="end-b"/>
</bpmn:process>`);

/** start → four user tasks in a row, each counting itself through an output mapping → end. */
const taskChain = bpmn(`<bpmn:process id="hot-tasks" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="s1"/>
  ${[1, 2, 3, 4]
    .map(
      (n) =>
        `<bpmn:userTask id="s${n}" name="第${n}步"><bpmn:extensionElements><zeebe:userTask/><zeebe:ioMapping><zeebe:output source="=count + 1" target="count"/><zeebe:output source="=by" target="by${n}"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:userTask>
  <bpmn:sequenceFlow id="f${n}" sourceRef="s${n}" targetRef="${n < 4 ? `s${n + 1}` : 'end'}"/>`,
    )
    .join('\n  ')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

async function openTask(engine: EmbeddedEngine, instanceKey: string, elementId: string) {
  const tasks = await engine.searchUserTasks({ tenantId: 'A', instanceKey, state: 'created' });
  const task = tasks.find((t) => t.elementId === elementId);
  assert.ok(task, `task ${elementId} is open (open: ${tasks.map((t) => t.elementId).join(', ')})`);
  return task;
}

for (const [dbName, open] of eachDb) {
  describe(`embedded hot instances on ${dbName}`, () => {
    let dbs: TestDbs;
    let a: EmbeddedEngine;
    let b: EmbeddedEngine;
    before(async () => {
      dbs = await open();
      a = engineOn(dbs, { scheduleTimers: false });
      await a.db('A');
      await a.group();
      b = engineOn(dbs, { scheduleTimers: false });
      await a.deploy('A', [
        { name: 'chain.bpmn', content: messageChain },
        { name: 'route.bpmn', content: routeModel },
        { name: 'tasks.bpmn', content: taskChain },
        { name: 'timed.bpmn', content: userTaskModel('hot-timed', 'PT0.3S') },
      ]);
    });
    after(async () => {
      await a.close();
      await b.close();
      await dbs.cleanup();
    });

    test('given two engines on one database, when they alternately correlate the messages of one instance, then every step lands once on the current state although each engine still holds its older copy', async () => {
      // given: engine A started the instance (A keeps it loaded)
      const ref = await a.startInstance({ tenantId: 'A', processId: 'hot-chain', variables: { ref: 'C-1' } });
      assert.ok(a.hot.loaded >= 1, 'A keeps the instance loaded');
      // when: A, B, A, B each correlate the next message
      const engines = [a, b, a, b];
      for (let n = 1; n <= 4; n++) {
        const sent = await engines[n - 1].publishMessage({
          tenantId: 'A',
          name: `hot-m${n}`,
          correlationKey: 'C-1',
          variables: { [`m${n}`]: n % 2 ? 'A' : 'B' },
        });
        // then: each is correlated (a stale copy waits for an earlier message and would refuse it)
        assert.equal(sent.correlated, true, `hot-m${n} correlated`);
      }
      const done = await a.getInstance('A', ref.instanceKey);
      assert.equal(done?.state, 'completed');
      assert.deepEqual(
        { m1: done?.variables.m1, m2: done?.variables.m2, m3: done?.variables.m3, m4: done?.variables.m4 },
        { m1: 'A', m2: 'B', m3: 'A', m4: 'B' },
      );
    });

    test('given engine A holds an instance loaded, when engine B changes its variables and A then correlates the message, then A acts on the stored state (route b), not on its copy (route a)', async () => {
      // given: A started it with route "a" and keeps it loaded at that state
      const ref = await a.startInstance({ tenantId: 'A', processId: 'hot-route', variables: { ref: 'R-1', route: 'a' } });
      const hitsBefore = a.hot.stats.hits;
      // when: B changes the route, then A gets the message
      await b.setVariables('A', ref.instanceKey, { route: 'b' });
      const sent = await a.publishMessage({ tenantId: 'A', name: 'hot-go', correlationKey: 'R-1' });
      // then: the copy was tried, its write found the row changed, and the stored state was run instead
      assert.equal(sent.correlated, true);
      assert.ok(a.hot.stats.hits > hitsBefore, 'A tried its loaded copy first');
      const info = await a.getInstance('A', ref.instanceKey);
      assert.equal(info?.state, 'active', 'route b waits for hot-then; the stale copy would have ended at end-a');
      assert.deepEqual(info?.activeElementIds, ['then-wait']);
      assert.equal(info?.variables.route, 'b');
      // and: the instance goes on from there, in either engine
      assert.equal((await b.publishMessage({ tenantId: 'A', name: 'hot-then', correlationKey: 'R-1' })).correlated, true);
      assert.equal((await a.getInstance('A', ref.instanceKey))?.state, 'completed');
    });

    test('given two engines on one database, when they alternately complete the user tasks of one instance, then each output mapping counts once and every task completes once', async () => {
      const ref = await a.startInstance({ tenantId: 'A', processId: 'hot-tasks', variables: { count: 0 } });
      const engines = [a, b, a, b];
      for (let n = 1; n <= 4; n++) {
        const engine = engines[n - 1];
        const task = await openTask(engine, ref.instanceKey, `s${n}`);
        await engine.completeUserTask('A', task.taskKey, { by: n % 2 ? 'A' : 'B' });
      }
      const done = await a.getInstance('A', ref.instanceKey);
      assert.equal(done?.state, 'completed');
      assert.deepEqual(
        [done?.variables.count, done?.variables.by1, done?.variables.by2, done?.variables.by3, done?.variables.by4],
        [4, 'A', 'B', 'A', 'B'],
      );
      const completed = await a.searchUserTasks({ tenantId: 'A', instanceKey: ref.instanceKey, state: 'completed' });
      assert.deepEqual(completed.map((t) => t.elementId).sort(), ['s1', 's2', 's3', 's4']);
    });

    test('given one engine completing the tasks of an instance it keeps loaded and changing its variables, when it goes on, then it continues the loaded copy instead of restoring it and nothing is lost', async () => {
      const ref = await a.startInstance({ tenantId: 'A', processId: 'hot-tasks', variables: { count: 0 } });
      const hitsBefore = a.hot.stats.hits;
      for (let n = 1; n <= 4; n++) {
        const task = await openTask(a, ref.instanceKey, `s${n}`);
        await a.completeUserTask('A', task.taskKey, { by: 'A' });
        // the engine's own variable change keeps the loaded copy (at the new rev) instead of dropping it
        if (n === 2) await a.setVariables('A', ref.instanceKey, { extra: 5 });
      }
      assert.equal(a.hot.stats.hits - hitsBefore, 5, 'four actions and the variable change, each on the loaded copy');
      const done = await a.getInstance('A', ref.instanceKey);
      assert.deepEqual([done?.state, done?.variables.count, done?.variables.extra], ['completed', 4, 5]);
      assert.equal(a.hot.take('A', ref.instanceKey), undefined, 'an ended instance is not kept');
    });

    test('given a loaded instance whose boundary timer fell due unseen (no scheduler), when its task is completed, then the timer wins as it would after a restore', async () => {
      const ref = await a.startInstance({
        tenantId: 'A',
        processId: 'hot-timed',
        variables: { owner: 'li', team: 't', urgent: false, amount: 1 },
      });
      const task = await openTask(a, ref.instanceKey, 'review');
      await new Promise((r) => setTimeout(r, 450));
      // then: as after a restore, the due timer fires first and the completion is refused (the loaded
      // copy, had it skipped the timer, would have taken the completion and ended at "approved")
      await assert.rejects(a.completeUserTask('A', task.taskKey, { approved: true }), /not active/);
      assert.equal((await a.getInstance('A', ref.instanceKey))?.variables.approved, undefined, 'the completion was not applied');
      // and: the timer row, fired by a scheduler, ends it at "expired"
      const timers = engineOn(dbs, { timerPollMs: 50 });
      try {
        const end = Date.now() + 8000;
        let info = await a.getInstance('A', ref.instanceKey);
        while (info?.state !== 'completed' && Date.now() < end) {
          await new Promise((r) => setTimeout(r, 50));
          info = await a.getInstance('A', ref.instanceKey);
        }
        assert.equal(info?.state, 'completed');
        assert.equal(info?.variables.approved, undefined);
        const tasks = await a.searchUserTasks({ tenantId: 'A', instanceKey: ref.instanceKey });
        assert.deepEqual(
          tasks.map((t) => t.state),
          ['canceled'],
        );
      } finally {
        await timers.close();
      }
    });

    test('given an engine that keeps at most two instances loaded, when six instances take turns, then eviction loses nothing', async () => {
      const small = engineOn(dbs, { scheduleTimers: false, hotInstances: { maxInstances: 2 } });
      try {
        const refs = [];
        for (let i = 0; i < 6; i++) {
          refs.push(await small.startInstance({ tenantId: 'A', processId: 'hot-chain', variables: { ref: `E-${i}`, i } }));
        }
        for (let n = 1; n <= 4; n++) {
          for (let i = 0; i < 6; i++) {
            const sent = await small.publishMessage({
              tenantId: 'A',
              name: `hot-m${n}`,
              correlationKey: `E-${i}`,
              variables: { [`m${n}`]: i * 10 + n },
            });
            assert.equal(sent.correlated, true);
            assert.ok(small.hot.loaded <= 2, `at most two loaded (${small.hot.loaded})`);
          }
        }
        assert.ok(small.hot.stats.evicted > 0, 'instances were evicted');
        for (const [i, ref] of refs.entries()) {
          const info = await small.getInstance('A', ref.instanceKey);
          assert.equal(info?.state, 'completed');
          assert.deepEqual([info?.variables.i, info?.variables.m1, info?.variables.m4], [i, i * 10 + 1, i * 10 + 4]);
        }
      } finally {
        await small.close();
      }
    });

    test('given an engine whose loaded instances may take 1 MB of heap (one small instance), when three instances take turns, then one stays loaded at a time and nothing is lost', async () => {
      const tight = engineOn(dbs, { scheduleTimers: false, hotInstances: { maxMb: 1 } });
      try {
        const refs = [];
        for (let i = 0; i < 3; i++)
          refs.push(await tight.startInstance({ tenantId: 'A', processId: 'hot-chain', variables: { ref: `M-${i}` } }));
        for (let n = 1; n <= 4; n++) {
          for (let i = 0; i < 3; i++) {
            assert.equal(
              (await tight.publishMessage({ tenantId: 'A', name: `hot-m${n}`, correlationKey: `M-${i}`, variables: { [`m${n}`]: i } }))
                .correlated,
              true,
            );
            assert.ok(
              tight.hot.loaded <= 1 && tight.hot.estimatedMb <= 1,
              `within 1 MB (${tight.hot.loaded} loaded, ${tight.hot.estimatedMb} MB)`,
            );
          }
        }
        for (const [i, ref] of refs.entries()) {
          const info = await tight.getInstance('A', ref.instanceKey);
          assert.deepEqual([info?.state, info?.variables.m1, info?.variables.m4], ['completed', i, i]);
        }
      } finally {
        await tight.close();
      }
    });

    test('given an engine whose loaded instances are unloaded after 50 ms idle, when an instance goes on later, then it is restored with everything it had', async () => {
      const idle = engineOn(dbs, { scheduleTimers: false, hotInstances: { idleMs: 50 } });
      try {
        const ref = await idle.startInstance({ tenantId: 'A', processId: 'hot-tasks', variables: { count: 0 } });
        await idle.completeUserTask('A', (await openTask(idle, ref.instanceKey, 's1')).taskKey, { by: 'x' });
        assert.equal(idle.hot.loaded, 1);
        await new Promise((r) => setTimeout(r, 120));
        idle.hot.sweep();
        assert.equal(idle.hot.loaded, 0, 'unloaded when idle');
        for (let n = 2; n <= 4; n++) {
          await idle.completeUserTask('A', (await openTask(idle, ref.instanceKey, `s${n}`)).taskKey, { by: 'y' });
        }
        const done = await idle.getInstance('A', ref.instanceKey);
        assert.deepEqual([done?.state, done?.variables.count, done?.variables.by1, done?.variables.by4], ['completed', 4, 'x', 'y']);
      } finally {
        await idle.close();
      }
    });

    test('given the cache turned off (maxInstances 0), when an instance runs to its end, then no copy is kept and every step restores', async () => {
      const off = engineOn(dbs, { scheduleTimers: false, hotInstances: { maxInstances: 0 } });
      try {
        const ref = await off.startInstance({ tenantId: 'A', processId: 'hot-tasks', variables: { count: 0 } });
        for (let n = 1; n <= 4; n++) {
          await off.completeUserTask('A', (await openTask(off, ref.instanceKey, `s${n}`)).taskKey, { by: 'z' });
          assert.equal(off.hot.loaded, 0);
        }
        assert.equal(off.hot.stats.hits, 0);
        assert.deepEqual([(await off.getInstance('A', ref.instanceKey))?.variables.count], [4]);
      } finally {
        await off.close();
      }
    });
  });
}
