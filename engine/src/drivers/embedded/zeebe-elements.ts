import * as Elements from 'bpmn-elements';
import { CronExpressionParser } from 'cron-parser';
import { isCronCycle } from '../../model/index.js';
import type { DeploymentFacts } from './deployment-facts.js';
import { withSignalThrow, ZeebeStartEvent } from './zeebe-starts.js';
import { FACTS_SERVICE, ZeebeSequenceFlow } from './zeebe-sequence-flow.js';

/**
 * bpmn-elements behaviours replaced to give Zeebe semantics: cron timer cycles, Zeebe
 * multi-instance loops, re-armed non-interrupting message boundary events, escalations matched by
 * code within the throwing element's scopes. Passed to every bpmn-engine run as `elements`.
 */

const ElementsAny = Elements as unknown as Record<string, unknown>;
type TimerDefCtor = {
  prototype: {
    parse: (type: string, value: string) => { repeat?: number; delay?: number; expireAt?: Date };
    _getTimers: (executeMessage: unknown) => { timeout?: number };
  };
};
const BaseTimer = ElementsAny.TimerEventDefinition as unknown as TimerDefCtor & ((...args: unknown[]) => void);

/** bpmn-elements' timer with cron cycles added (repeating forever, as Zeebe does). */
function ZeebeTimerEventDefinition(this: unknown, ...args: unknown[]) {
  BaseTimer.apply(this, args);
}
ZeebeTimerEventDefinition.prototype = Object.create(BaseTimer.prototype as object) as object;
(ZeebeTimerEventDefinition.prototype as TimerDefCtor['prototype']).parse = function parse(timerType: string, value: string) {
  if (timerType === 'timeCycle' && isCronCycle(String(value).trim())) {
    // Zeebe evaluates cron cycles in UTC.
    const now = new Date();
    const expireAt = CronExpressionParser.parse(String(value).trim(), { currentDate: now, tz: 'UTC' }).next().toDate();
    return { repeat: -1, delay: expireAt.getTime() - now.getTime(), expireAt };
  }
  return BaseTimer.prototype.parse.call(this, timerType, value);
};
/**
 * A due timer never completes while bpmn-elements is still restoring the instance (it would, e.g.,
 * let an event-based gateway discard branches not restored yet): it goes through the run's timers,
 * which fire due timers once the restore is done.
 */
(ZeebeTimerEventDefinition.prototype as TimerDefCtor['prototype'])._getTimers = function getTimers(executeMessage: unknown) {
  const result = BaseTimer.prototype._getTimers.call(this, executeMessage);
  if (typeof result.timeout === 'number' && result.timeout <= 0) result.timeout = 1;
  return result;
};

type LoopCtor = (this: unknown, activity: unknown, loop: { behaviour?: Record<string, unknown> }) => void;
const BaseLoop = ElementsAny.MultiInstanceLoopCharacteristics as unknown as LoopCtor & { prototype: object };

/**
 * bpmn-elements' multi-instance with Zeebe's loop: `zeebe:loopCharacteristics inputCollection` (FEEL,
 * resolved through the engine's expression hook) is the collection, `inputElement` the name of each
 * item. The output collection is gathered by the instance run.
 */
function ZeebeLoopCharacteristics(this: unknown, activity: unknown, loop: { behaviour?: Record<string, unknown> }) {
  const behaviour = loop.behaviour ?? {};
  const ext = (behaviour.extensionElements as { values?: { $type: string; [k: string]: unknown }[] } | undefined)?.values ?? [];
  const z = ext.find((v) => v.$type === 'zeebe:LoopCharacteristics');
  const zeebe = z
    ? { collection: z.inputCollection, elementVariable: z.inputElement ?? '$item', loopCardinality: undefined }
    : { collection: undefined, loopCardinality: undefined };
  BaseLoop.call(this, activity, { ...loop, behaviour: { ...behaviour, ...zeebe } });
}
ZeebeLoopCharacteristics.prototype = Object.create(BaseLoop.prototype) as object;

type MessageDefCtor = ((this: unknown, activity: unknown, def: unknown) => void) & {
  prototype: {
    _complete(this: MessageDefThis, verb: string, output: unknown, options: unknown): unknown;
    executeThrow(this: MessageDefThis, executeMessage: { content: Record<string, unknown> }): unknown;
  };
};
type ServiceCtor = new (
  activity: unknown,
  message: unknown,
) => { execute(message: unknown, callback: (err: (Error & { code?: string }) | null) => void): unknown };
interface MessageDefThis {
  activity: { attachedTo?: unknown; behaviour?: { cancelActivity?: boolean; Service?: ServiceCtor } };
  broker: { publish(exchange: string, routingKey: string, content: unknown, options?: unknown): void };
}
const BaseMessage = ElementsAny.MessageEventDefinition as unknown as MessageDefCtor;

/**
 * A non-interrupting message boundary event stays subscribed while its activity is active (as in
 * Zeebe): after each message it is restarted, the way bpmn-elements repeats a timer cycle.
 */
function ZeebeMessageEventDefinition(this: unknown, activity: unknown, def: unknown) {
  BaseMessage.call(this, activity, def);
}
ZeebeMessageEventDefinition.prototype = Object.create(BaseMessage.prototype as object) as MessageDefCtor['prototype'];
ZeebeMessageEventDefinition.prototype._complete = function complete(this: MessageDefThis, verb: string, output: unknown, options: unknown) {
  const activity = this.activity;
  if (activity.attachedTo && activity.behaviour?.cancelActivity === false) {
    this.broker.publish('execution', 'execute.repeat', { repeat: -1 }, options);
  }
  return BaseMessage.prototype._complete.call(this, verb, output, options);
};
/**
 * A message throw event (intermediate or end) with `zeebe:taskDefinition` is a job in Zeebe: the
 * event completes when a worker completes the job (and delivers no message inside the process).
 */
ZeebeMessageEventDefinition.prototype.executeThrow = function executeThrow(
  this: MessageDefThis,
  executeMessage: { content: Record<string, unknown> },
) {
  const Service = this.activity.behaviour?.Service;
  if (!Service) return BaseMessage.prototype.executeThrow.call(this, executeMessage);
  return new Service(this.activity, executeMessage).execute(executeMessage, (err) => {
    // Zeebe's message throw events publish nothing themselves (the worker does): just complete.
    if (!err) return this.broker.publish('execution', 'execute.completed', { ...executeMessage.content });
    const error = Object.assign(new Error(err.message), { code: err.code, name: err.name, inner: err });
    return this.broker.publish('execution', 'execute.error', { ...executeMessage.content, error }, { mandatory: true });
  });
};

export { FACTS_SERVICE };

interface EscalationContext {
  environment: { services?: Record<string, unknown> };
}
type EscalationElement = { id: string; resolve(message: unknown): Record<string, unknown> };
const BaseEscalation = ElementsAny.Escalation as unknown as (def: { id: string }, context: EscalationContext) => EscalationElement;

/** A bpmn:escalation resolves to its code (`code:<escalationCode>`): Zeebe matches escalations by code. */
function ZeebeEscalation(def: { id: string }, context: EscalationContext): EscalationElement {
  const base = BaseEscalation(def, context);
  const facts = context.environment.services?.[FACTS_SERVICE] as DeploymentFacts | undefined;
  return {
    ...base,
    resolve(message: unknown) {
      const resolved = base.resolve(message);
      const code = facts?.escalationCodes.get(def.id);
      return { ...resolved, id: facts ? facts.escalationKey(def.id) : resolved.id, ...(code !== undefined && { code }) };
    },
  };
}

const kExecuteMessage = Symbol.for('executeMessage');
const kReferenceElement = Symbol.for('referenceElement');
interface ScopeRef {
  executionId?: string;
  path?: { executionId?: string }[];
}
interface EscalationDefThis {
  activity: { attachedTo?: { id: string }; environment?: EscalationContext['environment'] };
  [kExecuteMessage]?: { content: { inbound?: { executionId?: string }[] } };
  [kReferenceElement]?: unknown;
}
interface CaughtMessage {
  content: { id?: string; executionId?: string; parent?: ScopeRef; message?: Record<string, unknown> };
}
type EscalationDefCtor = ((this: unknown, activity: unknown, def: unknown) => void) & {
  prototype: { _onCatchMessage(this: EscalationDefThis, routingKey: string, message: CaughtMessage): unknown };
};
const BaseEscalationDef = ElementsAny.EscalationEventDefinition as unknown as EscalationDefCtor;

/**
 * An escalation boundary event catches only escalations thrown inside the activity it is attached
 * to (Zeebe's scope rule; bpmn-elements would catch any escalation with the same reference), only
 * when no scope closer to the thrower catches it (nested subprocesses with the same code: the
 * innermost), and one without an escalation reference catches every escalation.
 */
function ZeebeEscalationEventDefinition(this: unknown, activity: unknown, def: unknown) {
  BaseEscalationDef.call(this, activity, def);
}
ZeebeEscalationEventDefinition.prototype = Object.create(BaseEscalationDef.prototype as object) as EscalationDefCtor['prototype'];
ZeebeEscalationEventDefinition.prototype._onCatchMessage = function onCatchMessage(
  this: EscalationDefThis,
  routingKey: string,
  message: CaughtMessage,
) {
  if (this.activity.attachedTo) {
    const attached = this[kExecuteMessage]?.content.inbound?.[0]?.executionId;
    const c = message.content;
    const scopes = [c.executionId, c.parent?.executionId, ...(c.parent?.path ?? []).map((p) => p.executionId)];
    if (attached && !scopes.includes(attached)) return undefined;
    const facts = this.activity.environment?.services?.[FACTS_SERVICE] as DeploymentFacts | undefined;
    const code = c.message?.code as string | undefined;
    const innermost = facts && c.id ? facts.escalationScopeOf(c.id, code) : undefined;
    if (innermost !== undefined && innermost !== this.activity.attachedTo.id) return undefined;
  }
  if (!this[kReferenceElement]) {
    const anyEscalation = { ...message, content: { ...message.content, message: { ...message.content.message, id: undefined } } };
    return BaseEscalationDef.prototype._onCatchMessage.call(this, routingKey, anyEscalation);
  }
  return BaseEscalationDef.prototype._onCatchMessage.call(this, routingKey, message);
};

type SignalDefCtor = ((this: unknown, activity: unknown, def: unknown) => void) & {
  prototype: { _complete(this: MessageDefThis, output: unknown, options: unknown): unknown };
};
const BaseSignal = ElementsAny.SignalEventDefinition as unknown as SignalDefCtor;

/** A non-interrupting signal boundary event stays subscribed while its activity is active (as in Zeebe). */
function ZeebeSignalEventDefinition(this: unknown, activity: unknown, def: unknown) {
  BaseSignal.call(this, activity, def);
}
ZeebeSignalEventDefinition.prototype = Object.create(BaseSignal.prototype as object) as SignalDefCtor['prototype'];
ZeebeSignalEventDefinition.prototype._complete = function complete(this: MessageDefThis, ...args: unknown[]) {
  const activity = this.activity;
  if (activity.attachedTo && activity.behaviour?.cancelActivity === false) {
    this.broker.publish('execution', 'execute.repeat', { repeat: -1 }, args[args.length - 1]);
  }
  return (BaseSignal.prototype._complete as (...a: unknown[]) => unknown).apply(this, args);
};

withSignalThrow(ZeebeSignalEventDefinition);

export const elementOverrides = {
  StartEvent: ZeebeStartEvent,
  TimerEventDefinition: ZeebeTimerEventDefinition,
  MultiInstanceLoopCharacteristics: ZeebeLoopCharacteristics,
  MessageEventDefinition: ZeebeMessageEventDefinition,
  SignalEventDefinition: ZeebeSignalEventDefinition,
  Escalation: ZeebeEscalation,
  EscalationEventDefinition: ZeebeEscalationEventDefinition,
  SequenceFlow: ZeebeSequenceFlow,
};
