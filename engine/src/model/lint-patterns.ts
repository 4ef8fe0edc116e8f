import { eventZh, propertyZh, typeZh } from './lint-names.js';

/**
 * The message shapes of bpmnlint-plugin-camunda-compat 2.61 (its rules and the shared helpers in
 * rules/utils/element.js) and of bpmnlint's start-event-required, each with its Chinese wording.
 * Element / property names are translated, ids, names and values the user typed are kept.
 * No Node APIs.
 */

type Wording = (m: RegExpExecArray) => string;

const T = typeZh;
/** 「作业类型」: a property label, owned by `owner` when known. */
const P = (name: string, owner?: string) => `「${propertyZh(name, owner)}」`;
/** “5 minutes”: a value the user typed. */
const V = (value: string) => `“${value}”`;
const since = (version: string) => `需要 Camunda ${version} 及以上版本`;
/** `<a>, <b> or <c>` (bpmnlint's formatNames) → its names. */
const names = (list: string) => [...list.matchAll(/<([^>]+)>/g)].map((n) => n[1]!);
const orList = (items: string[]) => items.join('或');

/** Chinese for "must have value of <v>" on a property. */
function mustBe(property: string, value: string): string {
  if (value === 'true') return `必须开启${property}`;
  if (value === 'false') return `必须关闭${property}`;
  return `${property}必须为${V(value)}`;
}

const CAMUNDA = String.raw`Camunda (\d+(?:\.\d+)*)`;

/** [message pattern, Chinese wording]; the first pattern that matches the whole message wins. */
export const PATTERNS: [RegExp, Wording][] = [
  // utils/element.js hasProperties / hasProperty / hasExtensionElement / hasNoExtensionElement / hasExpression
  [/^Element of type <([^>]+)> must have property <([^>]+)>$/, (m) => `${T(m[1]!)}缺少${P(m[2]!, m[1])}`],
  [
    /^Element of type <([^>]+)> must have property ((?:<[^>]+>(?:, | or )?)+)$/,
    (m) => `${T(m[1]!)}必须设置${orList(names(m[2]!).map((n) => P(n, m[1])))}中的一项（只能一项）`,
  ],
  [
    /^Element of type <([^>]+)> must have property <([^>]+)> if it has property <([^>]+)>$/,
    (m) => `${T(m[1]!)}设置了${P(m[3]!, m[1])}时必须同时设置${P(m[2]!, m[1])}`,
  ],
  [
    new RegExp(`^Element of type <([^>]+)> without property <([^>]+)> only allowed by ${CAMUNDA} or newer$`),
    (m) => `${T(m[1]!)}缺少${P(m[2]!, m[1])}（Camunda ${m[3]} 起只有部分元素可以不设置）`,
  ],
  [/^Element of type <([^>]+)> must have one extension element of type <([^>]+)>$/, (m) => `${T(m[1]!)}必须有且只有一个${T(m[2]!)}`],
  [
    /^Element of type <([^>]+)> must have one extension element of type ((?:<[^>]+>(?:, | or )?)+)$/,
    (m) => `${T(m[1]!)}必须有且只有一个${orList(names(m[2]!).map(T))}`,
  ],
  [new RegExp(`^Extension element of type <([^>]+)> only allowed by ${CAMUNDA}(?: or newer)?$`), (m) => `${T(m[1]!)}${since(m[2]!)}`],
  [/^Extension element of type <([^>]+)> not allowed$/, (m) => `此处不允许使用${T(m[1]!)}`],
  [
    new RegExp(`^Property <([^>]+)> of type <([^>]+)> only allowed by ${CAMUNDA} or newer$`),
    (m) => `${P(m[1]!)}为${T(m[2]!)}${since(m[3]!)}`,
  ],
  [/^Property <([^>]+)> of type <([^>]+)> not allowed$/, (m) => `${P(m[1]!)}不能是${T(m[2]!)}`],
  [/^Property <([^>]+)> must have value of <(.*)>$/s, (m) => mustBe(P(m[1]!), m[2]!)],
  [new RegExp(`^Property <([^>]+)> only allowed by ${CAMUNDA} or newer$`), (m) => `设置${P(m[1]!)}${since(m[2]!)}`],
  [/^Property <([^>]+)> not allowed$/, (m) => `此处不允许设置${P(m[1]!)}`],
  [new RegExp(`^Property value of <(.*)> only allowed by ${CAMUNDA} or newer$`, 's'), (m) => `值${V(m[1]!)}${since(m[2]!)}`],
  [/^Property value of <(.*)> not allowed$/s, (m) => `值${V(m[1]!)}不合法`],
  [/^Property <([^>]+)> must have expression value$/, (m) => `${P(m[1]!)}不能为空`],
  [new RegExp(`^Expression value of <(.*)> only allowed by ${CAMUNDA}(?: or newer)?$`, 's'), (m) => `值${V(m[1]!)}${since(m[2]!)}`],
  [/^Expression value of <(.*)> not allowed$/s, (m) => `值${V(m[1]!)}不合法`],
  [
    /^Properties of type <([^>]+)> have property <([^>]+)> with duplicate value of <(.*)>$/s,
    (m) => `多个${T(m[1]!)}的${P(m[2]!, m[1])}都是${V(m[3]!)}`,
  ],
  [
    /^Properties of type <([^>]+)> have properties with duplicate values \((.*)\)$/s,
    (m) =>
      `多个${T(m[1]!)}的${[...m[2]!.matchAll(/property <([^>]+)> with duplicate value of <([^>]*)>/g)]
        .map((d) => `${P(d[1]!, m[1])}${V(d[2]!)}`)
        .join('、')}完全相同`,
  ],

  // element-type
  [/^Element of type <([^>]+)> not allowed$/, (m) => `不支持${T(m[1]!)}`],
  [new RegExp(`^Element of type <([^>]+)> only allowed by ${CAMUNDA} or newer$`), (m) => `${T(m[1]!)}${since(m[2]!)}`],
  [/^Element of type <([^>]+)> with event definition of type <([^>]+)> not allowed$/, (m) => `不支持${eventZh(m[1]!, m[2]!)}`],
  [
    new RegExp(`^Element of type <([^>]+)> with event definition of type <([^>]+)> only allowed by ${CAMUNDA} or newer$`),
    (m) => `${eventZh(m[1]!, m[2]!)}${since(m[3]!)}`,
  ],
  [/^Element of type <([^>]+)> with no event definition not allowed$/, (m) => `不支持没有事件定义的${T(m[1]!)}`],
  [
    new RegExp(`^Element of type <([^>]+)> with no event definition only allowed by ${CAMUNDA} or newer$`),
    (m) => `没有事件定义的${T(m[1]!)}${since(m[2]!)}`,
  ],

  // single rules
  [/^Element of type <([^>]+)> must contain at least one activity$/, (m) => `${T(m[1]!)}中至少要有一个活动`],
  [
    /^Element of type <([^>]+)> with event definition of type <([^>]+)> is not allowed to be attached to element of type <([^>]+)>$/,
    (m) => `${eventZh(m[1]!, m[2]!)}不能附着在${T(m[3]!)}上`,
  ],
  [
    /^Element of type <([^>]+)> with event definition of type <([^>]+)> not allowed as child of <([^>]+)>$/,
    (m) => `${eventZh(m[1]!, m[2]!)}不能放在${T(m[3]!)}中`,
  ],
  [
    /^Element of type <([^>]+)> must have one property <([^>]+)> of type <([^>]+)>$/,
    (m) => `${T(m[1]!)}必须有且只有一条${P(m[2]!)}（${T(m[3]!)}）`,
  ],
  [/^Element of type <([^>]+)> not allowed as event-based gateway target$/, (m) => `${T(m[1]!)}不能作为事件网关的后继元素`],
  [
    /^Multiple elements of type <([^>]+)> with no event definition not allowed as children of <([^>]+)>$/,
    (m) => `一个${T(m[2]!)}中不能有多个没有事件定义的${T(m[1]!)}`,
  ],
  [
    /^Property <([^>]+)> only allowed if source is of type ((?:<[^>]+>(?:, | or )?)+)$/,
    (m) => `只有源元素是${orList(names(m[2]!).map(T))}时才能设置${P(m[1]!)}`,
  ],
  [/^Property <([^>]+)> is not a valid FEEL expression$/, (m) => `${P(m[1]!)}不是合法的 FEEL 表达式`],
  [new RegExp(`^FEEL function <([^>]+)> requires ${CAMUNDA}$`), (m) => `FEEL 函数${V(`${m[1]}()`)}${since(m[2]!)}`],
  [
    /^Property of type <([^>]+)> has property <([^>]+)> with duplicate value of <(.*)>$/s,
    (m) => `${T(m[1]!)}的${P(m[2]!, m[1])}${V(m[3]!)}与其他元素重复`,
  ],
  [
    /^Property <([^>]+)> of <([^>]+)> with value <([^>]+)> only allowed on multi-instance elements$/,
    (m) => `${T(m[2]!)}的${P(m[1]!, m[2])}为${V(m[3]!)}时只能用于多实例元素`,
  ],
  [
    new RegExp(`^Property <([^>]+)> of <([^>]+)> with value <([^>]+)> only allowed by ${CAMUNDA} or newer$`),
    (m) => `${T(m[2]!)}的${P(m[1]!, m[2])}为${V(m[3]!)}${since(m[4]!)}`,
  ],
  [
    new RegExp(`^Property <([^>]+)> of <([^>]+)> only allowed by ${CAMUNDA}(?: or newer)?$`),
    (m) => `${T(m[2]!)}的${P(m[1]!, m[2])}${since(m[3]!)}`,
  ],
  [/^Expression statement <(.*)> not supported$/s, (m) => `不支持表达式${V(m[1]!)}`],
  [new RegExp(`^Expression statement <(.*)> only supported by ${CAMUNDA} or newer$`, 's'), (m) => `表达式${V(m[1]!)}${since(m[2]!)}`],
  [/^Loop detected: (.*)$/s, (m) => `检测到循环：${m[1]!.split(' -> ').join(' → ')}`],
  [/^A <([^>]+)> must be expanded$/, (m) => `${T(m[1]!)}必须展开`],
  [/^Embedded forms on start events are deprecated; use a linked form instead$/, () => '开始事件的内嵌表单已弃用，请改用关联表单'],
  [
    /^Property <([^>]+)> uses (legacy|deprecated) secret expression format$/,
    (m) => `${P(m[1]!)}使用了${m[2] === 'legacy' ? '旧版' : '已弃用'}的密钥表达式格式`,
  ],
  [
    /^Property <([^>]+)> must use a secret reference as an expression \(e\.g\. (\S+)\), not as a string literal$/,
    (m) => `${P(m[1]!)}须以表达式引用密钥（例如 ${m[2]}），不能写成字符串`,
  ],
  [/^Property <([^>]+)> must not assign a secret reference inside a list$/, (m) => `${P(m[1]!)}不能在列表中引用密钥`],
  [
    /^Property <([^>]+)> must not assign a secret reference inside a context returned by an if expression branch$/,
    (m) => `${P(m[1]!)}不能在 if 表达式分支返回的上下文中引用密钥`,
  ],
  [
    new RegExp(`^Connector property <([^>]+)> with value <([^>]+)> only allowed by ${CAMUNDA} or newer\\.$`),
    (m) => `连接器属性${P(m[1]!)}为${V(m[2]!)}${since(m[3]!)}`,
  ],
  [/^(Process|Sub process) is missing start event$/, (m) => `${m[1] === 'Process' ? '流程' : '子流程'}缺少开始事件`],

  // AI agent tools (agent-tool-documentation, agent-tool-output-key, agent-fromai-contract)
  [/^Tool documentation is missing\.$/, () => '工具缺少文档说明。'],
  [
    /^Tool returns nothing to the agent\. Set a "toolCallResult" \(at minimum, note the task completed\)\.$/,
    () => '工具没有向智能体返回任何结果。请设置 toolCallResult（至少注明任务已完成）。',
  ],
  [
    /^Wrong casing "(.*)": use toolCallResult \(case-sensitive\)\.$/s,
    (m) => `大小写错误${V(m[1]!)}：请使用 toolCallResult（区分大小写）。`,
  ],
  [/^"toolCallResult" output is not mapped\.$/, () => '输出 toolCallResult 未映射。'],
  [/^This overwrites the "toolCallResult" value set on "(.*)"\.$/s, (m) => `这会覆盖在${V(m[1]!)}上设置的 toolCallResult 值。`],
  [
    /^fromAi\(\) key must be a FEEL path, not a string literal\. Remove the quotes around (.*)\.$/s,
    (m) => `fromAi() 的键必须是 FEEL 路径，不能是字符串。请去掉 ${m[1]} 两侧的引号。`,
  ],
  [
    /^fromAi\(\) key must be a FEEL path starting with "toolCall\.", not (null|a number|an arithmetic expression)\.$/,
    (m) =>
      `fromAi() 的键必须是以 toolCall. 开头的 FEEL 路径，不能是${{ null: ' null', 'a number': '数字', 'an arithmetic expression': '算术表达式' }[m[1]!]}。`,
  ],
  [
    /^fromAi\(\) key must use dot notation, not bracket notation\. Use (\S+) instead of (.*)\.$/s,
    (m) => `fromAi() 的键必须用点号写法，不能用方括号。请用 ${m[1]} 代替 ${m[2]}。`,
  ],
  [
    /^fromAi\(\) key must start with "toolCall\."\. Use (\S+) instead of a bare name\.$/,
    (m) => `fromAi() 的键必须以 toolCall. 开头。请用 ${m[1]}，不要只写名称。`,
  ],
  [/^fromAi\(\) key must start with "toolCall\."\. Got (.*)\.$/s, (m) => `fromAi() 的键必须以 toolCall. 开头，实际是 ${m[1]}。`],
  [
    /^fromAi\(\) key must be a single name under toolCall\. Use (\S+) instead of (.*)\.$/s,
    (m) => `fromAi() 的键只能是 toolCall 下的单个名称。请用 ${m[1]} 代替 ${m[2]}。`,
  ],
  [
    /^fromAi\(\) key must be a FEEL path starting with "toolCall\.", not a conditional expression\./,
    () => 'fromAi() 的键必须是以 toolCall. 开头的 FEEL 路径，不能是条件表达式；无论运行时走哪个分支，连接器都只接受直接引用。',
  ],
  [
    /^fromAi\(\) key must be a FEEL path starting with "toolCall\.", not a (\S+)\.$/,
    (m) => `fromAi() 的键必须是以 toolCall. 开头的 FEEL 路径，不能是 ${m[1]}。`,
  ],
  [/^fromAi\(\) description must be a string literal/, () => 'fromAi() 的描述必须是字符串：用引号写明智能体应提供什么。'],
  [/^fromAi\(\) should only be used inside an agentic sub-process\.$/, () => 'fromAi() 只能用在智能体子流程中。'],
  [
    /^The "(.*)" sub-process is not marked as agentic, so fromAi\(\) has no effect\.$/s,
    (m) => `子流程${V(m[1]!)}没有标记为智能体子流程，fromAi() 不起作用。`,
  ],
  [
    /^fromAi\(\) is ignored here: only the tool's entry element defines AI inputs\./,
    () => '此处的 fromAi() 会被忽略：只有工具的入口元素能定义 AI 输入。请在入口元素上定义，并直接读取 toolCall 变量。',
  ],
  [/^Wrong function name "(.*)"\. Use (\S+) \(case-sensitive\)\.$/s, (m) => `函数名${V(m[1]!)}错误，请使用 ${m[2]}（区分大小写）。`],
  [/^fromAi\(\) requires a key argument: a FEEL path like (\S+)\.$/, (m) => `fromAi() 需要键参数：形如 ${m[1]} 的 FEEL 路径。`],
  [
    /^fromAi\(\) key (.*) is declared more than once in this tool\./s,
    (m) => `fromAi() 的键 ${m[1]} 在此工具中声明了多次。请只声明一次，其他地方直接引用。`,
  ],
  [
    /^fromAi\(\) defines a tool input and has no effect in an output mapping\./,
    () => 'fromAi() 定义的是工具输入，在输出映射中不起作用。请在工具入口元素的输入映射中定义。',
  ],
  [
    /^fromAi\(\) defines a tool input and cannot be used in a sequence flow condition\./,
    () => 'fromAi() 定义的是工具输入，不能用在连线条件中。请在工具入口元素的输入映射中定义。',
  ],
];

/** The Chinese wording of one lint message, or undefined when no known shape matches it. */
export function messageZh(message: string): string | undefined {
  for (const [pattern, wording] of PATTERNS) {
    const m = pattern.exec(message);
    if (m) return wording(m);
  }
  return undefined;
}
