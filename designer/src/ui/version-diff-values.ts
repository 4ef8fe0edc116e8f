/** A moddle element as the comparison reads it (its type, descriptor and properties). */
export interface Moddle {
  $type: string;
  $descriptor?: {
    isGeneric?: boolean;
    properties?: { name: string; isVirtual?: boolean }[];
    propertiesByName?: Record<string, { isReference?: boolean } | undefined>;
  };
  [key: string]: unknown;
}

/** The names of an element's properties that hold a value (declared ones, which moddle may keep off its own keys, and extra ones). */
export function propertiesOf(m: Moddle): string[] {
  const declared = m.$descriptor?.isGeneric ? [] : (m.$descriptor?.properties ?? []).filter((p) => !p.isVirtual).map((p) => p.name);
  return [...new Set([...declared, ...Object.keys(m)])].filter((k) => !k.startsWith('$') && m[k] !== undefined);
}

/** BPMN property names as a user reads them (others keep their BPMN name). */
export const ATTR_ZH: Record<string, string> = {
  name: '名称',
  extensionElements: '扩展配置',
  conditionExpression: '条件',
  default: '默认流',
  isExecutable: '可执行',
  documentation: '文档',
  eventDefinitions: '事件定义',
  loopCharacteristics: '多实例',
  sourceRef: '起点',
  targetRef: '终点',
  attachedToRef: '附着节点',
  cancelActivity: '中断',
  isInterrupting: '中断',
  messageRef: '消息',
  errorRef: '错误',
  signalRef: '信号',
  escalationRef: '升级',
  condition: '条件',
  timeDate: '时间',
  timeCycle: '循环',
  timeDuration: '时长',
  completionCondition: '完成条件',
  isSequential: '顺序执行',
  body: '表达式',
  text: '内容',
  processRef: '流程',
  triggeredByEvent: '事件触发',
};

/** Zeebe extension elements and their properties in Chinese. */
const EXT_ZH: Record<string, string> = {
  'zeebe:TaskDefinition': '作业',
  'zeebe:FormDefinition': '表单',
  'zeebe:AssignmentDefinition': '分配',
  'zeebe:IoMapping': '',
  'zeebe:Input': '输入映射',
  'zeebe:Output': '输出映射',
  'zeebe:Properties': '',
  'zeebe:Property': '扩展属性',
  'zeebe:TaskHeaders': '',
  'zeebe:Header': '任务头',
  'zeebe:CalledElement': '被调用流程',
  'zeebe:Subscription': '消息订阅',
  'zeebe:Script': '脚本',
  'zeebe:LoopCharacteristics': '多实例',
  'zeebe:UserTask': 'Zeebe 用户任务',
  'zeebe:TaskSchedule': '计划',
  'zeebe:ExecutionListeners': '',
  'zeebe:ExecutionListener': '执行监听器',
  'zeebe:CalledDecision': '被调用决策',
  'bpmn:FormalExpression': '',
  // Event definitions read through their property (事件定义 · 消息, 事件定义 · 时间).
  'bpmn:TimerEventDefinition': '',
  'bpmn:MessageEventDefinition': '',
  'bpmn:ErrorEventDefinition': '',
  'bpmn:SignalEventDefinition': '',
  'bpmn:EscalationEventDefinition': '',
  'bpmn:ConditionalEventDefinition': '',
  'bpmn:TerminateEventDefinition': '终止',
  'bpmn:Documentation': '',
  'bpmn:MultiInstanceLoopCharacteristics': '',
};
const PROP_ZH: Record<string, string> = {
  type: '类型',
  retries: '重试次数',
  formId: '表单 ID',
  formKey: '表单键',
  externalReference: '外部地址',
  assignee: '处理人',
  candidateGroups: '候选组',
  candidateUsers: '候选人',
  source: '来源',
  target: '目标',
  value: '值',
  processId: '流程 ID',
  propagateAllChildVariables: '传递全部变量',
  propagateAllParentVariables: '传入全部变量',
  correlationKey: '关联键',
  expression: '表达式',
  resultVariable: '结果变量',
  inputCollection: '输入集合',
  inputElement: '输入元素',
  outputCollection: '输出集合',
  outputElement: '输出元素',
  dueDate: '到期时间',
  followUpDate: '跟进时间',
  eventType: '事件',
  decisionId: '决策 ID',
  bindingType: '绑定方式',
  ...ATTR_ZH,
};
/** Properties of nested elements that only carry structure (lists), not a value a user reads. */
const CONTAINERS = new Set(['values', 'inputParameters', 'outputParameters', 'properties', 'listeners']);

const PRESENT = '（已配置）';
const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

function refLabel(el: Moddle | undefined, index: Map<string, Moddle>): string {
  const id = el?.id as string | undefined;
  if (!id) return '（无）';
  const name = (index.get(id)?.name ?? el?.name) as string | undefined;
  return name ? `「${clip(name)}」(${id})` : id;
}

/** A nested value flattened to `label → shown value` leaves. */
function flatten(value: unknown, path: string[], isRef: boolean, index: Map<string, Moddle>, out: Map<string, string>): void {
  const key = path.filter(Boolean).join(' · ');
  if (value === undefined || value === null || value === '') return;
  if (typeof value !== 'object') {
    out.set(key, typeof value === 'boolean' ? (value ? '是' : '否') : `「${clip(String(value))}」`);
    return;
  }
  if (Array.isArray(value)) {
    const counts = new Map<string, number>();
    for (const item of value as Moddle[]) {
      const own = item?.$type ? (EXT_ZH[item.$type] ?? item.$type.replace(/^.*:/, '')) : '';
      const which = (item?.target ?? item?.name ?? item?.key) as string | undefined;
      let label = which ? `${own}「${which}」` : own;
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      if (n > 1 && label) label = `${label}#${n}`;
      flatten(item, [...path, label], false, index, out);
    }
    return;
  }
  const m = value as Moddle;
  if (isRef) {
    out.set(key, refLabel(m, index));
    return;
  }
  if (m.$type === 'bpmn:FormalExpression' || m.$type === 'bpmn:Expression') {
    // An expression reads as its text (条件：「=a」 → 「=b」).
    flatten(m.body, path, false, index, out);
    return;
  }
  const before = out.size;
  for (const prop of propertiesOf(m)) {
    if (prop === 'id' || prop === 'di') continue;
    if ((prop === 'target' && m.$type === 'zeebe:Input') || (prop === 'name' && m.$type === 'zeebe:Property') || prop === 'key') continue;
    const sub = CONTAINERS.has(prop) ? '' : (PROP_ZH[prop] ?? prop);
    const ref = Boolean(m.$descriptor?.propertiesByName?.[prop]?.isReference);
    flatten(m[prop], [...path, sub], ref, index, out);
  }
  if (out.size === before && key) out.set(key, PRESENT);
}

/**
 * How one property differs between two versions: `名称：「旧」→「新」`, or one line per nested value
 * that differs (`表单 · 表单 ID：「a」→「b」`); references show the element's name.
 */
export function describeValue(
  label: string,
  oldV: unknown,
  newV: unknown,
  before: Map<string, Moddle>,
  after: Map<string, Moddle>,
  isRef: boolean,
): string[] {
  const top = label === ATTR_ZH.extensionElements ? '' : label;
  const unwrap = (v: unknown) => (label === ATTR_ZH.extensionElements ? (v as Moddle | undefined)?.values : v);
  const was = new Map<string, string>();
  const now = new Map<string, string>();
  flatten(unwrap(oldV), [top], isRef, before, was);
  flatten(unwrap(newV), [top], isRef, after, now);
  const lines: string[] = [];
  for (const key of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(key);
    const b = now.get(key);
    if (a === b) continue;
    const name = key || label;
    if (a === undefined) lines.push(`${name}：新增 ${b}`);
    else if (b === undefined) lines.push(`${name}：删除 ${a}`);
    else lines.push(`${name}：${a} → ${b}`);
  }
  return lines.length > 0 ? lines : [label];
}
