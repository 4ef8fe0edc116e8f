import type { ParsedElement, ParsedProcess } from './model.types.js';

/**
 * The virtual target "the scope ends here": a path from a contract node that reaches an end
 * (an end event, a node without outgoing flows, a terminate end, an interrupting event subprocess)
 * without passing another contract node. Treated like a locked node, so that ending a scope early
 * is a bypass of the contract nodes that used to come first.
 */
export const SCOPE_END = '(end)';

/** The virtual node "the scope starts" (its successors are the scope's start events). */
export const scopeStart = (scopeId: string): string => `(start:${scopeId})`;

const FORKING_GATEWAYS = new Set(['bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:ComplexGateway']);

/** The sequence-flow graph of one process: node → successor node ids (flows, boundary attachments, link events). */
export interface FlowGraph {
  byId: Map<string, ParsedElement>;
  successors: Map<string, string[]>;
  /** Outgoing sequence flows per node. */
  flowsOut: Map<string, number>;
  /** Scopes (process or subprocess ids) that contain an interrupting event subprocess. */
  interruptibleScopes: Set<string>;
}

export function flowGraphOf(proc: ParsedProcess): FlowGraph {
  const byId = new Map(proc.elements.map((e) => [e.id, e]));
  const successors = new Map<string, string[]>();
  const edges = new Set<string>();
  const flowsOut = new Map<string, number>();
  const add = (from: string, to: string) => {
    const key = `${from}\u0000${to}`;
    if (edges.has(key)) return;
    edges.add(key);
    const list = successors.get(from);
    if (list) list.push(to);
    else successors.set(from, [to]);
  };
  const linkCatches = new Map<string, string[]>();
  for (const e of proc.elements) {
    if (e.$type === 'bpmn:IntermediateCatchEvent') {
      const link = e.eventDefinitions.find((d) => d.type === 'link');
      if (link?.type === 'link' && link.name !== undefined) {
        const key = `${e.parentId}\u0000${link.name}`;
        linkCatches.set(key, [...(linkCatches.get(key) ?? []), e.id]);
      }
    }
  }
  const interruptibleScopes = new Set<string>();
  for (const e of proc.elements) {
    if (e.$type === 'bpmn:SequenceFlow') {
      if (e.sourceRef && e.targetRef) {
        add(e.sourceRef, e.targetRef);
        flowsOut.set(e.sourceRef, (flowsOut.get(e.sourceRef) ?? 0) + 1);
      }
    } else if (e.$type === 'bpmn:BoundaryEvent' && e.attachedToRef) {
      // A boundary event leaves from the node it is attached to.
      add(e.attachedToRef, e.id);
    } else if (e.$type === 'bpmn:IntermediateThrowEvent') {
      const link = e.eventDefinitions.find((d) => d.type === 'link');
      if (link?.type === 'link' && link.name !== undefined) {
        for (const target of linkCatches.get(`${e.parentId}\u0000${link.name}`) ?? []) add(e.id, target);
      }
    } else if (e.$type === 'bpmn:StartEvent') {
      add(scopeStart(e.parentId), e.id);
      const sub = byId.get(e.parentId);
      if (sub?.triggeredByEvent && e.isInterrupting !== false) interruptibleScopes.add(sub.parentId);
    }
  }
  return { byId, successors, flowsOut, interruptibleScopes };
}

/** Stepping from `from` to `to` splits the token: the path no longer ends its scope by ending. */
function forks(graph: FlowGraph, from: string, to: string): boolean {
  const target = graph.byId.get(to);
  if (target?.$type === 'bpmn:BoundaryEvent' && target.attachedToRef === from) return target.cancelActivity === false;
  const source = graph.byId.get(from);
  if (!source) return false;
  const outgoing = graph.flowsOut.get(from) ?? 0;
  if (FORKING_GATEWAYS.has(source.$type)) return outgoing > 1;
  // Several outgoing flows on an activity or event are taken in parallel (conditional ones too, conservatively).
  return !source.$type.endsWith('Gateway') && outgoing > 1;
}

const isTerminate = (e: ParsedElement | undefined) => !!e?.eventDefinitions.some((d) => d.type === 'terminate');

/**
 * S(from): the contract nodes (and SCOPE_END) reachable from `from` by sequence flows passing only
 * through non-contract nodes, within `from`'s scope (a subprocess is one node of its parent scope;
 * flows never cross scopes). `from` itself is never in the set: looping back to a node is allowed.
 */
export function skeletonFrom(graph: FlowGraph, contract: ReadonlySet<string>, from: string): Set<string> {
  const out = new Set<string>();
  const start = graph.byId.get(from);
  if (start && graph.interruptibleScopes.has(start.parentId)) out.add(SCOPE_END);
  // A contract node that ends its path (an end event) leads to the end of its scope.
  if (start && ((graph.successors.get(from) ?? []).length === 0 || isTerminate(start))) out.add(SCOPE_END);
  const seen = new Set<string>();
  const queue: Array<[string, boolean]> = [];
  const push = (node: string, forked: boolean) => {
    const key = `${node}\u0000${forked}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push([node, forked]);
  };
  for (const next of graph.successors.get(from) ?? []) push(next, forks(graph, from, next));
  for (let i = 0; i < queue.length; i++) {
    const [node, forked] = queue[i];
    if (node === from) continue;
    if (contract.has(node)) {
      out.add(node);
      continue;
    }
    const next = graph.successors.get(node) ?? [];
    if (next.length === 0 || isTerminate(graph.byId.get(node))) {
      if (!forked || isTerminate(graph.byId.get(node))) out.add(SCOPE_END);
      continue;
    }
    for (const n of next) push(n, forked || forks(graph, node, n));
  }
  return out;
}

/** Every node reachable from `from` in a skeleton (transitively), not counting `from` unless on a cycle. */
export function skeletonClosure(skeleton: ReadonlyMap<string, ReadonlySet<string>>, from: string): Set<string> {
  const out = new Set<string>();
  const stack = [...(skeleton.get(from) ?? [])];
  while (stack.length) {
    const n = stack.pop()!;
    if (out.has(n)) continue;
    out.add(n);
    stack.push(...(skeleton.get(n) ?? []));
  }
  return out;
}
