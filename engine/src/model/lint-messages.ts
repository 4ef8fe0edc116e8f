import { messageZh } from './lint-patterns.js';

/**
 * Chinese texts of the Camunda 8.8 lint (bpmnlint-plugin-camunda-compat) reports: the server's deploy
 * check and the designer's in-editor lint word them the same way. No Node APIs.
 */

/** What each Camunda-compat rule checks, in Chinese (the report's own message is translated by lint-patterns.ts). */
export const RULE_ZH: Record<string, string> = {
  'ad-hoc-sub-process': '自由子流程配置不符合 Camunda 8.8',
  'called-element': '调用活动缺少被调用流程',
  'element-type': 'Camunda 8.8 不支持该元素类型',
  'error-reference': '错误事件的错误引用不完整',
  'escalation-boundary-event-attached-to-ref': '升级边界事件附着的活动不合法',
  'escalation-reference': '升级事件的升级引用不完整',
  'event-based-gateway-target': '事件网关的后继元素不合法',
  'executable-process': '流程不可执行',
  'execution-listener': '执行监听器配置不完整',
  feel: 'FEEL 表达式语法错误',
  'feel-compatibility': 'FEEL 表达式与 Camunda 8.8 不兼容',
  implementation: '缺少实现定义',
  'inclusive-gateway': '包容网关配置不符合 Camunda 8.8',
  'io-mapping': '输入输出映射不完整',
  'link-event': '链接事件配置不合法',
  'loop-characteristics': '多实例配置不完整',
  'message-reference': '消息引用不完整',
  'no-expression': '此处不允许使用表达式',
  'no-interrupting-event-subprocess': '事件子流程配置不符合 Camunda 8.8',
  'no-loop': '不支持标准循环',
  'no-multiple-none-start-events': '流程不能有多个空开始事件',
  'priority-definition': '优先级不合法',
  'sequence-flow-condition': '连线条件不合法',
  'signal-reference': '信号引用不完整',
  'start-event-form': '开始事件表单配置不合法',
  'start-event-required': '流程缺少开始事件',
  subscription: '消息订阅缺少关联键',
  'task-listener': '任务监听器配置不完整',
  'task-schedule': '任务到期/跟进时间不合法',
  timer: '定时器定义不合法',
  'user-task-form': '用户任务表单配置不合法',
  'variable-name': '变量名不合法',
  'version-tag': '版本标签不合法',
  'wait-for-completion': '补偿抛出事件的等待完成配置不合法',
  'duplicate-task-headers': '请求头的键重复',
  'duplicate-execution-listeners': '执行监听器重复',
  'no-business-id': '业务 ID 需要更高版本',
  'no-cancel-execution-listener': '取消事件的执行监听器需要更高版本',
  'no-execution-listener-headers': '执行监听器的请求头需要更高版本',
  'no-before-all-execution-listener': '多实例前置执行监听器需要更高版本',
  'no-job-priority-definition': '作业优先级需要更高版本',
  'user-task-definition': '用户任务缺少表单',
  'zeebe-user-task': '用户任务不是 Camunda 用户任务',
  'connector-properties': '连接器属性需要更高版本',
  secrets: '密钥表达式格式已过时',
  'agent-tool-documentation': '智能体工具缺少文档说明',
  'agent-tool-output-key': '智能体工具的输出不合法',
  'agent-fromai-contract': '智能体工具的 fromAi() 用法不合法',
};

/**
 * The Chinese problem text of one report of `rule` (with or without its `camunda-compat/` prefix):
 * `<what the rule checks>（Camunda 8.8 规则 <rule>）：<the message in Chinese>`. A message of a shape
 * lint-patterns.ts does not know is kept in English inside the parentheses, so nothing is hidden.
 */
export function lintReasonZh(rule: string, message: string): string {
  const short = rule.replace(/^(camunda-compat|bpmnlint)\//, '');
  const summary = RULE_ZH[short] ?? '不符合 Camunda 8.8 部署规则';
  const zh = messageZh(message);
  return zh === undefined ? `${summary}（Camunda 8.8 规则 ${short}；原文：${message}）` : `${summary}（Camunda 8.8 规则 ${short}）：${zh}`;
}
