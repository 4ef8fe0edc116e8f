import { bodyOf, child, extensionValues, isA, list, str, type ModdleElement } from './moddle.js';
import type { ParsedElement, ParsedEventDefinition, ParsedMessageRef, ParsedProcess } from './model.types.js';
import { readZeebe } from './read-zeebe.js';

const idOf = (el: ModdleElement | undefined) => str(el, 'id');

function messageRef(el: ModdleElement | undefined): ParsedMessageRef | undefined {
  if (!el) return undefined;
  const out: ParsedMessageRef = { id: idOf(el) ?? '' };
  const name = str(el, 'name');
  if (name !== undefined) out.name = name;
  const key = str(
    extensionValues(el).find((v) => v.$type === 'zeebe:Subscription'),
    'correlationKey',
  );
  if (key !== undefined) out.correlationKey = key;
  return out;
}

function readEventDefinition(def: ModdleElement): ParsedEventDefinition | undefined {
  switch (def.$type) {
    case 'bpmn:TimerEventDefinition': {
      const out: ParsedEventDefinition = { type: 'timer' };
      for (const key of ['timeDuration', 'timeDate', 'timeCycle'] as const) {
        const body = bodyOf(def, key);
        if (child(def, key)) out[key] = body ?? '';
      }
      return out;
    }
    case 'bpmn:MessageEventDefinition': {
      const message = messageRef(child(def, 'messageRef'));
      return message ? { type: 'message', message } : { type: 'message' };
    }
    case 'bpmn:ErrorEventDefinition': {
      const e = child(def, 'errorRef');
      if (!e) return { type: 'error' };
      const error = { id: idOf(e) ?? '', name: str(e, 'name'), errorCode: str(e, 'errorCode') };
      return { type: 'error', error: JSON.parse(JSON.stringify(error)) as typeof error };
    }
    case 'bpmn:EscalationEventDefinition': {
      const e = child(def, 'escalationRef');
      if (!e) return { type: 'escalation' };
      const escalation = { id: idOf(e) ?? '', name: str(e, 'name'), escalationCode: str(e, 'escalationCode') };
      return { type: 'escalation', escalation: JSON.parse(JSON.stringify(escalation)) as typeof escalation };
    }
    case 'bpmn:SignalEventDefinition': {
      const s = child(def, 'signalRef');
      return s ? { type: 'signal', signal: JSON.parse(JSON.stringify({ id: idOf(s) ?? '', name: str(s, 'name') })) } : { type: 'signal' };
    }
    case 'bpmn:TerminateEventDefinition':
      return { type: 'terminate' };
    case 'bpmn:LinkEventDefinition':
      return str(def, 'name') !== undefined ? { type: 'link', name: str(def, 'name') } : { type: 'link' };
    case 'bpmn:ConditionalEventDefinition':
      return bodyOf(def, 'condition') !== undefined
        ? { type: 'conditional', condition: bodyOf(def, 'condition') }
        : { type: 'conditional' };
    case 'bpmn:CompensateEventDefinition':
      return { type: 'compensate' };
    case 'bpmn:CancelEventDefinition':
      return { type: 'cancel' };
    default:
      return undefined;
  }
}

function readElement(el: ModdleElement, processId: string, parentId: string): ParsedElement {
  const out: ParsedElement = {
    id: idOf(el) ?? '',
    $type: el.$type,
    processId,
    parentId,
    incoming: list(el, 'incoming').map((f) => idOf(f) ?? ''),
    outgoing: list(el, 'outgoing').map((f) => idOf(f) ?? ''),
    eventDefinitions: list(el, 'eventDefinitions')
      .map(readEventDefinition)
      .filter((d): d is ParsedEventDefinition => d !== undefined),
    zeebe: readZeebe(el),
  };
  const name = str(el, 'name');
  if (name !== undefined) out.name = name;
  if (el.$type === 'bpmn:SequenceFlow') {
    out.sourceRef = idOf(child(el, 'sourceRef'));
    out.targetRef = idOf(child(el, 'targetRef'));
    if (child(el, 'conditionExpression')) out.condition = bodyOf(el, 'conditionExpression') ?? '';
  }
  const dflt = idOf(child(el, 'default'));
  if (dflt) out.defaultFlow = dflt;
  if (el.$type === 'bpmn:BoundaryEvent') {
    out.attachedToRef = idOf(child(el, 'attachedToRef'));
    out.cancelActivity = el.cancelActivity !== false;
  }
  if (el.$type === 'bpmn:StartEvent') out.isInterrupting = el.isInterrupting !== false;
  if (isA(el, 'bpmn:SubProcess')) out.triggeredByEvent = el.triggeredByEvent === true;
  if (el.$type === 'bpmn:ReceiveTask' || el.$type === 'bpmn:SendTask') {
    const m = messageRef(child(el, 'messageRef'));
    if (m) out.message = m;
  }
  if (isA(el, 'bpmn:Activity') && el.isForCompensation === true) out.isForCompensation = true;
  // Camunda 8 keeps the correlation key on the bpmn:message; expose it on the waiting element too.
  const waitsFor = out.message ?? out.eventDefinitions.find((d) => d.type === 'message')?.message;
  if (waitsFor?.correlationKey !== undefined && !out.zeebe.subscription)
    out.zeebe.subscription = { correlationKey: waitsFor.correlationKey };
  return out;
}

/** Every flow element of a process, subprocess contents included (document order). */
export function readProcess(proc: ModdleElement): ParsedProcess {
  const processId = idOf(proc) ?? '';
  const elements: ParsedElement[] = [];
  const visit = (container: ModdleElement, parentId: string) => {
    for (const el of list(container, 'flowElements')) {
      elements.push(readElement(el, processId, parentId));
      if (isA(el, 'bpmn:SubProcess')) visit(el, idOf(el) ?? '');
    }
  };
  visit(proc, processId);

  // incoming / outgoing from the sequence flows themselves (hand-written XML often omits them).
  const byId = new Map(elements.map((e) => [e.id, e]));
  for (const flow of elements.filter((e) => e.$type === 'bpmn:SequenceFlow')) {
    const source = flow.sourceRef ? byId.get(flow.sourceRef) : undefined;
    const target = flow.targetRef ? byId.get(flow.targetRef) : undefined;
    if (source && !source.outgoing.includes(flow.id)) source.outgoing.push(flow.id);
    if (target && !target.incoming.includes(flow.id)) target.incoming.push(flow.id);
  }
  const name = str(proc, 'name');
  return { id: processId, ...(name !== undefined ? { name } : {}), isExecutable: proc.isExecutable === true, elements };
}
