import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bpmn, scriptModel, simpleJobModel } from '../../../testing/models.js';
import type { EmbeddedEngine } from '../embedded-engine.js';
import { eachDb, engineOn, type TestDbs } from './db-harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An inclusive-gateway join: the embedded driver would run the downstream path twice. */
const inclusiveJoin = bpmn(`<bpmn:process id="g-inclusive" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="split"/>
  <bpmn:inclusiveGateway id="split"/>
  <bpmn:sequenceFlow id="a" sourceRef="split" targetRef="join"><bpmn:conditionExpression>=true</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="b" sourceRef="split" targetRef="join"><bpmn:conditionExpression>=true</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:inclusiveGateway id="join"/>
  <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="end"/>
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A sequence-flow condition in JavaScript (bpmn-engine's default would run it in node:vm). */
const jsCondition = bpmn(`<bpmn:process id="g-js-condition" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
  <bpmn:exclusiveGateway id="gw"/>
  <bpmn:sequenceFlow id="js" sourceRef="gw" targetRef="end"><bpmn:conditionExpression language="javascript">globalThis.__pwnedCondition = true; next(null, true)</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

for (const [dbName, open] of eachDb) {
  describe(`embedded deploy gate on ${dbName}`, () => {
    let dbs: TestDbs;
    let engine: EmbeddedEngine;
    let unsafe: EmbeddedEngine;
    before(async () => {
      dbs = await open();
      engine = engineOn(dbs);
      await engine.db('A'); // the tables exist before the second engine looks for them
      await engine.group();
      unsafe = engineOn(dbs, { unsafeSkipDeployGateForTests: true, scheduleTimers: false });
    });
    after(async () => {
      await engine.close();
      await unsafe.close();
      await dbs.cleanup();
    });

    test('given a file with a valid process and one with an inclusive-gateway join, when deployed together, then both are refused with the gateway id and nothing is stored', async () => {
      await assert.rejects(
        engine.deploy('A', [
          { name: 'ok.bpmn', content: simpleJobModel('g-ok') },
          { name: 'join.bpmn', content: inclusiveJoin },
        ]),
        (err: Error & { problems?: { elementId: string; reason: string; reasonEn: string }[] }) => {
          assert.equal(err.name, 'ModelRejectedError');
          const p = err.problems?.find((x) => x.elementId === 'join');
          assert.ok(p, JSON.stringify(err.problems));
          assert.match(p.reasonEn, /inclusive gateway join/);
          assert.match(p.reason, /包容网关/);
          return true;
        },
      );
      assert.equal(await engine.definitions.latest('A', 'g-ok'), undefined);
      assert.equal(await engine.definitions.latest('A', 'g-inclusive'), undefined);
    });

    test('given the gate bypassed (internal test option), when a JavaScript script task runs, then the script never runs and an incident is raised', async () => {
      await unsafe.deploy('A', [{ name: 'js.bpmn', content: scriptModel('g-js-script', true) }]);
      const ref = await unsafe.startInstance({ tenantId: 'A', processId: 'g-js-script' });
      await sleep(50);
      assert.equal((globalThis as { __pwned?: boolean }).__pwned, undefined);
      const inst = await unsafe.getInstance('A', ref.instanceKey);
      assert.equal(inst?.state, 'incident');
      const [incident] = await unsafe.listIncidents('A', { instanceKey: ref.instanceKey });
      assert.equal(incident.elementId, 'calc');
    });

    test('given the gate bypassed, when a JavaScript sequence-flow condition is reached, then it never runs and an incident is raised', async () => {
      await unsafe.deploy('A', [{ name: 'jsc.bpmn', content: jsCondition }]);
      const ref = await unsafe.startInstance({ tenantId: 'A', processId: 'g-js-condition' });
      await sleep(50);
      assert.equal((globalThis as { __pwnedCondition?: boolean }).__pwnedCondition, undefined);
      assert.equal((await unsafe.getInstance('A', ref.instanceKey))?.state, 'incident');
    });
  });
}
