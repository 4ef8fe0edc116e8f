import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { TicketScenario } from './ticket-scenario.js';

/** A subsidiary process at the beforeHandle extension point: a safety check step only A runs. */
const safetyCheck = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="ext-a" targetNamespace="https://warmline.cn/bpmn">
  <bpmn:process id="wl-ext-before-handle" name="A 分公司处理前安全检查" isExecutable="true">
    <bpmn:startEvent id="s" name="开始" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="check" />
    <bpmn:scriptTask id="check" name="登记安全检查">
      <bpmn:extensionElements><zeebe:script expression="=&quot;燃气与电气安全已检查&quot;" resultVariable="safetyCheck" /></bpmn:extensionElements>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="e" />
    <bpmn:endEvent id="e" name="结束" />
  </bpmn:process>
</bpmn:definitions>
`;

describeEachDb('subsidiary extension scenarios', (ctx) => {
  let world: World;

  before(async () => {
    world = await buildWorld(ctx.server, 'tx');
  });

  const toHandle = async (t: TicketScenario) => {
    await t.start();
    await t.dispatch();
    await t.assign();
    await t.accept();
    await t.task('handle');
    return t;
  };

  it('A’s extension step runs inside A’s tickets and not in B’s', async () => {
    // given subsidiary A deployed its own beforeHandle extension process
    const form = new FormData();
    form.append('file', new Blob([safetyCheck], { type: 'application/xml' }), 'wl-ext-before-handle.bpmn');
    const deployed = await world.a.as.subsidiary_admin.request('POST', '/api/process-definitions', form);
    assert.equal(deployed.status, 201, JSON.stringify(deployed.body));
    // when a ticket of A and a ticket of B reach handling
    const a = await toHandle(new TicketScenario(ctx.server, world, world.a));
    const b = await toHandle(new TicketScenario(ctx.server, world, world.b));
    // then A's ticket ran the safety check and B's went through the pass-through
    const av = await a.vars();
    assert.equal(av.safetyCheck, '燃气与电气安全已检查');
    assert.deepEqual(av.extensions, { beforeHandle: 'wl-ext-before-handle' });
    const bv = await b.vars();
    assert.equal(bv.safetyCheck, undefined);
    assert.deepEqual(bv.extensions, {});
  });

  it('a ticket of a subsidiary without extensions runs every extension point as a pass-through', async () => {
    // given subsidiary B with no extension processes
    const t = await toHandle(new TicketScenario(ctx.server, world, world.b));
    // when the ticket finishes
    await t.handleResolved();
    await t.callback('satisfied');
    // then it closed normally through all three extension points
    assert.equal((await t.ended()).variables.ticketStatus, 'closed');
  });
});
