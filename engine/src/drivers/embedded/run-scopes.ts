import type { Variables } from '../../process-engine.js';
import type { ZeebeActivity } from './zeebe-extensions.js';

/**
 * Zeebe's variable scopes that the flat instance variables cannot hold, kept with the snapshot:
 * - an embedded subprocess's `zeebe:input` mappings (local to the subprocess);
 * - a multi-instance activity's input collection (evaluated once, at activation, as Zeebe does —
 *   bpmn-elements would evaluate it again on every restore) and its iterations' output elements;
 * - a multi-instance subprocess iteration's input element and loop counter.
 * Keyed by execution id: `<activity execution>` for an activity, `<multi-instance execution>_<index>`
 * for one iteration.
 */
export interface ScopeState {
  /** Local variables of the scope. */
  l?: Variables;
  /** Multi-instance: the input collection. */
  c?: unknown[];
  /** Multi-instance: the output element of each iteration. */
  o?: unknown[];
  /** Multi-instance: how many iterations completed. */
  n?: number;
}

export interface ScopeContent {
  id?: string;
  type?: string;
  executionId?: string;
  isRootScope?: boolean;
  isMultiInstance?: boolean;
  index?: number;
  parent?: ScopeRef & { path?: ScopeRef[] };
  inbound?: { parent?: ScopeContent['parent'] }[];
  [key: string]: unknown;
}

interface ScopeRef {
  id?: string;
  type?: string;
  executionId?: string;
}

type Evaluate = (expr: string | undefined, elementId: string, extra?: Variables) => unknown;

const ITERATION = /^(.*)_(\d+)$/;

function setPath(target: Variables, path: string, value: unknown) {
  const parts = path.split('.');
  let obj: Variables = target;
  for (const p of parts.slice(0, -1)) {
    if (!obj[p] || typeof obj[p] !== 'object') obj[p] = {};
    obj = obj[p] as Variables;
  }
  obj[parts[parts.length - 1]] = value;
}

export { setPath };

export class RunScopes {
  constructor(
    readonly map: Record<string, ScopeState>,
    private readonly zeebe: (elementId: string) => ZeebeActivity | undefined,
    private readonly evaluate: Evaluate,
  ) {}

  /** The enclosing scopes of an element, outermost first (process excluded). */
  private ancestors(content: ScopeContent): { id: string; executionId: string }[] {
    const parent = content.parent?.executionId ? content.parent : content.inbound?.[0]?.parent;
    if (!parent?.executionId || !parent.id) return [];
    // `path` lists the outer scopes innermost first.
    const chain = [...[...(parent.path ?? [])].reverse(), parent].filter(
      (p) => p.id && p.executionId && p.type !== 'bpmn:Process' && p.type !== 'bpmn:Definitions',
    );
    return chain as { id: string; executionId: string }[];
  }

  /** Local variables of one enclosing scope, created on first use (when the scope begins). */
  private scopeLocals(scope: { id: string; executionId: string }, outer: Variables): Variables {
    const saved = this.map[scope.executionId];
    if (saved?.l) return saved.l;
    const z = this.zeebe(scope.id);
    let locals: Variables = {};
    const iteration = ITERATION.exec(scope.executionId);
    const root = iteration ? this.map[iteration[1]] : undefined;
    if (iteration && root?.c) {
      const index = Number(iteration[2]);
      if (z?.loop?.inputElement) locals[z.loop.inputElement] = root.c[index] ?? null;
      locals.loopCounter = index + 1;
    } else if (saved || !z?.inputs.length) {
      return saved?.l ?? {};
    }
    if (z?.inputs.length) {
      const ctx = { ...outer, ...locals };
      for (const m of z.inputs) setPath(locals, m.target, this.evaluate(m.source, scope.id, ctx));
      locals = { ...locals };
    }
    this.map[scope.executionId] = { ...this.map[scope.executionId], l: locals };
    return locals;
  }

  /**
   * The variables an element sees on top of the instance variables: those of its enclosing scopes,
   * and for a multi-instance task iteration its input element and loop counter.
   */
  localsOf(content: ScopeContent | undefined): Variables | undefined {
    if (!content) return undefined;
    let loc: Variables = {};
    for (const scope of this.ancestors(content)) loc = { ...loc, ...this.scopeLocals(scope, loc) };
    const z = content.id ? this.zeebe(content.id) : undefined;
    if (content.isMultiInstance && !content.isRootScope && content.index !== undefined) {
      if (z?.loop?.inputElement && z.loop.inputElement in content) loc[z.loop.inputElement] = content[z.loop.inputElement];
      loc.loopCounter = Number(content.index) + 1;
    }
    return Object.keys(loc).length ? loc : undefined;
  }

  /** The variables seen inside a scope itself (its enclosing scopes' locals and its own). */
  localsInside(content: ScopeContent, scope: { id: string; executionId: string }): Variables {
    let loc: Variables = {};
    for (const outer of [...this.ancestors(content), scope]) loc = { ...loc, ...this.scopeLocals(outer, loc) };
    return loc;
  }

  /** The input collection of a multi-instance activation: evaluated once, then read back on every restore. */
  collection(executionId: string, evaluate: () => unknown): unknown {
    const saved = this.map[executionId];
    if (saved?.c) return saved.c;
    const value = evaluate();
    if (Array.isArray(value)) this.map[executionId] = { ...saved, c: value };
    return value;
  }

  /**
   * Zeebe's variables for a multi-instance completion condition, counted as iterations complete (the
   * condition is evaluated once per completed iteration, with that iteration's content). Every
   * parallel iteration is active from the start (the run's `batchSize`), so the active ones are
   * exactly those not completed yet.
   */
  completionVariables(iterationExecutionId: string, sequential: boolean): Variables {
    const m = ITERATION.exec(iterationExecutionId);
    const root = m ? this.map[m[1]] : undefined;
    if (!root) return {};
    root.n = (root.n ?? 0) + 1;
    const total = root.c?.length ?? 0;
    return {
      numberOfInstances: total,
      numberOfCompletedInstances: root.n,
      numberOfActiveInstances: sequential ? 0 : Math.max(0, total - root.n),
      numberOfTerminatedInstances: 0,
    };
  }

  /** Record one iteration's output element (`<multi-instance execution>_<index>`). */
  setOutput(iterationExecutionId: string, value: unknown): void {
    const m = ITERATION.exec(iterationExecutionId);
    if (!m || !this.map[m[1]]) return;
    const root = this.map[m[1]];
    root.o = root.o ?? [];
    root.o[Number(m[2])] = value ?? null;
  }

  /** The output collection of a multi-instance activation (one entry per item, null where none). */
  outputs(executionId: string): unknown[] {
    const root = this.map[executionId];
    const size = root?.c?.length ?? root?.o?.length ?? 0;
    return Array.from({ length: size }, (_, i) => root?.o?.[i] ?? null);
  }

  /** The enclosing multi-instance subprocess iteration of an element, if its direct parent is one. */
  iterationOf(content: ScopeContent): { id: string; executionId: string } | undefined {
    const chain = this.ancestors(content);
    const parent = chain[chain.length - 1];
    if (!parent) return undefined;
    const m = ITERATION.exec(parent.executionId);
    return m && this.map[m[1]]?.c ? parent : undefined;
  }

  /** Forget an activity's scope and those of its iterations once it is left. */
  drop(executionId: string): void {
    if (!this.map[executionId]) return;
    delete this.map[executionId];
    const prefix = `${executionId}_`;
    for (const k of Object.keys(this.map)) if (k.startsWith(prefix)) delete this.map[k];
  }
}
