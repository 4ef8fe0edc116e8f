import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkEmbeddedSupport, parseBpmn, validateDeployment } from '../index.js';
import { assertProblem, fixture, fixtureNames, rejection } from './fixture-files.js';

type Expect = [elementId: string, zh: RegExp, en: RegExp];

/** One fixture per refused construct: the element ids and reasons the gate must name. */
const REFUSED: Record<string, Expect[]> = {
  'inclusive-gateway-join': [['Join', /包容网关汇聚/, /inclusive gateway joins/]],
  'event-subprocess-timer': [['EventSub', /定时器触发的事件子流程/, /timer-triggered event subprocesses/]],
  'event-subprocess-message': [['EventSub', /消息触发的事件子流程/, /message-triggered event subprocesses/]],
  'event-subprocess-error': [['EventSub', /错误触发的事件子流程/, /error-triggered event subprocesses/]],
  'event-subprocess-escalation': [['EventSub', /升级触发的事件子流程/, /escalation-triggered event subprocesses/]],
  'event-subprocess-signal-nested': [['EventSub', /信号触发的事件子流程.*不会激活/, /signal-triggered event subprocesses.*does not arm/]],
  'business-rule-dmn': [['Decide', /DMN/, /zeebe:calledDecision/]],
  'script-javascript': [['Script', /javascript 脚本，不予执行/, /javascript script, which is never run/]],
  'script-inline-body': [['Script', /包含脚本，不予执行/, /inline script, which is never run/]],
  'script-task-without-implementation': [['Script', /缺少作业类型.*zeebe:script/, /no job type.*zeebe:script/]],
  'complex-gateway': [['Complex', /复杂网关/, /complex gateways/]],
  compensation: [
    ['Book_compensation', /补偿事件/, /compensation events/],
    ['Undo', /补偿处理活动/, /compensation handlers/],
  ],
  transaction: [['Tx', /事务子流程/, /transaction subprocesses/]],
  'ad-hoc-subprocess': [['AdHoc', /自由子流程/, /ad-hoc subprocesses/]],
  'link-events': [
    ['LinkThrow', /链接事件/, /link events/],
    ['LinkCatch', /链接事件/, /link events/],
  ],
  'conditional-event': [['Cond', /条件事件/, /conditional events/]],
  'job-task-without-type': [
    ['Service', /服务任务缺少作业类型/, /service task has no job type/],
    ['Send', /发送任务缺少作业类型/, /send task has no job type/],
    ['Rule', /业务规则任务缺少作业类型/, /business rule task has no job type/],
    ['End', /结束事件缺少作业类型/, /end event has no job type/],
  ],
  'user-task-job-worker': [['Approve', /zeebe:userTask/, /add|zeebe:userTask/]],
  'call-activity-without-process-id': [
    ['Call', /被调用流程 ID/, /no called process id/],
    ['CallEmpty', /被调用流程 ID/, /no called process id/],
  ],
  'call-activity-binding-deployment': [['Call', /bindingType=latest/, /bindingType "latest"/]],
  'message-catch-without-name': [
    ['Wait', /有名称的消息/, /message with a name/],
    ['Receive', /有名称的消息/, /message with a name/],
  ],
  'message-catch-without-correlation-key': [
    ['Wait', /缺少关联键/, /no correlation key/],
    ['Receive', /缺少关联键/, /no correlation key/],
    ['Receive_cancel', /缺少关联键/, /no correlation key/],
  ],
  'feel-syntax-errors': [
    ['Flow_condition', /连线条件的 FEEL 表达式无法解析/, /sequence-flow condition is not a valid FEEL expression/],
    ['Service', /输入映射 1（x）的 FEEL 表达式无法解析/, /input mapping 1 \(x\) is not a valid FEEL/],
    ['Assign', /处理人的 FEEL 表达式无法解析/, /assignee is not a valid FEEL/],
    ['Timer', /定时器的 FEEL 表达式无法解析/, /timer is not a valid FEEL/],
    ['Call', /被调用流程 ID的 FEEL 表达式无法解析/, /called process id is not a valid FEEL/],
    ['Loop', /多实例输入集合的 FEEL 表达式无法解析/, /input collection is not a valid FEEL/],
    ['Script', /脚本表达式的 FEEL 表达式无法解析/, /script expression is not a valid FEEL/],
    ['Receive', /消息关联键的 FEEL 表达式无法解析/, /correlation key is not a valid FEEL/],
  ],
  'timer-invalid-values': [
    ['BadDuration', /不是 ISO 8601 时长/, /not an ISO 8601 duration/],
    ['BadDate', /不是带时区的 ISO 8601 日期时间/, /not an ISO 8601 date-time/],
    ['BadCycle', /既不是 ISO 8601 重复间隔/, /neither an ISO 8601 repeating interval/],
    ['BadCron', /六段 cron/, /six-field cron/],
  ],
  'javascript-expressions': [
    ['Flow_dollar', /\$\{…\} 表达式/, /\$\{…\} expression/],
    ['Flow_script', /脚本语言「javascript」/, /script language "javascript"/],
    ['Work', /Camunda 7 扩展属性 camunda:class/, /Camunda 7 extension attribute camunda:class/],
    ['Listen', /Camunda 7 扩展元素/, /Camunda 7 extension element/],
  ],
  'static-condition': [['Flow_static', /必须是以 = 开头的 FEEL 表达式/, /must be a FEEL expression starting with "="/]],
  'standard-loop': [['Repeat', /标准循环/, /standard loops/]],
  'multi-instance-without-collection': [['Many', /输入集合/, /no input collection/]],
  listeners: [
    ['Work', /执行监听器/, /execution listeners/],
    ['Review', /任务监听器/, /task listeners/],
  ],
  'multiple-event-definitions': [['Either', /多重事件/, /multiple event definitions/]],
  'subprocess-typed-start': [['Sub_start', /空开始事件/, /none start event/]],
  'start-event-timer-duration': [['Later', /定时器开始事件只能使用日期.*周期/, /timer start event takes a date .* or a cycle/]],
};

describe('embedded deploy gate: refused constructs', () => {
  test('given the refused fixtures, then each one has expectations (and each expectation a fixture)', () => {
    assert.deepEqual(fixtureNames('refused'), Object.keys(REFUSED).sort());
  });

  for (const [name, expects] of Object.entries(REFUSED)) {
    test(`given ${name}.bpmn, when gated, then it is refused naming ${expects.map((e) => e[0]).join(', ')} in Chinese and English`, async () => {
      const model = await parseBpmn(fixture('refused', name));
      const problems = checkEmbeddedSupport(model);
      for (const [id, zh, en] of expects) assertProblem(problems, id, zh, en);
      for (const p of problems) assert.match(p.reason, /[\u4e00-\u9fa5]/);

      const viaDeploy = await rejection(() => validateDeployment(fixture('refused', name)));
      for (const [id, zh, en] of expects) assertProblem(viaDeploy, id, zh, en);
    });
  }
});

describe('embedded deploy gate: accepted models', () => {
  for (const name of fixtureNames('accepted')) {
    test(`given ${name}.bpmn, when gated and linted for Camunda 8.8, then nothing is refused`, async () => {
      const model = await parseBpmn(fixture('accepted', name));
      assert.deepEqual(checkEmbeddedSupport(model), []);
      const validated = await validateDeployment(fixture('accepted', name));
      assert.equal(validated.processes[0].id, name);
    });
  }

  test('given an inclusive gateway that only forks, when gated, then it is accepted', async () => {
    const model = await parseBpmn(fixture('accepted', 'full-ticket'));
    const split = model.processes[0].elements.find((e) => e.id === 'Split')!;
    assert.equal(split.$type, 'bpmn:InclusiveGateway');
    assert.equal(split.incoming.length, 1);
    assert.deepEqual(checkEmbeddedSupport(model), []);
  });

  test('given a model refused only by the embedded gate, when validated for the Zeebe driver, then it passes', async () => {
    const model = await validateDeployment(fixture('refused', 'inclusive-gateway-join'), { embedded: false });
    assert.equal(model.processes[0].id, 'inclusive-gateway-join');
  });
});
