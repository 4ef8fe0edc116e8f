/**
 * Chinese element type names as the properties panel header asks for them: the concrete type split
 * into words (`Message Boundary Event (Non Interrupting)`, `Expanded Sub Process`, `Default Flow`).
 */
const PLAIN: Record<string, string> = {
  Process: '流程',
  Collaboration: '协作',
  Participant: '参与者（池）',
  Lane: '泳道',
  Task: '任务',
  'User Task': '用户任务',
  'Service Task': '服务任务',
  'Script Task': '脚本任务',
  'Business Rule Task': '业务规则任务',
  'Send Task': '发送任务',
  'Receive Task': '接收任务',
  'Manual Task': '人工任务',
  'Call Activity': '调用活动',
  'Expanded Sub Process': '子流程（展开）',
  'Collapsed Sub Process': '子流程（折叠）',
  'Event Sub Process': '事件子流程',
  'Expanded Ad Hoc Sub Process': '自由子流程（展开）',
  'Collapsed Ad Hoc Sub Process': '自由子流程（折叠）',
  Transaction: '事务子流程',
  'Exclusive Gateway': '排他网关',
  'Parallel Gateway': '并行网关',
  'Inclusive Gateway': '包容网关',
  'Event Based Gateway': '事件网关',
  'Complex Gateway': '复杂网关',
  'Sequence Flow': '顺序流',
  'Default Flow': '默认流',
  'Conditional Flow': '条件流',
  'Message Flow': '消息流',
  Association: '关联',
  'Data Input Association': '数据输入关联',
  'Data Output Association': '数据输出关联',
  'Text Annotation': '文本注释',
  Group: '分组',
  'Data Object Reference': '数据对象',
  'Data Store Reference': '数据存储',
};

const EVENTS: Record<string, string> = {
  'Start Event': '开始事件',
  'End Event': '结束事件',
  'Intermediate Throw Event': '中间抛出事件',
  'Intermediate Catch Event': '中间捕获事件',
  'Boundary Event': '边界事件',
};

const KINDS: Record<string, string> = {
  Message: '消息',
  Timer: '定时',
  Error: '错误',
  Escalation: '升级',
  Signal: '信号',
  Conditional: '条件',
  Link: '链接',
  Compensate: '补偿',
  Terminate: '终止',
  Cancel: '取消',
};

function eventTypes(): Record<string, string> {
  const out: Record<string, string> = { ...EVENTS };
  for (const [event, eventZh] of Object.entries(EVENTS)) {
    for (const [kind, kindZh] of Object.entries(KINDS)) {
      out[`${kind} ${event}`] = `${kindZh}${eventZh}`;
      out[`${kind} ${event} (Non Interrupting)`] = `${kindZh}${eventZh}（非中断）`;
    }
  }
  return out;
}

export const ZH_TYPES: Record<string, string> = { ...PLAIN, ...eventTypes() };
