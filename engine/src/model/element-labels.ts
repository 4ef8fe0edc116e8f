/** Chinese and English names of BPMN element types, for problem messages. */
const LABELS: Record<string, [string, string]> = {
  'bpmn:ServiceTask': ['服务任务', 'service task'],
  'bpmn:SendTask': ['发送任务', 'send task'],
  'bpmn:ReceiveTask': ['接收任务', 'receive task'],
  'bpmn:UserTask': ['用户任务', 'user task'],
  'bpmn:ScriptTask': ['脚本任务', 'script task'],
  'bpmn:BusinessRuleTask': ['业务规则任务', 'business rule task'],
  'bpmn:ManualTask': ['手工任务', 'manual task'],
  'bpmn:Task': ['任务', 'task'],
  'bpmn:CallActivity': ['调用活动', 'call activity'],
  'bpmn:SubProcess': ['子流程', 'subprocess'],
  'bpmn:Transaction': ['事务子流程', 'transaction'],
  'bpmn:AdHocSubProcess': ['自由子流程', 'ad-hoc subprocess'],
  'bpmn:StartEvent': ['开始事件', 'start event'],
  'bpmn:EndEvent': ['结束事件', 'end event'],
  'bpmn:IntermediateCatchEvent': ['中间捕获事件', 'intermediate catch event'],
  'bpmn:IntermediateThrowEvent': ['中间抛出事件', 'intermediate throw event'],
  'bpmn:BoundaryEvent': ['边界事件', 'boundary event'],
  'bpmn:ExclusiveGateway': ['排他网关', 'exclusive gateway'],
  'bpmn:ParallelGateway': ['并行网关', 'parallel gateway'],
  'bpmn:InclusiveGateway': ['包容网关', 'inclusive gateway'],
  'bpmn:EventBasedGateway': ['事件网关', 'event-based gateway'],
  'bpmn:ComplexGateway': ['复杂网关', 'complex gateway'],
  'bpmn:SequenceFlow': ['连线', 'sequence flow'],
};

export const labelZh = (type: string) => LABELS[type]?.[0] ?? type;
export const labelEn = (type: string) => LABELS[type]?.[1] ?? type;

export const EVENT_ZH: Record<string, string> = {
  timer: '定时器',
  message: '消息',
  error: '错误',
  escalation: '升级',
  signal: '信号',
  terminate: '终止',
  link: '链接',
  conditional: '条件',
  compensate: '补偿',
  cancel: '取消',
};
