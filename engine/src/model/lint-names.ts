import { EVENT_ZH, labelZh } from './element-labels.js';

/**
 * Chinese names of the element types and properties that Camunda 8.8 lint messages name
 * (`<bpmn:UserTask>`, `<zeebe:TaskDefinition>`, `<type>` …), worded as the designer's properties
 * panel labels them so that a user finds the field the message is about. No Node APIs.
 */

/** Types that element-labels.ts does not name (extension elements, definitions, root elements). */
const TYPES: Record<string, string> = {
  'bpmn:Definitions': '流程文件',
  'bpmn:Process': '流程',
  'bpmn:Collaboration': '协作',
  'bpmn:Participant': '参与者（池）',
  'bpmn:Lane': '泳道',
  'bpmn:MessageFlow': '消息流',
  'bpmn:Association': '关联',
  'bpmn:Group': '分组',
  'bpmn:TextAnnotation': '文本注释',
  'bpmn:DataObject': '数据对象',
  'bpmn:DataObjectReference': '数据对象引用',
  'bpmn:DataStoreReference': '数据存储',
  'bpmn:DataInputAssociation': '数据输入关联',
  'bpmn:DataOutputAssociation': '数据输出关联',
  'bpmn:Activity': '活动',
  'bpmn:Event': '事件',
  'bpmn:Message': '消息',
  'bpmn:Error': '错误',
  'bpmn:Escalation': '升级',
  'bpmn:Signal': '信号',
  'bpmn:Expression': '表达式',
  'bpmn:FormalExpression': '表达式',
  'bpmn:MultiInstanceLoopCharacteristics': '多实例标记',
  'bpmn:StandardLoopCharacteristics': '标准循环',
  'zeebe:TaskDefinition': '任务定义',
  'zeebe:CalledDecision': '调用的决策',
  'zeebe:Script': '脚本',
  'zeebe:CalledElement': '被调用流程',
  'zeebe:Subscription': '消息订阅',
  'zeebe:LoopCharacteristics': '多实例配置',
  'zeebe:IoMapping': '输入输出映射',
  'zeebe:Input': '输入映射',
  'zeebe:Output': '输出映射',
  'zeebe:FormDefinition': '表单',
  'zeebe:UserTaskForm': '内嵌表单',
  'zeebe:UserTask': 'Camunda 用户任务',
  'zeebe:AssignmentDefinition': '分配',
  'zeebe:TaskHeaders': '请求头',
  'zeebe:Header': '请求头',
  'zeebe:ExecutionListeners': '执行监听器',
  'zeebe:ExecutionListener': '执行监听器',
  'zeebe:TaskListeners': '任务监听器',
  'zeebe:TaskListener': '任务监听器',
  'zeebe:TaskSchedule': '任务计划',
  'zeebe:PriorityDefinition': '优先级',
  'zeebe:JobPriorityDefinition': '作业优先级',
  'zeebe:VersionTag': '版本标签',
  'zeebe:AdHoc': '自由子流程配置',
  'zeebe:Properties': '扩展属性',
  'zeebe:Property': '扩展属性',
  'zeebe:LinkedResources': '关联资源',
  'zeebe:LinkedResource': '关联资源',
};

/** `bpmn:TimerEventDefinition` → `timer` (the key of EVENT_ZH), or undefined for other types. */
const eventKind = (type: string): string | undefined => /^bpmn:(\w+)EventDefinition$/.exec(type)?.[1]?.toLowerCase();

/** The Chinese name of a BPMN / Zeebe type; the type itself when none is known. */
export function typeZh(type: string): string {
  const kind = eventKind(type);
  if (kind && EVENT_ZH[kind]) return `${EVENT_ZH[kind]}事件定义`;
  const known = TYPES[type];
  if (known) return known;
  const label = labelZh(type);
  return label === type ? type : label;
}

/** "定时器边界事件": an event type named together with its event definition. */
export function eventZh(eventType: string, definitionType: string): string {
  const kind = eventKind(definitionType);
  return kind && EVENT_ZH[kind] ? `${EVENT_ZH[kind]}${typeZh(eventType)}` : `${typeZh(eventType)}（${typeZh(definitionType)}）`;
}

/** Property labels that depend on the element owning the property (`type` of a task definition is its job type). */
const OWNED: Record<string, string> = {
  'zeebe:TaskDefinition#type': '作业类型',
  'zeebe:TaskDefinition#retries': '重试次数',
  'zeebe:ExecutionListener#type': '监听器类型',
  'zeebe:TaskListener#type': '监听器类型',
  'zeebe:ExecutionListener#retries': '重试次数',
  'zeebe:TaskListener#retries': '重试次数',
  'zeebe:Input#source': '变量赋值',
  'zeebe:Input#target': '局部变量名',
  'zeebe:Output#source': '变量赋值',
  'zeebe:Output#target': '流程变量名',
  'zeebe:Script#expression': 'FEEL 表达式',
  'zeebe:VersionTag#value': '值',
  'zeebe:Header#key': '键',
  'zeebe:Header#value': '值',
  'zeebe:Property#value': '值',
  'bpmn:Message#name': '名称',
  'bpmn:Signal#name': '名称',
  'bpmn:LinkEventDefinition#name': '链接名称',
  'bpmn:Error#errorCode': '编码',
  'bpmn:Escalation#escalationCode': '编码',
  'bpmn:StartEvent#isInterrupting': '中断',
};

/** Property labels that mean the same whatever element owns them. */
const PROPERTIES: Record<string, string> = {
  name: '名称',
  type: '类型',
  retries: '重试次数',
  source: '变量赋值',
  target: '变量名',
  expression: '表达式',
  value: '值',
  key: '键',
  processId: '流程 ID',
  businessId: '业务 ID',
  decisionId: '决策 ID',
  resultVariable: '结果变量',
  bindingType: '绑定方式',
  versionTag: '版本标签',
  correlationKey: '订阅关联密钥',
  messageRef: '全局消息引用',
  errorRef: '全局错误引用',
  escalationRef: '全局升级引用',
  signalRef: '全局信号引用',
  errorCode: '错误编码',
  escalationCode: '升级编码',
  inputCollection: '输入集合',
  inputElement: '输入元素',
  outputCollection: '输出集合',
  outputElement: '输出元素',
  completionCondition: '完成条件',
  cancelRemainingInstances: '取消其余实例',
  activeElementsCollection: '激活元素集合',
  loopCharacteristics: '循环特性',
  conditionExpression: '条件表达式',
  timeCycle: '循环周期',
  timeDate: '日期时间',
  timeDuration: '持续时间',
  formKey: '表单键',
  formId: '表单 ID',
  externalReference: '外部表单引用',
  body: '表单内容',
  assignee: '处理用户',
  candidateGroups: '候选组',
  candidateUsers: '候选用户',
  dueDate: '到期日期',
  followUpDate: '跟进日期',
  priority: '优先级',
  eventType: '事件类型',
  waitForCompletion: '结束等待',
  isExecutable: '可执行',
  isInterrupting: '中断',
  cancelActivity: '中断',
  incoming: '传入连线',
  outgoing: '传出连线',
  propagateAllChildVariables: '传出全部子流程变量',
  propagateAllParentVariables: '传入全部父流程变量',
};

/**
 * The Chinese label of property `name`, owned by an element of type `owner` when the message says so;
 * `name` itself when none is known (an identifier the user can still find in the XML).
 */
export function propertyZh(name: string, owner?: string): string {
  if (/^(bpmn|zeebe):/.test(name)) return typeZh(name);
  return (owner && OWNED[`${owner}#${name}`]) ?? PROPERTIES[name] ?? name;
}
