import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import type { Variables } from '../../process-engine.js';
import { newKey } from '../../store/keys.js';
import { evaluateExpression } from '../../feel/index.js';
import { expressionHooks, scriptHooks, timerHooks, type HookHost } from './run-hooks.js';
import { onActivityEnd, recordIterationOutput } from './run-outputs.js';
import { RunScopes, setPath, type ScopeContent } from './run-scopes.js';
import { finalProgressSnapshot } from './instance-progress.js';
import { packSnapshot, silentLogger, taskSpecOf, unpackSnapshot } from './run-support.js';
import {
  ENGINE_VERSION,
  RunError,
  type Added,
  type Api,
  type Callback,
  type CallSpec,
  type DeploymentInfo,
  type Removed,
  type RunOutcome,
  type Wait,
  type WaitKind,
} from './run-types.js';
import { moddleOptions } from './source-contexts.js';
import { elementOverrides, FACTS_SERVICE } from './zeebe-elements.js';
import { readZeebe, type ZeebeActivity } from './zeebe-extensions.js';
import { RUN_SERVICE, type RunChoices } from './zeebe-starts.js';

export * from './run-types.js';

type Broker = { publish(exchange: string, routingKey: string, content: unknown, properties?: unknown): void };

/** bpmn-engine's own version, as its `getState()` writes it. */
const BPMN_ENGINE_VERSION = ENGINE_VERSION.slice('bpmn-engine@'.length).split('+')[0];

interface LiveExecution {
  state: string;
  stopped: boolean;
  environment: { getState(): unknown };
  definitions: { getState(): unknown }[];
}

/**
 * One load of an instance: restore (or start), apply events, collect what the instance now waits
 * for, and produce the state to persist. After a committed run that left it waiting, the caller may
 * keep it loaded (hot, decision 0017) and give it the next action through `continueFrom`.
 */
export class InstanceRun implements HookHost {
  vars: Variables;
  readonly current: Map<string, Wait>;
  private readonly before: Map<string, Wait>;
  private readonly apis = new Map<string, Api>();
  private readonly jobCallbacks = new Map<string, Callback>();
  readonly pendingTimers = new Map<string, { el: string; due: number }>();
  readonly dueTimers = new Map<string, () => void>();
  private added = new Map<string, Added>();
  private done = new Map<string, 'done' | 'canceled'>();
  private escalations: (string | undefined)[] = [];
  private errors: RunOutcome['errors'] = [];
  private signals: RunOutcome['signals'] = [];
  private readonly choices: RunChoices = {
    throwSignal: (name, elementId) =>
      this.guard(() => {
        const loc = this.inputs(this.zeebeOf({ id: elementId }), elementId);
        this.signals.push({ name, elementId, variables: loc ?? {} });
      }),
  };
  scopes: RunScopes;
  private failure: RunError | null = null;
  private ended = false;
  private readonly engine: InstanceType<typeof Engine>;
  private readonly listener = new EventEmitter();

  constructor(
    readonly deployment: DeploymentInfo,
    processId: string,
    instanceKey: string,
    variables: Variables,
    waits: Record<string, Wait>,
  ) {
    this.vars = variables;
    this.current = new Map(Object.entries(waits));
    this.before = new Map(this.current);
    this.scopes = this.newScopes({});
    this.engine = new Engine({
      name: instanceKey,
      sourceContext: deployment.sourceFor(processId),
      moddleOptions,
      elements: elementOverrides,
      Logger: silentLogger,
      expressions: expressionHooks(this),
      scripts: scriptHooks(this),
      extensions: { zeebe: (activity: unknown) => this.extend(activity) },
      timers: timerHooks(this),
      // batchSize: every iteration of a parallel multi-instance is active at once, as in Zeebe (bpmn-elements
      // would start batches of 50), so numberOfActiveInstances = numberOfInstances - completed is exact.
      settings: { enableDummyService: false, batchSize: Number.MAX_SAFE_INTEGER },
      services: { [FACTS_SERVICE]: deployment.facts, [RUN_SERVICE]: this.choices },
    } as never);
    this.engine.on('end', () => (this.ended = true));
    this.engine.on('error', (err: Error) =>
      this.fail(err, (err as { source?: { content?: { id?: string } } }).source?.content?.id ?? '(process)', 'UNHANDLED_ERROR'),
    );
    this.listener.on('activity.enter', (api: Api) => this.guard(() => this.scopes.localsOf(api.content)));
    this.listener.on('activity.wait', (api: Api) => this.guard(() => this.onWait(api)));
    this.listener.on('activity.call', (api: Api) => this.guard(() => this.onCall(api)));
    this.listener.on('activity.end', (api: Api) => this.guard(() => onActivityEnd(this, api)));
    this.listener.on('activity.escalate', (api: Api) => this.onEscalate(api));
    this.listener.on('activity.throw', (api: Api) => this.onThrow(api));
    this.listener.on('activity.leave', (api: Api) => this.onLeave(api));
    this.listener.on('activity.discard', (api: Api) => this.onLeave(api));
  }

  private newScopes(saved: RunScopes['map']): RunScopes {
    return new RunScopes(
      saved,
      (id) => this.deployment.zeebe.get(id),
      (expr, el, extra) => this.evaluate(expr, el, extra),
    );
  }

  get failed(): RunError | null {
    return this.failure;
  }

  /** Run a listener; a failure is recorded as the run's failure (bpmn-engine must not see the throw). */
  private guard(fn: () => unknown) {
    try {
      fn();
    } catch (err) {
      if (!this.failure) this.fail(err, '(process)', 'ENGINE_ERROR');
    }
  }

  fail(err: unknown, elementId: string, type: RunError['errorType']) {
    if (this.failure) return;
    const inner = (err as { inner?: Error })?.inner ?? err;
    const message = (inner as Error)?.message ?? String(inner);
    const isFeel =
      (inner as Error)?.name === 'FeelError' ||
      (err as Error)?.name === 'FeelError' ||
      /failed to evaluate expression|expected the condition/.test(message);
    const code = type === 'UNHANDLED_ERROR' ? ((inner as { code?: unknown })?.code ?? (err as { code?: unknown })?.code) : undefined;
    this.failure = new RunError(message, elementId, isFeel ? 'EXPRESSION_ERROR' : type, code === undefined ? undefined : String(code));
  }

  zeebeOf(activity: { id: string; behaviour?: unknown }): ZeebeActivity {
    let z = this.deployment.zeebe.get(activity.id);
    if (!z) {
      z = readZeebe(activity.behaviour);
      this.deployment.zeebe.set(activity.id, z);
    }
    return z;
  }

  evaluate(expr: string | undefined, elementId: string, extra?: Variables): unknown {
    try {
      return evaluateExpression(expr, extra ? { ...this.vars, ...extra } : this.vars);
    } catch (err) {
      this.fail(err, elementId, 'EXPRESSION_ERROR');
      throw err;
    }
  }

  localsOf(message: { content?: ScopeContent } | undefined): Variables | undefined {
    return this.scopes.localsOf(message?.content);
  }

  /** zeebe:taskDefinition → a job; zeebe:calledElement is handled by onCall. */
  private extend(activity: unknown) {
    const a = activity as { id: string; type: string; behaviour: Record<string, unknown> };
    const z = this.zeebeOf(a);
    if (z.taskType !== undefined && a.type !== 'bpmn:UserTask') {
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      const run = this;
      a.behaviour.Service = function Service(_act: unknown, message: { content: Record<string, unknown> }) {
        return {
          execute: (executeMessage: { content: Record<string, unknown> }, callback: Callback) =>
            run.onJob(a.id, z, executeMessage ?? message, callback),
        };
      };
    }
    return undefined;
  }

  private addWait(waitKey: string, wait: Wait, api: Api | null, spec: Omit<Added, 'waitKey' | 'wait'> = {}) {
    this.current.set(waitKey, wait);
    if (api) this.apis.set(waitKey, api);
    this.added.set(waitKey, { waitKey, wait, ...spec });
  }

  private onJob(elementId: string, z: ZeebeActivity, message: { content: Record<string, unknown> }, callback: Callback) {
    const waitKey = String(message.content.executionId);
    this.jobCallbacks.set(waitKey, callback);
    if (this.current.has(waitKey)) return;
    try {
      const loc = this.inputs(z, elementId, this.localsOf(message));
      const type = String(this.evaluate(z.taskType, elementId, loc) ?? '');
      const retries = Number(this.evaluate(z.retries ?? '3', elementId, loc) ?? 3);
      const wait: Wait = { k: 'job', el: elementId, key: newKey(), ...(loc && { loc }) };
      this.addWait(waitKey, wait, null, { job: { type, retries: Number.isFinite(retries) ? retries : 3, headers: z.headers } });
    } catch {
      /* recorded as the run's failure */
    }
  }

  private inputs(z: ZeebeActivity, elementId: string, scope?: Variables): Variables | undefined {
    if (!z.inputs.length && !scope) return undefined;
    const loc: Variables = { ...scope };
    for (const m of z.inputs) setPath(loc, m.target, this.evaluate(m.source, elementId, loc));
    return loc;
  }

  private onWait(api: Api) {
    const waitKey = api.executionId;
    if (this.current.has(waitKey)) {
      this.apis.set(waitKey, api);
      return;
    }
    const content = api.content;
    if (api.type === 'bpmn:UserTask') {
      const z = this.zeebeOf({ id: api.id, behaviour: api.owner?.behaviour });
      const loc = this.inputs(z, api.id, this.localsOf(api));
      const name = String((api as unknown as { name?: string }).name ?? (content.name as string) ?? api.id);
      const task = taskSpecOf(z, name, (e) => this.evaluate(e, api.id, loc));
      this.addWait(waitKey, { k: 'task', el: api.id, key: newKey(), ...(loc && { loc }) }, api, { task });
      return;
    }
    const msg = content.message;
    if (msg?.id && (content.type === 'bpmn:MessageEventDefinition' || api.type === 'bpmn:ReceiveTask' || msg.name)) {
      const def = this.deployment.messages.get(msg.id);
      const name = def?.name ?? msg.name ?? msg.id;
      const loc = this.localsOf(api);
      const ck = def?.correlationKey ? this.evaluate(def.correlationKey, api.id, loc) : '';
      const wait: Wait = {
        k: 'msg',
        el: api.id,
        key: newKey(),
        name: String(this.evaluate(name, api.id, loc) ?? name),
        ck: ck === null || ck === undefined ? '' : String(ck),
      };
      this.addWait(waitKey, wait, api);
      return;
    }
    if ((content as { escalation?: unknown }).escalation) return;
    const sig = content.signal;
    if (sig?.id) this.addWait(waitKey, { k: 'signal', el: api.id, key: newKey(), name: sig.name ?? sig.id, ck: '' }, api);
  }

  /** A call activity waits for its child instance; the child's instance key is the wait's key. */
  private onCall(api: Api) {
    const waitKey = api.executionId;
    this.apis.set(waitKey, api);
    if (this.current.has(waitKey)) return;
    const z = this.zeebeOf({ id: api.id, behaviour: api.owner?.behaviour });
    const loc = this.inputs(z, api.id, this.localsOf(api));
    const processId = String(this.evaluate(z.calledProcessId, api.id, loc) ?? '');
    const variables = z.propagateAllParentVariables ? { ...this.vars, ...loc } : { ...loc };
    const wait: Wait = {
      k: 'call',
      el: api.id,
      key: newKey(),
      pid: processId,
      ...(!z.propagateAllParentVariables && { pa: false as const }),
      ...(loc && { loc }),
    };
    this.addWait(waitKey, wait, null, { call: { processId, variables } });
  }

  /** An escalation not caught inside this instance goes to the call activity of the parent (as in Zeebe). */
  private onEscalate(api: Api) {
    const code = (api.content.message as { code?: string } | undefined)?.code;
    if (!this.deployment.facts.caughtWithin(api.id, code)) this.escalations.push(code);
  }

  /** An error end event whose error no enclosing subprocess catches: the instance cannot just end (Zeebe raises it). */
  private onThrow(api: Api) {
    const message = api.content.message as { code?: unknown; name?: string } | undefined;
    const code = message?.code === undefined || message.code === null ? undefined : String(message.code);
    if (this.deployment.facts.errorCaughtWithin(api.id, code)) return;
    this.errors.push({ code, message: `unhandled BPMN error ${code ?? message?.name ?? ''}`.trim(), elementId: api.id });
  }

  /** A child's uncaught BPMN error reaches the call activity that waits for it (its error boundary event catches it). */
  throwCallError(waitKey: string, code: string, message: string): void {
    const wait = this.current.get(waitKey);
    const api = this.apis.get(waitKey);
    if (!wait || wait.k !== 'call' || !api) throw new Error(`call ${waitKey} is not active`);
    this.drop(waitKey, 'done');
    (api as unknown as { sendApiMessage(action: string, content: unknown): void }).sendApiMessage('error', {
      message,
      code,
      name: 'BpmnError',
    });
  }

  /**
   * A child's uncaught escalation is thrown again by the call activity that waits for it: its own
   * boundary events, then those of its enclosing subprocesses (innermost first) may catch it; if none
   * does, it goes on to this instance's parent (as in Zeebe).
   */
  escalate(waitKey: string, code: string | undefined): void {
    const wait = this.current.get(waitKey);
    const api = this.apis.get(waitKey) as (Api & { broker?: Broker }) | undefined;
    if (!wait || wait.k !== 'call' || !api?.broker) throw new Error(`call ${waitKey} is not active`);
    const { parent, ...content } = api.content as Record<string, unknown> & { parent?: unknown };
    api.broker.publish(
      'event',
      'activity.escalate',
      { ...content, parent, state: 'throw', message: { id: code !== undefined ? `code:${code}` : undefined, code } },
      { type: 'escalate', delegate: true },
    );
  }

  private onLeave(api: Api) {
    const executionId = api.executionId;
    this.scopes.drop(executionId);
    const facts = this.deployment.facts;
    for (const [waitKey, wait] of this.current) {
      if (wait.k === 'timer') continue;
      const own = wait.el === api.id && (waitKey === executionId || waitKey.startsWith(`${executionId}_`));
      // bpmn-elements does not announce the end of what runs inside a subprocess that is left early.
      if (own || (api.type === 'bpmn:SubProcess' && facts.inside(wait.el, api.id))) this.drop(waitKey, 'canceled');
    }
    if (api.type === 'bpmn:SubProcess') {
      for (const [k, t] of this.pendingTimers) if (facts.inside(t.el, api.id)) this.pendingTimers.delete(k);
    }
  }

  private drop(waitKey: string, how: 'done' | 'canceled' = 'done') {
    this.current.delete(waitKey);
    this.apis.delete(waitKey);
    this.jobCallbacks.delete(waitKey);
    if (this.added.has(waitKey)) this.added.delete(waitKey);
    else if (!this.done.has(waitKey)) this.done.set(waitKey, how);
  }

  /** Start at the none start event, or at the message/timer/signal start event `startAt` that triggered the instance. */
  async start(variables: Variables, startAt?: string): Promise<void> {
    this.choices.startAt = startAt;
    Object.assign(this.vars, variables);
    await this.engine.execute({ listener: this.listener } as never);
    this.fireDueTimers();
  }

  async resume(snapshot: Buffer): Promise<void> {
    const { engineState, scopes } = unpackSnapshot(snapshot);
    this.scopes = this.newScopes(scopes);
    this.engine.recover(engineState as never);
    await this.engine.resume({ listener: this.listener } as never);
    this.fireDueTimers();
  }

  /** Fire the timers that are due, in due order, now that every element is restored. */
  private fireDueTimers() {
    for (let guard = 0; this.dueTimers.size && guard < 10_000 && !this.failure; guard++) {
      const dueAt = (key: string) => Number(key.slice(key.lastIndexOf('@') + 1));
      const [k, cb] = [...this.dueTimers.entries()].reduce((a, b) => (dueAt(b[0]) < dueAt(a[0]) ? b : a));
      this.dueTimers.delete(k);
      try {
        cb();
      } catch (err) {
        this.fail(err, '(process)', 'ENGINE_ERROR');
      }
    }
  }

  waitFor(waitKey: string): Wait | undefined {
    return this.current.get(waitKey);
  }

  /** Apply a completion's variables to the process scope through the element's output mappings. */
  private applyOutputs(wait: Wait, variables: Variables | undefined) {
    const z = this.deployment.zeebe.get(wait.el);
    if (z?.outputs.length) {
      const ctx = { ...this.vars, ...wait.loc, ...variables };
      for (const m of z.outputs) setPath(this.vars, m.target, this.evaluate(m.source, wait.el, ctx));
    } else if (variables) Object.assign(this.vars, variables);
  }

  completeJob(waitKey: string, variables?: Variables): void {
    const wait = this.current.get(waitKey);
    const cb = this.jobCallbacks.get(waitKey);
    if (!wait || wait.k !== 'job' || !cb) throw new Error(`job ${waitKey} is not active`);
    try {
      this.applyOutputs(wait, variables);
      recordIterationOutput(this, waitKey, wait, variables);
    } catch {
      return; /* recorded as the run's failure */
    }
    this.drop(waitKey);
    cb(null, {});
  }

  throwJobError(waitKey: string, errorCode: string, errorMessage: string, variables?: Variables): void {
    const wait = this.current.get(waitKey);
    const cb = this.jobCallbacks.get(waitKey);
    if (!wait || wait.k !== 'job' || !cb) throw new Error(`job ${waitKey} is not active`);
    if (variables) Object.assign(this.vars, variables);
    this.drop(waitKey);
    const err = Object.assign(new Error(errorMessage || errorCode), { code: errorCode, name: 'BpmnError' });
    cb(err);
  }

  /** The call waits this run has added so far (children still to start), in order. */
  addedCalls(): { waitKey: string; call: CallSpec }[] {
    return [...this.added.values()].filter((a) => a.wait.k === 'call' && a.call).map((a) => ({ waitKey: a.waitKey, call: a.call! }));
  }

  signalWait(waitKey: string, kind: WaitKind, variables?: Variables): void {
    const wait = this.current.get(waitKey);
    const api = this.apis.get(waitKey);
    if (!wait || wait.k !== kind || !api) throw new Error(`${kind} ${waitKey} is not active`);
    try {
      if (kind === 'task' || kind === 'call') this.applyOutputs(wait, variables);
      else if (variables) Object.assign(this.vars, variables);
      recordIterationOutput(this, waitKey, wait, variables);
    } catch {
      return; /* recorded as the run's failure */
    }
    this.drop(waitKey);
    api.signal({});
  }

  async finish(): Promise<RunOutcome> {
    // A timer the action itself armed with a due time already past (e.g. a timeDate before now) fires now, as in Zeebe.
    this.fireDueTimers();
    if (this.failure) throw this.failure;
    const removed: Removed[] = [];
    const now = Date.now();
    for (const [waitKey, how] of this.done) {
      const wait = this.before.get(waitKey);
      if (wait) removed.push({ waitKey, wait, how });
    }
    for (const [waitKey, wait] of this.before) {
      if (wait.k !== 'timer' || this.pendingTimers.has(waitKey)) continue;
      this.current.delete(waitKey);
      removed.push({ waitKey, wait, how: (wait.due ?? 0) <= now ? 'fired' : 'canceled' });
    }
    const added = [...this.added.values()];
    for (const [waitKey, t] of this.pendingTimers) {
      if (this.before.has(waitKey)) continue;
      const wait: Wait = { k: 'timer', el: t.el, key: newKey(), due: t.due };
      this.current.set(waitKey, wait);
      added.push({ waitKey, wait });
    }
    const completed = this.ended || String(this.engine.state) === 'completed';
    if (completed) {
      this.engine.removeAllListeners();
      this.listener.removeAllListeners();
      const gone = new Set(removed.map((r) => r.waitKey));
      for (const [waitKey, wait] of this.before) if (!gone.has(waitKey)) removed.push({ waitKey, wait, how: 'canceled' });
      return {
        state: 'completed',
        variables: this.vars,
        waits: {},
        added: [],
        removed,
        // Only the final progress (which elements ran), for the diagram of a finished instance.
        snapshot: finalProgressSnapshot(await this.engine.getState()),
        escalations: this.escalations,
        errors: this.errors,
        signals: this.signals,
      };
    }
    const snapshot = packSnapshot(this.engineState(), this.scopes.map);
    return {
      state: 'active',
      variables: this.vars,
      waits: Object.fromEntries(this.current),
      added,
      removed,
      snapshot,
      escalations: this.escalations,
      errors: this.errors,
      signals: this.signals,
    };
  }

  /**
   * bpmn-engine's state as `engine.getState()` gives it, without serialising each definition's
   * source (the whole moddle context, on every run) only for `packSnapshot` to drop it.
   */
  private engineState(): unknown {
    const execution = (this.engine as unknown as { execution?: LiveExecution }).execution;
    if (!execution) throw new RunError('instance has no execution to save', '(process)', 'ENGINE_ERROR');
    return {
      name: this.engine.name,
      state: execution.state,
      stopped: execution.stopped,
      engineVersion: BPMN_ENGINE_VERSION,
      environment: execution.environment.getState(),
      definitions: execution.definitions.map((d) => d.getState()),
    };
  }

  /**
   * The next action on an instance kept loaded since its last committed run: what the run tracks
   * starts afresh from that committed row (`variables`, `waits`: the values a restore would read), the
   * bpmn-engine state and what it registered (waiting activities, job callbacks, armed timers) stay.
   * False when it cannot continue: it failed or ended, or a timer is due (a restore fires due timers
   * before the action; the caller restores instead).
   */
  continueFrom(variables: Variables, waits: Record<string, Wait>): boolean {
    if (this.failure || this.ended || this.dueTimers.size) return false;
    const now = Date.now();
    for (const t of this.pendingTimers.values()) if (t.due <= now) return false;
    this.vars = variables;
    this.current.clear();
    this.before.clear();
    for (const [k, w] of Object.entries(waits)) {
      this.current.set(k, w);
      this.before.set(k, w);
    }
    this.added = new Map();
    this.done = new Map();
    this.escalations = [];
    this.errors = [];
    this.signals = [];
    this.choices.startAt = undefined;
    this.scopes = this.newScopes(JSON.parse(JSON.stringify(this.scopes.map)) as RunScopes['map']);
    return true;
  }

  /** Unloaded (evicted or replaced): nothing may reach it any more. */
  dispose(): void {
    this.engine.removeAllListeners();
    this.listener.removeAllListeners();
  }
}
