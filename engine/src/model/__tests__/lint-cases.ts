/**
 * Small broken models, one (or two) per common Camunda 8.8 lint rule, for the Chinese wording tests.
 * Each is a whole process with a start event so that only the named rule reports.
 */
const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** A definitions document around `body` (flow elements of process `p`) and extra root elements. */
export const lintDoc = (body: string, roots = '', processExtensions = '') =>
  `<bpmn:definitions ${NS} id="d" targetNamespace="t">${roots}<bpmn:process id="p" isExecutable="true">${processExtensions}<bpmn:startEvent id="s"/>${body}</bpmn:process></bpmn:definitions>`;

const ext = (inner: string) => `<bpmn:extensionElements>${inner}</bpmn:extensionElements>`;
const job = (type = 'work') => ext(`<zeebe:taskDefinition type="${type}"/>`);

/** rule id → [model, element id the report is on, the full Chinese reason expected]. */
export interface LintCase {
  rule: string;
  xml: string;
  expected: [elementId: string, reason: string][];
}

export const LINT_CASES: LintCase[] = [
  {
    rule: 'implementation',
    xml: lintDoc(
      `<bpmn:serviceTask id="NoJob" name="计算热费"/><bpmn:serviceTask id="NoType">${ext('<zeebe:taskDefinition retries="3"/>')}</bpmn:serviceTask>
       <bpmn:businessRuleTask id="Rule"/>`,
    ),
    expected: [
      ['NoJob', '缺少实现定义（Camunda 8.8 规则 implementation）：服务任务必须有且只有一个任务定义'],
      ['NoType', '缺少实现定义（Camunda 8.8 规则 implementation）：任务定义缺少「作业类型」'],
      ['Rule', '缺少实现定义（Camunda 8.8 规则 implementation）：业务规则任务必须有且只有一个调用的决策或任务定义'],
    ],
  },
  {
    rule: 'called-element',
    xml: lintDoc(`<bpmn:callActivity id="Call"/><bpmn:callActivity id="CallEmpty">${ext('<zeebe:calledElement/>')}</bpmn:callActivity>`),
    expected: [
      ['Call', '调用活动缺少被调用流程（Camunda 8.8 规则 called-element）：调用活动必须有且只有一个被调用流程'],
      ['CallEmpty', '调用活动缺少被调用流程（Camunda 8.8 规则 called-element）：被调用流程缺少「流程 ID」'],
    ],
  },
  {
    rule: 'element-type',
    xml: lintDoc(
      `<bpmn:complexGateway id="Complex"/><bpmn:intermediateCatchEvent id="Cond"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
       <bpmn:intermediateCatchEvent id="Bare"/>`,
    ),
    expected: [
      ['Complex', 'Camunda 8.8 不支持该元素类型（Camunda 8.8 规则 element-type）：不支持复杂网关'],
      ['Cond', 'Camunda 8.8 不支持该元素类型（Camunda 8.8 规则 element-type）：条件中间捕获事件需要 Camunda 8.9 及以上版本'],
      ['Bare', 'Camunda 8.8 不支持该元素类型（Camunda 8.8 规则 element-type）：不支持没有事件定义的中间捕获事件'],
    ],
  },
  {
    rule: 'error-reference',
    xml: lintDoc(
      `<bpmn:endEvent id="NoRef"><bpmn:errorEventDefinition/></bpmn:endEvent><bpmn:endEvent id="NoCode"><bpmn:errorEventDefinition errorRef="E"/></bpmn:endEvent>`,
      '<bpmn:error id="E" name="停热"/>',
    ),
    expected: [
      [
        'NoRef',
        '错误事件的错误引用不完整（Camunda 8.8 规则 error-reference）：错误事件定义缺少「全局错误引用」（Camunda 8.2 起只有部分元素可以不设置）',
      ],
      ['NoCode', '错误事件的错误引用不完整（Camunda 8.8 规则 error-reference）：错误缺少「编码」'],
    ],
  },
  {
    rule: 'escalation',
    xml: lintDoc(
      `<bpmn:userTask id="Review">${ext('<zeebe:userTask/>')}</bpmn:userTask>
       <bpmn:boundaryEvent id="Late" attachedToRef="Review"><bpmn:escalationEventDefinition escalationRef="Esc"/></bpmn:boundaryEvent>
       <bpmn:endEvent id="Raise"><bpmn:escalationEventDefinition escalationRef="NoCode"/></bpmn:endEvent>`,
      '<bpmn:escalation id="Esc" escalationCode="LATE"/><bpmn:escalation id="NoCode" name="超时"/>',
    ),
    expected: [
      [
        'Late',
        '升级边界事件附着的活动不合法（Camunda 8.8 规则 escalation-boundary-event-attached-to-ref）：升级边界事件不能附着在用户任务上',
      ],
      ['Raise', '升级事件的升级引用不完整（Camunda 8.8 规则 escalation-reference）：升级缺少「编码」'],
    ],
  },
  {
    rule: 'event-based-gateway-target',
    xml: lintDoc(
      `<bpmn:eventBasedGateway id="G"><bpmn:outgoing>f</bpmn:outgoing></bpmn:eventBasedGateway><bpmn:receiveTask id="Wait" messageRef="M"><bpmn:incoming>f</bpmn:incoming></bpmn:receiveTask><bpmn:sequenceFlow id="f" sourceRef="G" targetRef="Wait"/>`,
      '<bpmn:message id="M" name="回访"><bpmn:extensionElements><zeebe:subscription correlationKey="=id"/></bpmn:extensionElements></bpmn:message>',
    ),
    expected: [['Wait', '事件网关的后继元素不合法（Camunda 8.8 规则 event-based-gateway-target）：接收任务不能作为事件网关的后继元素']],
  },
  {
    rule: 'loop-characteristics',
    xml: lintDoc(
      `<bpmn:serviceTask id="Many">${job()}<bpmn:multiInstanceLoopCharacteristics/></bpmn:serviceTask>
       <bpmn:serviceTask id="NoInput">${job()}<bpmn:multiInstanceLoopCharacteristics>${ext('<zeebe:loopCharacteristics outputCollection="out"/>')}</bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>
       <bpmn:serviceTask id="Repeat">${job()}<bpmn:standardLoopCharacteristics/></bpmn:serviceTask>`,
    ),
    expected: [
      ['Many', '多实例配置不完整（Camunda 8.8 规则 loop-characteristics）：多实例标记必须有且只有一个多实例配置'],
      ['NoInput', '多实例配置不完整（Camunda 8.8 规则 loop-characteristics）：多实例配置缺少「输入集合」'],
      ['NoInput', '多实例配置不完整（Camunda 8.8 规则 loop-characteristics）：多实例配置设置了「输出集合」时必须同时设置「输出元素」'],
      ['Repeat', '多实例配置不完整（Camunda 8.8 规则 loop-characteristics）：「循环特性」不能是标准循环'],
    ],
  },
  {
    rule: 'message',
    xml: lintDoc(
      `<bpmn:receiveTask id="NoRef"/><bpmn:receiveTask id="NoName" messageRef="Anon"/><bpmn:receiveTask id="NoSub" messageRef="M"/><bpmn:receiveTask id="NoKey" messageRef="K"/>`,
      '<bpmn:message id="Anon"/><bpmn:message id="M" name="缴费"/><bpmn:message id="K" name="报修">' +
        ext('<zeebe:subscription/>') +
        '</bpmn:message>',
    ),
    expected: [
      ['NoRef', '消息引用不完整（Camunda 8.8 规则 message-reference）：接收任务缺少「全局消息引用」'],
      ['NoName', '消息引用不完整（Camunda 8.8 规则 message-reference）：消息缺少「名称」'],
      ['NoName', '消息订阅缺少关联键（Camunda 8.8 规则 subscription）：消息必须有且只有一个消息订阅'],
      ['NoSub', '消息订阅缺少关联键（Camunda 8.8 规则 subscription）：消息必须有且只有一个消息订阅'],
      ['NoKey', '消息订阅缺少关联键（Camunda 8.8 规则 subscription）：消息订阅缺少「订阅关联密钥」'],
    ],
  },
  {
    rule: 'io-mapping + variable-name',
    xml: lintDoc(
      `<bpmn:serviceTask id="Io">${ext('<zeebe:taskDefinition type="w"/><zeebe:ioMapping><zeebe:input source="=a"/><zeebe:output source="=b" target="1abc"/></zeebe:ioMapping>')}</bpmn:serviceTask>`,
    ),
    expected: [
      ['Io', '输入输出映射不完整（Camunda 8.8 规则 io-mapping）：输入映射缺少「局部变量名」'],
      ['Io', '变量名不合法（Camunda 8.8 规则 variable-name）：值“1abc”不合法'],
    ],
  },
  {
    rule: 'no-multiple-none-start-events',
    xml: lintDoc('<bpmn:startEvent id="s2"/>'),
    expected: [
      ['s', '流程不能有多个空开始事件（Camunda 8.8 规则 no-multiple-none-start-events）：一个流程中不能有多个没有事件定义的开始事件'],
      ['s2', '流程不能有多个空开始事件（Camunda 8.8 规则 no-multiple-none-start-events）：一个流程中不能有多个没有事件定义的开始事件'],
    ],
  },
  {
    rule: 'sequence-flow-condition',
    xml: lintDoc(
      `<bpmn:endEvent id="e"/><bpmn:sequenceFlow id="Cond" sourceRef="s" targetRef="e"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=true</bpmn:conditionExpression></bpmn:sequenceFlow>`,
    ),
    expected: [
      ['Cond', '连线条件不合法（Camunda 8.8 规则 sequence-flow-condition）：只有源元素是排他网关或包容网关时才能设置「条件表达式」'],
    ],
  },
  {
    rule: 'forms',
    xml: `<bpmn:definitions ${NS} id="d" targetNamespace="t"><bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="Start">${ext('<zeebe:formDefinition/>')}</bpmn:startEvent><bpmn:userTask id="Fill">${ext('<zeebe:userTask/><zeebe:formDefinition/>')}</bpmn:userTask></bpmn:process></bpmn:definitions>`,
    expected: [
      ['Start', '开始事件表单配置不合法（Camunda 8.8 规则 start-event-form）：表单必须设置「表单键」或「表单 ID」中的一项（只能一项）'],
      ['Fill', '用户任务表单配置不合法（Camunda 8.8 规则 user-task-form）：表单必须设置「外部表单引用」或「表单 ID」中的一项（只能一项）'],
    ],
  },
  {
    rule: 'timer',
    xml: lintDoc(
      `<bpmn:intermediateCatchEvent id="Bad"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">5 minutes</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       <bpmn:intermediateCatchEvent id="Cycle"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       <bpmn:intermediateCatchEvent id="None"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>`,
    ),
    expected: [
      ['Bad', '定时器定义不合法（Camunda 8.8 规则 timer）：值“5 minutes”不合法'],
      ['Cycle', '定时器定义不合法（Camunda 8.8 规则 timer）：此处不允许设置「循环周期」'],
      ['None', '定时器定义不合法（Camunda 8.8 规则 timer）：定时器事件定义必须设置「日期时间」或「持续时间」中的一项（只能一项）'],
    ],
  },
  {
    rule: 'feel',
    xml: lintDoc(`<bpmn:serviceTask id="Feel">${ext('<zeebe:taskDefinition type="=if x then"/>')}</bpmn:serviceTask>`),
    expected: [['Feel', 'FEEL 表达式语法错误（Camunda 8.8 规则 feel）：「类型」不是合法的 FEEL 表达式']],
  },
  {
    rule: 'start-event-required',
    xml: `<bpmn:definitions ${NS} id="d" targetNamespace="t"><bpmn:process id="p" isExecutable="true"><bpmn:subProcess id="Sub"><bpmn:task id="t"/></bpmn:subProcess></bpmn:process></bpmn:definitions>`,
    expected: [
      ['p', '流程缺少开始事件（Camunda 8.8 规则 start-event-required）：流程缺少开始事件'],
      ['Sub', '流程缺少开始事件（Camunda 8.8 规则 start-event-required）：子流程缺少开始事件'],
    ],
  },
  {
    rule: 'link-event',
    xml: lintDoc(
      `<bpmn:intermediateThrowEvent id="Go"><bpmn:linkEventDefinition/></bpmn:intermediateThrowEvent>
       <bpmn:intermediateCatchEvent id="A"><bpmn:linkEventDefinition name="跳转"/></bpmn:intermediateCatchEvent><bpmn:intermediateCatchEvent id="B"><bpmn:linkEventDefinition name="跳转"/></bpmn:intermediateCatchEvent>`,
    ),
    expected: [
      ['A', '链接事件配置不合法（Camunda 8.8 规则 link-event）：链接事件定义的「链接名称」“跳转”与其他元素重复'],
      ['B', '链接事件配置不合法（Camunda 8.8 规则 link-event）：链接事件定义的「链接名称」“跳转”与其他元素重复'],
      ['Go', '链接事件配置不合法（Camunda 8.8 规则 link-event）：链接事件定义缺少「链接名称」'],
    ],
  },
  {
    rule: 'user task schedule / priority / listeners / headers',
    xml: lintDoc(
      `<bpmn:userTask id="U">${ext(
        '<zeebe:userTask/><zeebe:formDefinition formId="f"/><zeebe:taskSchedule dueDate="tomorrow"/><zeebe:priorityDefinition priority="101"/>' +
          '<zeebe:taskListeners><zeebe:taskListener eventType="completing"/></zeebe:taskListeners>' +
          '<zeebe:taskHeaders><zeebe:header key="k" value="1"/><zeebe:header key="k" value="2"/></zeebe:taskHeaders>',
      )}</bpmn:userTask>
       <bpmn:serviceTask id="L">${ext(
         '<zeebe:taskDefinition type="w"/><zeebe:executionListeners><zeebe:executionListener eventType="start"/><zeebe:executionListener eventType="end" type="x"/><zeebe:executionListener eventType="end" type="x"/><zeebe:executionListener eventType="beforeAll" type="y"/></zeebe:executionListeners>',
       )}</bpmn:serviceTask>`,
    ),
    expected: [
      ['U', '请求头的键重复（Camunda 8.8 规则 duplicate-task-headers）：多个请求头的「键」都是“k”'],
      ['U', '任务到期/跟进时间不合法（Camunda 8.8 规则 task-schedule）：值“tomorrow”不合法'],
      [
        'L',
        '执行监听器重复（Camunda 8.8 规则 duplicate-execution-listeners）：多个执行监听器的「事件类型」“end”、「监听器类型」“x”完全相同',
      ],
      ['L', '执行监听器配置不完整（Camunda 8.8 规则 execution-listener）：执行监听器缺少「监听器类型」'],
      [
        'L',
        '多实例前置执行监听器需要更高版本（Camunda 8.8 规则 no-before-all-execution-listener）：执行监听器的「事件类型」为“beforeAll”需要 Camunda 8.10 及以上版本',
      ],
      ['U', '优先级不合法（Camunda 8.8 规则 priority-definition）：值“101”不合法'],
      ['U', '任务监听器配置不完整（Camunda 8.8 规则 task-listener）：任务监听器缺少「监听器类型」'],
    ],
  },
  {
    rule: 'signal / compensation / version tag',
    xml: lintDoc(
      `<bpmn:endEvent id="Sig"><bpmn:signalEventDefinition/></bpmn:endEvent><bpmn:endEvent id="Comp"><bpmn:compensateEventDefinition waitForCompletion="false"/></bpmn:endEvent>`,
      '',
      ext('<zeebe:versionTag/>'),
    ),
    expected: [
      ['Sig', '信号引用不完整（Camunda 8.8 规则 signal-reference）：信号事件定义缺少「全局信号引用」'],
      ['Comp', '补偿抛出事件的等待完成配置不合法（Camunda 8.8 规则 wait-for-completion）：必须开启「结束等待」'],
      ['p', '版本标签不合法（Camunda 8.8 规则 version-tag）：版本标签缺少「值」'],
    ],
  },
  {
    rule: 'ad-hoc',
    xml: lintDoc(
      `<bpmn:adHocSubProcess id="Empty"/><bpmn:adHocSubProcess id="Ah"><bpmn:task id="t1"/><bpmn:subProcess id="Es" triggeredByEvent="true"><bpmn:startEvent id="EsStart"><bpmn:messageEventDefinition messageRef="M"/></bpmn:startEvent></bpmn:subProcess></bpmn:adHocSubProcess>`,
      '<bpmn:message id="M" name="催办">' + ext('<zeebe:subscription correlationKey="=id"/>') + '</bpmn:message>',
    ),
    expected: [
      ['Empty', '自由子流程配置不符合 Camunda 8.8（Camunda 8.8 规则 ad-hoc-sub-process）：自由子流程中至少要有一个活动'],
      ['EsStart', '事件子流程配置不符合 Camunda 8.8（Camunda 8.8 规则 no-interrupting-event-subprocess）：必须关闭「中断」'],
    ],
  },
];
