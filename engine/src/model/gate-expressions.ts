import type { ModelProblem } from '../process-engine.js';
import { feelSyntaxError, isFeelExpression } from '../feel/index.js';
import type { ParsedElement } from './model.types.js';
import { excerpt, problem } from './problems.js';
import { isIsoDateTime, timerValueError, type TimerKind } from './timer-values.js';

/**
 * Every Zeebe attribute that may hold an `=` FEEL expression: it must parse. Attributes that must be
 * expressions (conditions, input collections, script expressions…) must start with `=`. Static
 * values with a fixed format (timers, retries, dates, priorities) must have that format.
 */

interface Field {
  value: string | undefined;
  zh: string;
  en: string;
  /** Zeebe requires an `=` expression here. */
  expression?: boolean;
  /** Validates a static (non-`=`) value; answers [zh, en] when invalid. */
  staticCheck?: (v: string) => [string, string] | undefined;
}

const integer = (min: number, max: number, zh: string, en: string) => (v: string) =>
  /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max
    ? undefined
    : ([`${zh}「${excerpt(v, 40)}」必须是 ${min}–${max} 的整数`, `${en} "${excerpt(v, 40)}" must be an integer from ${min} to ${max}`] as [
        string,
        string,
      ]);

const isoDateTime = (zh: string, en: string) => (v: string) =>
  isIsoDateTime(v)
    ? undefined
    : ([
        `${zh}「${excerpt(v, 60)}」不是带时区的 ISO 8601 日期时间`,
        `${en} "${excerpt(v, 60)}" is not an ISO 8601 date-time with offset`,
      ] as [string, string]);

const timer = (kind: TimerKind) => (v: string) => {
  const err = timerValueError(kind, v);
  return err ? ([err.zh, err.en] as [string, string]) : undefined;
};

function fieldsOf(e: ParsedElement): Field[] {
  const z = e.zeebe;
  const f: Field[] = [];
  if (e.condition !== undefined) f.push({ value: e.condition, zh: '连线条件', en: 'the sequence-flow condition', expression: true });
  if (z.taskDefinition) {
    f.push({ value: z.taskDefinition.type, zh: '作业类型', en: 'the job type' });
    f.push({
      value: z.taskDefinition.retries,
      zh: '重试次数',
      en: 'the job retries',
      staticCheck: integer(0, 1000, '重试次数', 'retries'),
    });
  }
  for (const [i, p] of (z.ioMapping?.inputs ?? []).entries())
    f.push({
      value: p.source,
      zh: `输入映射 ${i + 1}（${excerpt(p.target, 40)}）`,
      en: `input mapping ${i + 1} (${excerpt(p.target, 40)})`,
    });
  for (const [i, p] of (z.ioMapping?.outputs ?? []).entries())
    f.push({
      value: p.source,
      zh: `输出映射 ${i + 1}（${excerpt(p.target, 40)}）`,
      en: `output mapping ${i + 1} (${excerpt(p.target, 40)})`,
    });
  const a = z.assignmentDefinition;
  if (a) {
    f.push({ value: a.assignee, zh: '处理人', en: 'the assignee' });
    f.push({ value: a.candidateGroups, zh: '候选组', en: 'the candidate groups' });
    f.push({ value: a.candidateUsers, zh: '候选用户', en: 'the candidate users' });
  }
  if (z.taskSchedule) {
    f.push({ value: z.taskSchedule.dueDate, zh: '到期时间', en: 'the due date', staticCheck: isoDateTime('到期时间', 'the due date') });
    f.push({
      value: z.taskSchedule.followUpDate,
      zh: '跟进时间',
      en: 'the follow-up date',
      staticCheck: isoDateTime('跟进时间', 'the follow-up date'),
    });
  }
  if (z.priorityDefinition)
    f.push({
      value: z.priorityDefinition.priority,
      zh: '优先级',
      en: 'the priority',
      staticCheck: integer(0, 100, '优先级', 'the priority'),
    });
  if (z.formDefinition) f.push({ value: z.formDefinition.externalReference, zh: '外部表单地址', en: 'the external form reference' });
  if (z.calledElement) f.push({ value: z.calledElement.processId, zh: '被调用流程 ID', en: 'the called process id' });
  const l = z.loopCharacteristics;
  if (l) {
    f.push({ value: l.inputCollection, zh: '多实例输入集合', en: 'the multi-instance input collection', expression: true });
    f.push({ value: l.outputElement, zh: '多实例输出元素', en: 'the multi-instance output element', expression: true });
    f.push({ value: l.completionCondition, zh: '多实例完成条件', en: 'the multi-instance completion condition', expression: true });
  }
  if (z.script) f.push({ value: z.script.expression, zh: '脚本表达式', en: 'the script expression', expression: true });
  if (z.subscription) f.push({ value: z.subscription.correlationKey, zh: '消息关联键', en: 'the message correlation key' });
  if (e.message) f.push({ value: e.message.name, zh: '消息名称', en: 'the message name' });
  const msg = e.message ?? e.eventDefinitions.find((d) => d.type === 'message')?.message;
  if (msg?.correlationKey !== undefined && msg.correlationKey !== z.subscription?.correlationKey) {
    f.push({ value: msg.correlationKey, zh: '消息关联键', en: 'the message correlation key' });
  }
  for (const d of e.eventDefinitions) {
    if (d.type === 'timer') {
      for (const kind of ['timeDuration', 'timeDate', 'timeCycle'] as const) {
        if (d[kind] !== undefined) f.push({ value: d[kind], zh: '定时器', en: 'the timer', staticCheck: timer(kind) });
      }
    }
    if (d.type === 'message') f.push({ value: d.message?.name, zh: '消息名称', en: 'the message name' });
    if (d.type === 'signal') f.push({ value: d.signal?.name, zh: '信号名称', en: 'the signal name' });
    if (d.type === 'error') f.push({ value: d.error?.errorCode, zh: '错误代码', en: 'the error code' });
    if (d.type === 'escalation') f.push({ value: d.escalation?.escalationCode, zh: '升级代码', en: 'the escalation code' });
  }
  return f;
}

export function expressionProblems(e: ParsedElement): ModelProblem[] {
  const out: ModelProblem[] = [];
  for (const field of fieldsOf(e)) {
    const v = field.value;
    if (v === undefined) continue;
    if (isFeelExpression(v)) {
      const err = feelSyntaxError(v);
      if (err) {
        out.push(
          problem(
            e.id,
            `${field.zh}的 FEEL 表达式无法解析（${excerpt(v, 80)}）：${err.zh}`,
            `${field.en} is not a valid FEEL expression (${excerpt(v, 80)}): ${err.en}`,
          ),
        );
      }
    } else if (field.expression) {
      out.push(
        problem(
          e.id,
          `${field.zh}必须是以 = 开头的 FEEL 表达式（当前为「${excerpt(v, 80)}」）`,
          `${field.en} must be a FEEL expression starting with "=" (found "${excerpt(v, 80)}")`,
        ),
      );
    } else if (field.staticCheck) {
      const bad = field.staticCheck(v);
      if (bad) out.push(problem(e.id, bad[0], bad[1]));
    }
  }
  return out;
}
