import * as Elements from 'bpmn-elements';
import type { DeploymentFacts } from './deployment-facts.js';

/** The key under which a run hands its deployment facts to bpmn-elements (environment services, never persisted). */
export const FACTS_SERVICE = 'warmlineFacts';

type FlowThis = { targetId: string; environment?: { services?: Record<string, unknown> } };
type FlowCtor = ((this: unknown, ...args: unknown[]) => void) & { prototype: { discard(content?: unknown): unknown } };
const BaseFlow = (Elements as unknown as Record<string, unknown>).SequenceFlow as FlowCtor;

/**
 * bpmn-elements' sequence flow, without dead-path elimination where it cannot matter. bpmn-elements
 * passes a discard down every path from a discarded element until the path loops back on itself, so
 * that a parallel join learns a branch will never come; in a looping model (the SLA clock's
 * event-based gateways) that walks every simple path of the graph on each message — hundreds of
 * milliseconds. Zeebe has no dead-path elimination at all, and only a parallel join ever consumes a
 * discard, so a discard stops here unless the flow leads (possibly through boundary events or into a
 * subprocess) to a parallel join: nothing observable changes.
 */
export function ZeebeSequenceFlow(this: unknown, ...args: unknown[]) {
  BaseFlow.apply(this, args);
}
ZeebeSequenceFlow.prototype = Object.create(BaseFlow.prototype as object) as FlowCtor['prototype'];
ZeebeSequenceFlow.prototype.discard = function discard(this: FlowThis, content?: unknown) {
  const facts = this.environment?.services?.[FACTS_SERVICE] as DeploymentFacts | undefined;
  if (facts && !facts.reachesJoin.has(this.targetId)) return undefined;
  return BaseFlow.prototype.discard.call(this, content);
};
