import * as Elements from 'bpmn-elements';

/**
 * Start events and signal throws with Zeebe semantics, as bpmn-elements behaviours:
 * - an instance starts at exactly one start event of the process: the none start event when started
 *   through the API, or the message/timer/signal start event that triggered it (which then completes
 *   at once: the trigger already happened). Other start events of the process never run.
 * - a signal throw event (intermediate or end) does not deliver the signal inside bpmn-elements: the
 *   run records it and the driver broadcasts it into the tenant after the state is committed.
 */

/** The key under which a run hands its per-run choices to bpmn-elements (environment services, never persisted). */
export const RUN_SERVICE = 'warmlineRun';

export interface RunChoices {
  /** The triggered start event (message, timer, signal); undefined: the none start event (API start). */
  startAt?: string;
  /** A signal throw event threw `name` (the driver broadcasts it once the run is committed). */
  throwSignal(name: string, elementId: string): void;
}

const ElementsAny = Elements as unknown as Record<string, unknown>;
type StartActivity = Record<symbol, { isStart?: boolean }>;
const BaseStartEvent = ElementsAny.StartEvent as unknown as (def: unknown, context: unknown) => unknown;
const kFlags = Symbol.for('flags');

interface ActivityDef {
  id: string;
  parent?: { type?: string };
  behaviour?: { eventDefinitions?: unknown[] } & Record<string, unknown>;
}
interface Context {
  environment: { services?: Record<string, unknown> };
}

/** A process-level start event runs only when it is the instance's chosen start. */
function ZeebeStartEvent(activityDef: ActivityDef, context: Context): unknown {
  if (activityDef.parent?.type !== 'bpmn:Process') return BaseStartEvent(activityDef, context);
  const choice = context.environment.services?.[RUN_SERVICE] as RunChoices | undefined;
  const isNone = !activityDef.behaviour?.eventDefinitions?.length;
  const chosen = choice?.startAt ? choice.startAt === activityDef.id : isNone;
  if (chosen && !isNone) {
    // Triggered: behave as a none start event (the message, timer or signal already happened).
    return BaseStartEvent({ ...activityDef, behaviour: { ...activityDef.behaviour, eventDefinitions: undefined } }, context);
  }
  const activity = BaseStartEvent(activityDef, context) as StartActivity;
  if (!chosen) activity[kFlags].isStart = false;
  return activity;
}

interface SignalDefThis {
  activity: { id: string; getActivityById?(id: string): { name?: string } | undefined; environment: Context['environment'] };
  _getReferenceInfo(message: unknown): { message: { id?: string; name?: string } };
  broker: { publish(exchange: string, routingKey: string, content: unknown, options?: unknown): void };
}
type SignalDefProto = { executeThrow(this: SignalDefThis, executeMessage: { content: Record<string, unknown> }): unknown };

/** Install the signal throw behaviour on the signal event definition used by the runs. */
export function withSignalThrow(SignalDef: { prototype: object }): void {
  (SignalDef.prototype as SignalDefProto).executeThrow = function executeThrow(
    this: SignalDefThis,
    executeMessage: { content: Record<string, unknown> },
  ) {
    const choice = this.activity.environment.services?.[RUN_SERVICE] as RunChoices | undefined;
    const ref = this._getReferenceInfo(executeMessage).message;
    const name = ref.name ?? ref.id ?? 'anonymous';
    choice?.throwSignal(name, this.activity.id);
    return this.broker.publish('execution', 'execute.completed', { ...executeMessage.content });
  };
}

export { ZeebeStartEvent };
