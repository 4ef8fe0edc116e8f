/**
 * Facts about a deployment's structure that bpmn-engine does not keep: which subprocess contains an
 * element, and where escalations are thrown and caught (Zeebe matches escalations by code, within the
 * throwing element's enclosing scopes).
 */
interface ModdleNode {
  $type: string;
  id: string;
  flowElements?: ModdleNode[];
  attachedToRef?: { id: string };
  sourceRef?: { id: string };
  targetRef?: { id: string };
  extensionElements?: unknown;
  conditionExpression?: unknown;
  cancelActivity?: boolean;
  eventDefinitions?: {
    $type: string;
    escalationRef?: { id: string; escalationCode?: string };
    errorRef?: { id: string; errorCode?: string };
    messageRef?: { id: string; name?: string };
    signalRef?: { id: string; name?: string };
    timeDate?: { body?: string };
    timeCycle?: { body?: string };
  }[];
}

/** A process-level start event: none, or what triggers it (message or signal name, timer value). */
export interface StartFact {
  id: string;
  kind: 'none' | 'message' | 'signal' | 'timer';
  name?: string;
  timer?: { type: 'timeDate' | 'timeCycle'; value: string };
}

export interface EscalationBoundary {
  id: string;
  /** Undefined: catches every escalation. */
  code?: string;
  interrupting: boolean;
}

export class DeploymentFacts {
  /** Flow element id → the subprocess that contains it (absent at process level). */
  readonly containers = new Map<string, string>();
  /** Escalation element id → its code. */
  readonly escalationCodes = new Map<string, string>();
  /** Activity id → the escalation boundary events attached to it. */
  readonly escalationBoundaries = new Map<string, EscalationBoundary[]>();
  /** Activity id → the error boundary events attached to it (code undefined: catches every error). */
  readonly errorBoundaries = new Map<string, EscalationBoundary[]>();
  /** Process id → its process-level start events. */
  readonly starts = new Map<string, StartFact[]>();
  /**
   * Elements from which a parallel join (a parallel gateway with several incoming flows) can be
   * reached — following sequence flows, from an activity to its boundary events and from a
   * subprocess into its elements. Only there does a discarded path change anything (see
   * `ZeebeSequenceFlow`).
   */
  readonly reachesJoin = new Set<string>();
  /**
   * Processes that do nothing: none start events, none end events and plain sequence flows, without
   * any extension (no io mappings, no listeners) — the pass-through extension point `wl-ext-passthrough`.
   */
  readonly doesNothing = new Set<string>();
  private readonly successors = new Map<string, string[]>();
  private readonly joins: string[] = [];

  constructor(processes: ModdleNode[], rootElements: { $type: string; id: string; escalationCode?: string }[]) {
    for (const e of rootElements) if (e.$type === 'bpmn:Escalation' && e.escalationCode) this.escalationCodes.set(e.id, e.escalationCode);
    for (const p of processes) {
      this.walk(p, undefined);
      this.starts.set(p.id, (p.flowElements ?? []).filter((e) => e.$type === 'bpmn:StartEvent').map(startFact));
      if (doesNothing(p)) this.doesNothing.add(p.id);
    }
    this.markJoinReach();
  }

  private edge(from: string, to: string) {
    const list = this.successors.get(from) ?? [];
    list.push(to);
    this.successors.set(from, list);
  }

  /** Walk backwards from every parallel join: whatever reaches it must still pass discards on. */
  private markJoinReach() {
    const predecessors = new Map<string, string[]>();
    for (const [from, tos] of this.successors)
      for (const to of tos) {
        const list = predecessors.get(to) ?? [];
        list.push(from);
        predecessors.set(to, list);
      }
    const stack = [...this.joins];
    while (stack.length) {
      const id = stack.pop()!;
      if (this.reachesJoin.has(id)) continue;
      this.reachesJoin.add(id);
      stack.push(...(predecessors.get(id) ?? []));
    }
  }

  private walk(scope: ModdleNode, container: string | undefined) {
    const incoming = new Map<string, number>();
    for (const e of scope.flowElements ?? []) {
      if (e.$type === 'bpmn:SequenceFlow' && e.sourceRef && e.targetRef) {
        this.edge(e.sourceRef.id, e.targetRef.id);
        incoming.set(e.targetRef.id, (incoming.get(e.targetRef.id) ?? 0) + 1);
      }
    }
    for (const e of scope.flowElements ?? []) {
      if (container) this.edge(container, e.id);
      if (e.$type === 'bpmn:ParallelGateway' && (incoming.get(e.id) ?? 0) > 1) this.joins.push(e.id);
      if (e.$type === 'bpmn:BoundaryEvent' && e.attachedToRef) this.edge(e.attachedToRef.id, e.id);
      if (container) this.containers.set(e.id, container);
      if (e.$type === 'bpmn:BoundaryEvent' && e.attachedToRef) {
        const err = e.eventDefinitions?.find((d) => d.$type === 'bpmn:ErrorEventDefinition');
        if (err) {
          const list = this.errorBoundaries.get(e.attachedToRef.id) ?? [];
          list.push({ id: e.id, code: err.errorRef?.errorCode, interrupting: true });
          this.errorBoundaries.set(e.attachedToRef.id, list);
        }
        const def = e.eventDefinitions?.find((d) => d.$type === 'bpmn:EscalationEventDefinition');
        if (def) {
          const list = this.escalationBoundaries.get(e.attachedToRef.id) ?? [];
          const code = def.escalationRef ? (def.escalationRef.escalationCode ?? this.escalationCodes.get(def.escalationRef.id)) : undefined;
          list.push({ id: e.id, code, interrupting: e.cancelActivity !== false });
          this.escalationBoundaries.set(e.attachedToRef.id, list);
        }
      }
      if (e.flowElements) this.walk(e, e.id);
    }
  }

  /** Whether `elementId` lies (transitively) inside the subprocess `containerId`. */
  inside(elementId: string, containerId: string): boolean {
    for (let c = this.containers.get(elementId); c; c = this.containers.get(c)) if (c === containerId) return true;
    return false;
  }

  /** The boundary event on `activityId` that catches an escalation with `code` (an exact code first, else a catch-all). */
  catcherOn(activityId: string, code: string | undefined): EscalationBoundary | undefined {
    const list = this.escalationBoundaries.get(activityId) ?? [];
    return list.find((b) => b.code !== undefined && b.code === code) ?? list.find((b) => b.code === undefined);
  }

  /** The error boundary event on `activityId` that catches an error with `code` (an exact code first, else a catch-all). */
  errorCatcherOn(activityId: string, code: string | undefined): EscalationBoundary | undefined {
    const list = this.errorBoundaries.get(activityId) ?? [];
    return list.find((b) => b.code !== undefined && b.code === code) ?? list.find((b) => b.code === undefined);
  }

  /**
   * The activity whose error boundary event catches an error with `code` raised by `elementId`: the
   * element itself (e.g. a call activity), else the innermost enclosing subprocess that catches it.
   */
  errorScopeOf(elementId: string, code: string | undefined): string | undefined {
    for (let c: string | undefined = elementId; c; c = this.containers.get(c)) if (this.errorCatcherOn(c, code)) return c;
    return undefined;
  }

  /** The activity whose boundary event catches an escalation with `code` raised by `elementId` (itself, else the innermost enclosing subprocess). */
  escalationScopeOf(elementId: string, code: string | undefined): string | undefined {
    for (let c: string | undefined = elementId; c; c = this.containers.get(c)) if (this.catcherOn(c, code)) return c;
    return undefined;
  }

  /** Whether an error raised by `elementId` is caught by an error boundary event on it or on one of its enclosing subprocesses. */
  errorCaughtWithin(elementId: string, code: string | undefined): boolean {
    return this.errorScopeOf(elementId, code) !== undefined;
  }

  /** Whether an escalation raised by `elementId` is caught by a boundary event on it or on one of its enclosing subprocesses. */
  caughtWithin(elementId: string, code: string | undefined): boolean {
    return this.escalationScopeOf(elementId, code) !== undefined;
  }

  /** The identity bpmn-elements matches escalations on: the code (Zeebe), else the element id. */
  escalationKey(escalationId: string): string {
    const code = this.escalationCodes.get(escalationId);
    return code !== undefined ? `code:${code}` : escalationId;
  }
}

function doesNothing(p: ModdleNode): boolean {
  const elements = p.flowElements ?? [];
  if (p.extensionElements || !elements.some((e) => e.$type === 'bpmn:StartEvent')) return false;
  return elements.every(
    (e) =>
      !e.extensionElements &&
      ((e.$type === 'bpmn:SequenceFlow' && !e.conditionExpression) ||
        ((e.$type === 'bpmn:StartEvent' || e.$type === 'bpmn:EndEvent') && !e.eventDefinitions?.length)),
  );
}

function startFact(e: ModdleNode): StartFact {
  const d = e.eventDefinitions?.[0];
  switch (d?.$type) {
    case 'bpmn:MessageEventDefinition':
      return { id: e.id, kind: 'message', name: d.messageRef?.name ?? d.messageRef?.id };
    case 'bpmn:SignalEventDefinition':
      return { id: e.id, kind: 'signal', name: d.signalRef?.name ?? d.signalRef?.id };
    case 'bpmn:TimerEventDefinition': {
      const type = d.timeCycle ? ('timeCycle' as const) : ('timeDate' as const);
      return { id: e.id, kind: 'timer', timer: { type, value: (d.timeCycle ?? d.timeDate)?.body?.trim() ?? '' } };
    }
    default:
      return { id: e.id, kind: 'none' };
  }
}
