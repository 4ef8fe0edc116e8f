import type { ModelProblem } from '../process-engine.js';
import { EVENT_ZH, labelEn, labelZh } from './element-labels.js';
import type { ParsedElement, ParsedProcess } from './model.types.js';
import { problem } from './problems.js';

/**
 * Constructs the embedded driver cannot run with Zeebe semantics, and Zeebe extensions a construct
 * needs but lacks. One function per concern; each returns the problems of one element.
 */

type Check = (e: ParsedElement, proc: ParsedProcess, byId: Map<string, ParsedElement>) => ModelProblem[];

const JOB_TYPES = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask']);
const MESSAGE_CATCH = new Set(['bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent']);
const MESSAGE_THROW = new Set(['bpmn:IntermediateThrowEvent', 'bpmn:EndEvent']);

const hasDef = (e: ParsedElement, type: string) => e.eventDefinitions.some((d) => d.type === type);

const unsupportedTypes: Check = (e) => {
  switch (e.$type) {
    case 'bpmn:ComplexGateway':
      return [problem(e.id, '嵌入式引擎不支持复杂网关（complexGateway）', 'complex gateways are not supported by the embedded engine')];
    case 'bpmn:Transaction':
      return [
        problem(e.id, '嵌入式引擎不支持事务子流程（transaction）', 'transaction subprocesses are not supported by the embedded engine'),
      ];
    case 'bpmn:AdHocSubProcess':
      return [
        problem(e.id, '嵌入式引擎不支持自由子流程（adHocSubProcess）', 'ad-hoc subprocesses are not supported by the embedded engine'),
      ];
    case 'bpmn:InclusiveGateway':
      return e.incoming.length > 1
        ? [
            problem(
              e.id,
              `嵌入式引擎不支持包容网关汇聚（该网关有 ${e.incoming.length} 条入口连线），请改用并行网关或排他网关汇聚`,
              `inclusive gateway joins are not supported by the embedded engine (this gateway has ${e.incoming.length} incoming flows); join with a parallel or exclusive gateway instead`,
            ),
          ]
        : [];
    default:
      return [];
  }
};

const eventSubprocess: Check = (e, proc) => {
  if (!e.triggeredByEvent) return [];
  const start = proc.elements.find((c) => c.parentId === e.id && c.$type === 'bpmn:StartEvent');
  const trigger = start?.eventDefinitions[0]?.type;
  const zh = trigger ? `${EVENT_ZH[trigger] ?? trigger}触发的` : '';
  const en = trigger ? `${trigger}-triggered ` : '';
  return [
    problem(
      e.id,
      `嵌入式引擎不支持${zh}事件子流程：所用的 bpmn-elements 17.3 在所在范围运行时不会激活事件子流程的开始事件（定时器、消息、信号不会触发，错误和升级不会被捕获），请改用附加在活动或子流程上的边界事件`,
      `${en}event subprocesses are not supported by the embedded engine: bpmn-elements 17.3 does not arm the start event of an event subprocess while its scope runs (timers, messages and signals never trigger it, errors and escalations are not caught by it); use a boundary event on the activity or subprocess instead`,
    ),
  ];
};

const eventDefinitions: Check = (e) => {
  const out: ModelProblem[] = [];
  if (e.eventDefinitions.length > 1) {
    out.push(
      problem(
        e.id,
        '嵌入式引擎不支持多重事件（一个事件只能有一个事件定义）',
        'multiple event definitions on one event are not supported by the embedded engine',
      ),
    );
  }
  for (const d of e.eventDefinitions) {
    if (d.type === 'compensate')
      out.push(problem(e.id, '嵌入式引擎不支持补偿事件', 'compensation events are not supported by the embedded engine'));
    if (d.type === 'cancel')
      out.push(
        problem(
          e.id,
          '嵌入式引擎不支持取消事件（只用于事务子流程）',
          'cancel events (transactions) are not supported by the embedded engine',
        ),
      );
    if (d.type === 'link')
      out.push(
        problem(
          e.id,
          '嵌入式引擎不支持链接事件，请直接用连线连接',
          'link events are not supported by the embedded engine; connect with a sequence flow',
        ),
      );
    if (d.type === 'conditional')
      out.push(problem(e.id, '嵌入式引擎不支持条件事件', 'conditional events are not supported by the embedded engine'));
    if (d.type === 'signal' && !d.signal?.name)
      out.push(problem(e.id, '信号事件必须引用一个有名称的信号（bpmn:signal name）', 'signal events must reference a signal with a name'));
  }
  if (e.isForCompensation) {
    out.push(
      problem(e.id, '嵌入式引擎不支持补偿处理活动（isForCompensation）', 'compensation handlers are not supported by the embedded engine'),
    );
  }
  return out;
};

const needsJob = (e: ParsedElement): boolean => {
  if (JOB_TYPES.has(e.$type)) {
    if (e.$type === 'bpmn:ScriptTask' && e.zeebe.script) return false;
    if (e.$type === 'bpmn:BusinessRuleTask' && e.zeebe.calledDecision) return false;
    return true;
  }
  return MESSAGE_THROW.has(e.$type) && hasDef(e, 'message');
};

const jobTasks: Check = (e) => {
  if (e.$type === 'bpmn:BusinessRuleTask' && e.zeebe.calledDecision) {
    return [
      problem(
        e.id,
        '嵌入式引擎暂不支持 DMN 决策（zeebe:calledDecision），请改用 zeebe:taskDefinition 由作业执行器处理',
        'DMN decisions (zeebe:calledDecision) are not supported by the embedded engine yet; use a zeebe:taskDefinition job instead',
      ),
    ];
  }
  if (!needsJob(e)) return [];
  if (e.zeebe.taskDefinition?.type?.trim()) return [];
  const what = e.$type === 'bpmn:ScriptTask' ? '，或改用 zeebe:script FEEL 表达式' : '';
  const whatEn = e.$type === 'bpmn:ScriptTask' ? ', or a zeebe:script FEEL expression' : '';
  return [
    problem(
      e.id,
      `${labelZh(e.$type)}缺少作业类型（zeebe:taskDefinition type）${what}`,
      `the ${labelEn(e.$type)} has no job type (zeebe:taskDefinition type)${whatEn}`,
    ),
  ];
};

const scriptTasks: Check = (e) => {
  const s = e.zeebe.script;
  if (e.$type !== 'bpmn:ScriptTask' || !s) return [];
  const out: ModelProblem[] = [];
  if (!s.expression?.trim())
    out.push(problem(e.id, '脚本任务的 zeebe:script 缺少 FEEL 表达式', 'the zeebe:script of the script task has no FEEL expression'));
  if (!s.resultVariable?.trim()) {
    out.push(
      problem(e.id, '脚本任务的 zeebe:script 缺少结果变量（resultVariable）', 'the zeebe:script of the script task has no resultVariable'),
    );
  }
  return out;
};

const userTasks: Check = (e) => {
  if (e.$type !== 'bpmn:UserTask' || e.zeebe.userTask) return [];
  return [
    problem(
      e.id,
      '用户任务缺少 zeebe:userTask：请在建模器中将其实现方式设为“Camunda 用户任务”（不支持作业执行器式用户任务）',
      'the user task has no zeebe:userTask: set its implementation to "Camunda user task" (job-worker user tasks are not supported)',
    ),
  ];
};

const callActivities: Check = (e) => {
  if (e.$type !== 'bpmn:CallActivity') return [];
  const c = e.zeebe.calledElement;
  if (!c?.processId?.trim()) {
    return [
      problem(
        e.id,
        '调用活动缺少被调用流程 ID（zeebe:calledElement processId）',
        'the call activity has no called process id (zeebe:calledElement processId)',
      ),
    ];
  }
  if (c.bindingType !== 'latest') {
    return [
      problem(
        e.id,
        `嵌入式引擎的调用活动只支持绑定最新版本（bindingType=latest），不支持「${c.bindingType}」`,
        `call activities in the embedded engine only support bindingType "latest", not "${c.bindingType}"`,
      ),
    ];
  }
  return [];
};

const messageCatch: Check = (e) => {
  const catches = e.$type === 'bpmn:ReceiveTask' || (MESSAGE_CATCH.has(e.$type) && hasDef(e, 'message'));
  const start = e.$type === 'bpmn:StartEvent' && hasDef(e, 'message');
  if (!catches && !start) return [];
  const msg = e.$type === 'bpmn:ReceiveTask' ? e.message : e.eventDefinitions.find((d) => d.type === 'message')?.message;
  const out: ModelProblem[] = [];
  if (!msg?.name?.trim()) {
    out.push(
      problem(
        e.id,
        `${labelZh(e.$type)}必须引用一个有名称的消息（bpmn:message name）`,
        `the ${labelEn(e.$type)} must reference a message with a name`,
      ),
    );
  }
  if (catches && !e.zeebe.subscription?.correlationKey?.trim()) {
    out.push(
      problem(
        e.id,
        `${labelZh(e.$type)}的消息缺少关联键（在 bpmn:message 上设置 zeebe:subscription correlationKey）`,
        `the message of the ${labelEn(e.$type)} has no correlation key (set zeebe:subscription correlationKey on the bpmn:message)`,
      ),
    );
  }
  return out;
};

/** Timer start events fire at a date or on a cycle (Zeebe refuses a duration on a start event). */
const startTimers: Check = (e, proc) => {
  if (e.$type !== 'bpmn:StartEvent' || e.parentId !== proc.id) return [];
  const timer = e.eventDefinitions.find((d) => d.type === 'timer');
  if (!timer || timer.timeDate !== undefined || timer.timeCycle !== undefined) return [];
  return [
    problem(
      e.id,
      '定时器开始事件只能使用日期（timeDate）或周期（timeCycle），不能使用时长（timeDuration）',
      'a timer start event takes a date (timeDate) or a cycle (timeCycle), not a duration (timeDuration)',
    ),
  ];
};

const startEvents: Check = (e, proc, byId) => {
  if (e.$type !== 'bpmn:StartEvent' || e.parentId === proc.id) return [];
  const parent = byId.get(e.parentId);
  if (parent?.triggeredByEvent || e.eventDefinitions.length === 0) return [];
  return [
    problem(
      e.id,
      '嵌入式子流程的开始事件必须是空开始事件（不带事件定义）',
      'the start event of an embedded subprocess must be a none start event',
    ),
  ];
};

const loops: Check = (e) => {
  const out: ModelProblem[] = [];
  const l = e.zeebe.loopCharacteristics;
  if (l && !l.inputCollection?.trim()) {
    out.push(
      problem(
        e.id,
        '多实例活动缺少输入集合（zeebe:loopCharacteristics inputCollection）',
        'the multi-instance activity has no input collection (zeebe:loopCharacteristics inputCollection)',
      ),
    );
  }
  return out;
};

const listeners: Check = (e) => {
  const out: ModelProblem[] = [];
  if (e.zeebe.executionListeners?.length) {
    out.push(
      problem(
        e.id,
        '嵌入式引擎不支持执行监听器（zeebe:executionListeners）',
        'execution listeners are not supported by the embedded engine',
      ),
    );
  }
  if (e.zeebe.taskListeners?.length) {
    out.push(problem(e.id, '嵌入式引擎不支持任务监听器（zeebe:taskListeners）', 'task listeners are not supported by the embedded engine'));
  }
  return out;
};

export const constructChecks: Check[] = [
  unsupportedTypes,
  eventSubprocess,
  eventDefinitions,
  jobTasks,
  scriptTasks,
  userTasks,
  callActivities,
  messageCatch,
  startTimers,
  startEvents,
  loops,
  listeners,
];
