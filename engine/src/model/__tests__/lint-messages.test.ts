import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { lintForZeebe, parseBpmn, validateDeployment } from '../index.js';
import { lintReasonZh } from '../lint-messages.js';
import { typeZh } from '../lint-names.js';
import { messageZh } from '../lint-patterns.js';
import { fixture, rejection } from './fixture-files.js';
import { LINT_CASES } from './lint-cases.js';

const require = createRequire(import.meta.url);

/**
 * The ASCII words left in a Chinese lint text once the allowed ones are taken out: the rule id after
 * "规则", "Camunda <version>", "FEEL", values the user typed (between “ and ”) and the identifiers
 * a user writes in AI tool expressions.
 */
function asciiWords(text: string): string[] {
  const rest = text
    .replace(/规则 [a-z-]+/g, '')
    .replace(/Camunda \d+(\.\d+)*/g, '')
    .replace(/“[^”]*”/g, '')
    .replace(/\b(FEEL|ID|fromAi\(\)|toolCallResult|toolCall(\.\w*)?)/g, '');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

const sortPairs = (pairs: [string, string][]) => [...pairs].sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));

describe('Camunda 8.8 lint reports in Chinese', () => {
  for (const c of LINT_CASES) {
    test(`given a model that breaks ${c.rule}, when linted, then each report is worded entirely in Chinese`, async () => {
      const problems = await lintForZeebe((await parseBpmn(c.xml)).definitions);
      const actual = problems.map((p): [string, string] => [p.elementId, p.reason]);
      assert.deepEqual(sortPairs(actual), sortPairs(c.expected));
      for (const p of problems) {
        assert.deepEqual(asciiWords(p.reason), [], `English left in ${p.reason}`);
        assert.doesNotMatch(p.reason, /原文/);
        assert.match(p.reasonEn, /^[A-Z].* \(Camunda 8\.8 rule [a-z-]+\)$/, 'the English reason is kept for logs');
      }
    });
  }

  test('given a service task without a job type, when the deploy is refused, then the refusal names the missing task definition in Chinese', async () => {
    const problems = await rejection(() => validateDeployment(fixture('refused', 'job-task-without-type')));
    const service = problems.filter((p) => p.elementId === 'Service').map((p) => p.reason);
    assert.ok(
      service.includes('缺少实现定义（Camunda 8.8 规则 implementation）：服务任务必须有且只有一个任务定义'),
      JSON.stringify(service),
    );
  });

  test('given the refused fixtures, when linted, then no lint report is left in English', async () => {
    const dir = 'refused' as const;
    const names = [
      'call-activity-without-process-id',
      'complex-gateway',
      'conditional-event',
      'feel-syntax-errors',
      'message-catch-without-name',
      'multi-instance-without-collection',
      'script-task-without-implementation',
      'standard-loop',
      'timer-invalid-values',
      'transaction',
    ];
    let count = 0;
    for (const name of names) {
      for (const p of await lintForZeebe((await parseBpmn(fixture(dir, name))).definitions)) {
        count++;
        assert.deepEqual(asciiWords(p.reason), [], `${name}: English left in ${p.reason}`);
      }
    }
    assert.ok(count >= 20, `only ${count} reports`);
  });

  test('given a message of a shape no pattern knows, when worded, then the English is kept inside the parentheses', () => {
    assert.equal(messageZh('Something entirely new happened'), undefined);
    assert.equal(
      lintReasonZh('camunda-compat/feel', 'Something entirely new happened'),
      'FEEL 表达式语法错误（Camunda 8.8 规则 feel；原文：Something entirely new happened）',
    );
    assert.equal(
      lintReasonZh('some-future-rule', 'Element of type <bpmn:ComplexGateway> not allowed'),
      '不符合 Camunda 8.8 部署规则（Camunda 8.8 规则 some-future-rule）：不支持复杂网关',
    );
  });

  test('given the rule from bpmnlint itself (bpmnlint/ prefix), when worded, then the prefix is dropped like camunda-compat/', () => {
    assert.equal(
      lintReasonZh('bpmnlint/start-event-required', 'Sub process is missing start event'),
      '流程缺少开始事件（Camunda 8.8 规则 start-event-required）：子流程缺少开始事件',
    );
  });

  test('given every element type and event definition the Camunda 8.8 rules name, then each has a Chinese name', () => {
    const elementTypes = require('bpmnlint-plugin-camunda-compat/rules/camunda-cloud/element-type/config.js') as Record<
      string,
      string | Record<string, string>
    >;
    const implementation = require('bpmnlint-plugin-camunda-compat/rules/camunda-cloud/implementation/config.js') as Record<
      string,
      Record<string, unknown>
    >;
    const types = new Set<string>();
    for (const [type, config] of Object.entries(elementTypes)) {
      types.add(type);
      if (typeof config === 'object') for (const definition of Object.keys(config)) if (definition !== '_') types.add(definition);
    }
    for (const byType of Object.values(implementation)) for (const type of Object.keys(byType)) types.add(type);
    types.add('zeebe:CalledDecision').add('zeebe:Script').add('zeebe:TaskDefinition');
    const unnamed = [...types].filter((t) => !/[\u4e00-\u9fa5]/.test(typeZh(t)));
    assert.deepEqual(unnamed, []);
    assert.ok(types.size > 40, `${types.size} types`);
  });

  test('given the version-gated and AI-tool message shapes no Warmline model triggers, when worded, then they are Chinese too', () => {
    const messages: [string, string][] = [
      ['Extension element of type <zeebe:JobPriorityDefinition> only allowed by Camunda 8.10', '作业优先级需要 Camunda 8.10 及以上版本'],
      ['Extension element of type <zeebe:CalledDecision> not allowed', '此处不允许使用调用的决策'],
      ['Property <businessId> only allowed by Camunda 8.10 or newer', '设置「业务 ID」需要 Camunda 8.10 及以上版本'],
      ['Property value of <cancel> only allowed by Camunda 8.10 or newer', '值“cancel”需要 Camunda 8.10 及以上版本'],
      [
        'Property <zeebe:TaskHeaders> of <zeebe:ExecutionListener> only allowed by Camunda 8.10',
        '执行监听器的「请求头」需要 Camunda 8.10 及以上版本',
      ],
      [
        'Property <eventType> of <zeebe:ExecutionListener> with value <beforeAll> only allowed on multi-instance elements',
        '执行监听器的「事件类型」为“beforeAll”时只能用于多实例元素',
      ],
      ['Element of type <bpmn:Task> only allowed by Camunda 8.2 or newer', '任务需要 Camunda 8.2 及以上版本'],
      [
        'Element of type <bpmn:EndEvent> with no event definition only allowed by Camunda 1.0 or newer',
        '没有事件定义的结束事件需要 Camunda 1.0 及以上版本',
      ],
      ['Element of type <bpmn:BoundaryEvent> with event definition of type <bpmn:CancelEventDefinition> not allowed', '不支持取消边界事件'],
      ['Property <timeDate> of type <bpmn:FormalExpression> not allowed', '「日期时间」不能是表达式'],
      ['Property <timeCycle> must have expression value', '「循环周期」不能为空'],
      ['Expression value of <0 0 * * *> only allowed by Camunda 8.1', '值“0 0 * * *”需要 Camunda 8.1 及以上版本'],
      ['FEEL function <is empty> requires Camunda 8.9', 'FEEL 函数“is empty()”需要 Camunda 8.9 及以上版本'],
      ['Expression statement <=code> not supported', '不支持表达式“=code”'],
      ['Loop detected: a -> b -> a', '检测到循环：a → b → a'],
      ['A <bpmn:AdHocSubProcess> must be expanded', '自由子流程必须展开'],
      ['Embedded forms on start events are deprecated; use a linked form instead', '开始事件的内嵌表单已弃用，请改用关联表单'],
      ['Property <url> uses deprecated secret expression format', '「url」使用了已弃用的密钥表达式格式'],
      [
        'Element of type <bpmn:InclusiveGateway> must have one property <incoming> of type <bpmn:SequenceFlow>',
        '包容网关必须有且只有一条「传入连线」（连线）',
      ],
      [
        'Element of type <bpmn:StartEvent> with event definition of type <bpmn:SignalEventDefinition> not allowed as child of <bpmn:SubProcess>',
        '信号开始事件不能放在子流程中',
      ],
      [
        'Connector property <name> with value <inbound.deduplicationModeManualFlag> only allowed by Camunda 8.6 or newer.',
        '连接器属性「名称」为“inbound.deduplicationModeManualFlag”需要 Camunda 8.6 及以上版本',
      ],
      ['Tool documentation is missing.', '工具缺少文档说明。'],
      ['"toolCallResult" output is not mapped.', '输出 toolCallResult 未映射。'],
      [
        'Wrong casing "toolcallresult": use toolCallResult (case-sensitive).',
        '大小写错误“toolcallresult”：请使用 toolCallResult（区分大小写）。',
      ],
      ['fromAi() should only be used inside an agentic sub-process.', 'fromAi() 只能用在智能体子流程中。'],
      [
        'fromAi() key must be a FEEL path starting with "toolCall.", not a number.',
        'fromAi() 的键必须是以 toolCall. 开头的 FEEL 路径，不能是数字。',
      ],
    ];
    for (const [message, zh] of messages) {
      assert.equal(messageZh(message), zh, message);
      assert.deepEqual(asciiWords(zh), message.includes('<url>') ? ['url'] : [], zh);
    }
  });
});
