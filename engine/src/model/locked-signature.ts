import { EVENT_ZH, labelEn, labelZh } from './element-labels.js';
import type { ParsedElement } from './model.types.js';

/** One way a contract node differs from the template's: what it was and what it is now. */
export interface SignatureChange {
  zh: string;
  en: string;
}

const shown = (v: string | undefined) => (v === undefined || v === '' ? '（无）' : v);
const shownEn = (v: string | undefined) => (v === undefined || v === '' ? '(none)' : v);

const eventKinds = (e: ParsedElement) =>
  e.eventDefinitions
    .map((d) => d.type)
    .sort()
    .join('+');
const kindZh = (kinds: string) =>
  kinds === ''
    ? '普通'
    : kinds
        .split('+')
        .map((k) => EVENT_ZH[k] ?? k)
        .join('+');
const kindEn = (kinds: string) => (kinds === '' ? 'none' : kinds);
const messageNames = (e: ParsedElement) =>
  e.eventDefinitions
    .map((d) => (d.type === 'message' ? (d.message?.name ?? '') : undefined))
    .filter((n): n is string => n !== undefined)
    .sort()
    .join(', ');

function compare(out: SignatureChange[], what: [string, string], before: string | undefined, after: string | undefined) {
  if ((before ?? '') === (after ?? '')) return;
  out.push({
    zh: `${what[0]}原为「${shown(before)}」，现为「${shown(after)}」`,
    en: `${what[1]} was "${shownEn(before)}", is now "${shownEn(after)}"`,
  });
}

/**
 * How `now` differs in kind from the template's `was` (same id): BPMN type; for events the
 * event-definition kinds (and message names); for boundary events what they are attached to and
 * whether they interrupt; for tasks the job type, Camunda-user-task-ness and form; for call
 * activities the called process (expression); for subprocesses event-subprocess-ness.
 * Labels, documentation, assignments, mappings and layout may change freely.
 */
export function signatureChanges(was: ParsedElement, now: ParsedElement): SignatureChange[] {
  if (was.$type !== now.$type) {
    return [
      {
        zh: `原为${labelZh(was.$type)}，现为${labelZh(now.$type)}`,
        en: `it was a ${labelEn(was.$type)}, is now a ${labelEn(now.$type)}`,
      },
    ];
  }
  const out: SignatureChange[] = [];
  const kindsWas = eventKinds(was);
  const kindsNow = eventKinds(now);
  if (kindsWas !== kindsNow) {
    out.push({
      zh: `原为${kindZh(kindsWas)}事件，现为${kindZh(kindsNow)}事件`,
      en: `its event definition was "${kindEn(kindsWas)}", is now "${kindEn(kindsNow)}"`,
    });
  } else {
    compare(out, ['消息名称', 'the message name'], messageNames(was), messageNames(now));
  }
  if (was.$type === 'bpmn:BoundaryEvent') {
    compare(out, ['附着的节点', 'the node it is attached to'], was.attachedToRef, now.attachedToRef);
    if (was.cancelActivity !== now.cancelActivity) {
      const mode = (c: boolean | undefined) => (c === false ? '非中断' : '中断');
      out.push({
        zh: `原为${mode(was.cancelActivity)}边界事件，现为${mode(now.cancelActivity)}边界事件`,
        en: `cancelActivity was ${was.cancelActivity !== false}, is now ${now.cancelActivity !== false}`,
      });
    }
  }
  compare(
    out,
    ['任务类型（zeebe:taskDefinition）', 'the job type (zeebe:taskDefinition)'],
    was.zeebe.taskDefinition?.type,
    now.zeebe.taskDefinition?.type,
  );
  if (!!was.zeebe.userTask !== !!now.zeebe.userTask) {
    const kind = (u: boolean | undefined) => (u ? 'Camunda 用户任务' : '作业型任务');
    out.push({
      zh: `原为${kind(was.zeebe.userTask)}，现为${kind(now.zeebe.userTask)}`,
      en: `zeebe:userTask was ${!!was.zeebe.userTask}, is now ${!!now.zeebe.userTask}`,
    });
  }
  compare(out, ['表单', 'the form id'], was.zeebe.formDefinition?.formId, now.zeebe.formDefinition?.formId);
  compare(out, ['调用的流程', 'the called process'], was.zeebe.calledElement?.processId, now.zeebe.calledElement?.processId);
  if (!!was.triggeredByEvent !== !!now.triggeredByEvent) {
    const kind = (t: boolean | undefined) => (t ? '事件子流程' : '普通子流程');
    out.push({
      zh: `原为${kind(was.triggeredByEvent)}，现为${kind(now.triggeredByEvent)}`,
      en: `triggeredByEvent was ${!!was.triggeredByEvent}, is now ${!!now.triggeredByEvent}`,
    });
  }
  return out;
}
