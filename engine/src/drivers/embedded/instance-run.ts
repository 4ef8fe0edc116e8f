import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import type { Variables } from '../../process-engine.js';
import { newKey } from '../../store/keys.js';
import { evaluateCondition, evaluateExpression } from '../../feel/index.js';
import { elementOverrides, moddleOptions } from './source-contexts.js';
import { readZeebe, type ZeebeActivity } from './zeebe-extensions.js';

export const ENGINE_VERSION = 'bpmn-engine@25.0.1+bpmn-elements@17.3.0';

export type WaitKind = 'job' | 'task' | 'timer' | 'msg' | 'signal' | 'call';

/** One thing an instance waits for; persisted in `engine_instances.waits`, keyed by execution id. */
export interface Wait {
  k: WaitKind;
  el: string;
  key: string;
  loc?: Variables;
  due?: number;
  name?: string;
  ck?: string;
}

export interface TaskSpec {
  name: string;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: Date | null;
  followUpDate: Date | null;
  priority: number;
  formId: string | null;
}

export interface JobSpec {
  type: string;
  retries: number;
  headers: Record<string, string>;
}

export interface CallSpec {
  processId: string;
  variables: Variables;
}

export interface Added {
  waitKey: string;
  wait: Wait;
  task?: TaskSpec;
  job?: JobSpec;
  call?: CallSpec;
}

export interface Removed {
  waitKey: string;
  wait: Wait;
  how: 'done' | 'fired' | 'canceled';
}

export interface RunOutcome {
  state: 'active' | 'completed';
  variables: Variables;
  waits: Record<string, Wait>;
  added: Added[];
  removed: Removed[];
  snapshot: Buffer | null;
}

export class RunError extends Error {
  constructor(
    message: string,
    readonly elementId: string,
    readonly errorType: 'EXPRESSION_ERROR' | 'UNHANDLED_ERROR' | 'ENGINE_ERROR',
  ) {
    super(message);
    this.name = 'RunError';
  }
}

export interface DeploymentInfo {
  sourceFor(processId: string): unknown;
  messages: Map<string, { name: string; correlationKey?: string }>;
  zeebe: Map<string, ZeebeActivity>;
}

type Callback = (err: unknown, output?: unknown) => void;
interface Api {
  id: string;
  type: string;
  executionId: string;
  content: Record<string, unknown> & { message?: { id?: string; name?: string }; signal?: { id?: string; name?: string } };
  owner?: { behaviour?: unknown };
  signal(payload?: unknown): void;
}

const silentLogger = () => ({ debug() {}, error() {}, warn() {} });

function setPath(target: Variables, path: string, value: unknown) {
  const parts = path.split('.');
  let obj: Variables = target;
  for (const p of parts.slice(0, -1)) {
    if (!obj[p] || typeof obj[p] !== 'object') obj[p] = {};
    obj = obj[p] as Variables;
  }
  obj[parts[parts.length - 1]] = value;
}

/** Drop the embedded source and the variables bpmn-elements copies into every environment. */
function strip(value: unknown, depth = 0): unknown {
  if (!value || typeof value !== 'object' || depth > 40) return value;
  if (Array.isArray(value)) {
    for (const v of value) strip(v, depth + 1);
    return value;
  }
  const obj = value as Record<string, unknown>;
  if (depth <= 2 && 'source' in obj && typeof obj.source === 'string') delete obj.source;
  if (obj.environment && typeof obj.environment === 'object') {
    const env = obj.environment as Record<string, unknown>;
    if (env.variables) env.variables = {};
  }
  for (const k of Object.keys(obj)) strip(obj[k], depth + 1);
  return value;
}

export function unpackSnapshot(snapshot: Buffer): unknown {
  return JSON.parse(inflateRawSync(snapshot).toString('utf8'));
}

/**
 * One load of an instance: restore (or start), apply events, collect what the instance now waits
 * for, and produce the state to persist. Nothing survives the run: the caller drops it.
 */
export class InstanceRun {
  readonly vars: Variables;
  readonly current: Map<string, Wait>;
  private readonly before: Map<string, Wait>;
  private readonly apis = new Map<string, Api>();
  private readonly jobCallbacks = new Map<string, Callback>();
  private readonly pendingTimers = new Map<string, { el: string; due: number }>();
  private readonly added = new Map<string, Added>();
  private readonly done = new Map<string, 'done' | 'canceled'>();
  private failure: RunError | null = null;
  private ended = false;
  private readonly engine: InstanceType<typeof Engine>;
  private readonly listener = new EventEmitter();

  constructor(
    private readonly deployment: DeploymentInfo,
    private readonly processId: string,
    private readonly instanceKey: string,
    variables: Variables,
    waits: Record<string, Wait>,
  ) {
    this.vars = variables;
    this.current = new Map(Object.entries(waits));
    this.before = new Map(this.current);
    this.engine = new Engine({
      name: instanceKey,
      sourceContext: deployment.sourceFor(processId),
      moddleOptions,
      elements: elementOverrides,
      Logger: silentLogger,
      expressions: this.expressions(),
      scripts: this.scripts(),
      extensions: { zeebe: (activity: unknown) => this.extend(activity) },
      timers: this.timers(),
      settings: { enableDummyService: false },
    } as never);
    this.engine.on('end', () => (this.ended = true));
    this.engine.on('error', (err: Error) =>
      this.fail(err, (err as { source?: { content?: { id?: string } } }).source?.content?.id ?? '(process)', 'UNHANDLED_ERROR'),
    );
    this.listener.on('activity.wait', (api: Api) => this.onWait(api));
    this.listener.on('activity.call', (api: Api) => this.onCall(api));
    this.listener.on('activity.leave', (api: Api) => this.onLeave(api));
    this.listener.on('activity.discard', (api: Api) => this.onLeave(api));
  }

  get failed(): RunError | null {
    return this.failure;
  }

  private fail(err: unknown, elementId: string, type: RunError['errorType']) {
    if (this.failure) return;
    const inner = (err as { inner?: Error })?.inner ?? err;
    const message = (inner as Error)?.message ?? String(inner);
    const isFeel =
      (inner as Error)?.name === 'FeelError' ||
      (err as Error)?.name === 'FeelError' ||
      /failed to evaluate expression|expected the condition/.test(message);
    this.failure = new RunError(message, elementId, isFeel ? 'EXPRESSION_ERROR' : type);
  }

  private zeebeOf(activity: { id: string; behaviour?: unknown }): ZeebeActivity {
    let z = this.deployment.zeebe.get(activity.id);
    if (!z) {
      z = readZeebe(activity.behaviour);
      this.deployment.zeebe.set(activity.id, z);
    }
    return z;
  }

  private evaluate(expr: string | undefined, elementId: string, extra?: Variables): unknown {
    try {
      return evaluateExpression(expr, extra ? { ...this.vars, ...extra } : this.vars);
    } catch (err) {
      this.fail(err, elementId, 'EXPRESSION_ERROR');
      throw err;
    }
  }

  private localsOf(message: { content?: Record<string, unknown> } | undefined): Variables | undefined {
    const content = message?.content;
    if (!content) return undefined;
    const loc: Variables = {};
    // Multi-instance: the iteration's element under the zeebe:loopCharacteristics inputElement name.
    const el = content.id as string | undefined;
    const z = el ? this.deployment.zeebe.get(el) : undefined;
    if (z?.loop?.inputElement && 'item' in content) loc[z.loop.inputElement] = content.item;
    if ('index' in content && content.isMultiInstance) loc.loopCounter = Number(content.index) + 1;
    return Object.keys(loc).length ? loc : undefined;
  }

  private expressions() {
    return {
      resolveExpression: (expr: unknown, from: { content?: Record<string, unknown> }) => {
        if (typeof expr !== 'string') return expr;
        const elementId = (from?.content?.id as string) ?? '(process)';
        if (!expr.trim().startsWith('=')) return expr; // static value: never interpreted
        return this.evaluate(expr, elementId, this.localsOf(from));
      },
      isExpression: (text: unknown) => typeof text === 'string' && text.trim().startsWith('='),
      hasExpression: (text: unknown) => typeof text === 'string' && text.trim().startsWith('='),
    };
  }

  /** Only FEEL: sequence-flow conditions and zeebe:script. Anything else is refused. */
  private scripts() {
    return {
      register: () => undefined,
      getScript: (_language: string, element: { id: string; type: string; behaviour?: { conditionExpression?: { body?: string } } }) => {
        if (element.type === 'bpmn:SequenceFlow') {
          const body = element.behaviour?.conditionExpression?.body ?? '';
          return {
            execute: (_scope: unknown, callback: Callback) => {
              try {
                callback(null, evaluateCondition(body.trim(), this.vars));
              } catch (err) {
                this.fail(err, element.id, 'EXPRESSION_ERROR');
                callback(err);
              }
            },
          };
        }
        if (element.type === 'bpmn:ScriptTask') {
          const z = this.zeebeOf(element);
          if (!z.script) {
            this.fail(
              new Error('only zeebe:script FEEL expressions run in scripts; other script languages are refused'),
              element.id,
              'ENGINE_ERROR',
            );
            return undefined;
          }
          const script = z.script;
          return {
            execute: (scope: { content?: Record<string, unknown> }, callback: Callback) => {
              try {
                const value = evaluateExpression(script.expression, { ...this.vars, ...this.localsOf(scope) });
                if (script.resultVariable) this.vars[script.resultVariable] = value;
                callback(null, value);
              } catch (err) {
                this.fail(err, element.id, 'EXPRESSION_ERROR');
              }
            },
          };
        }
        return undefined;
      },
    };
  }

  private timers() {
    const pending = this.pendingTimers;
    const api = {
      executing: [] as unknown[],
      register: (owner: { expireAt?: Date | string }) => ({
        setTimeout: (_cb: unknown, delay: number, meta: { id: string; executionId: string }) => {
          const due = owner?.expireAt ? new Date(owner.expireAt).getTime() : Date.now() + delay;
          const k = `t:${meta.executionId}@${due}`;
          pending.set(k, { el: meta.id, due });
          return { k };
        },
        clearTimeout: (ref: { k?: string } | undefined) => {
          if (ref?.k) pending.delete(ref.k);
        },
      }),
      setTimeout: () => ({}),
      clearTimeout: () => undefined,
    };
    return api;
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

  private onJob(elementId: string, z: ZeebeActivity, message: { content: Record<string, unknown> }, callback: Callback) {
    const waitKey = String(message.content.executionId);
    this.jobCallbacks.set(waitKey, callback);
    if (this.current.has(waitKey)) return;
    try {
      const scope = this.localsOf(message);
      const loc = this.inputs(z, elementId, scope);
      const type = String(this.evaluate(z.taskType, elementId, loc) ?? '');
      const retries = Number(this.evaluate(z.retries ?? '3', elementId, loc) ?? 3);
      const wait: Wait = { k: 'job', el: elementId, key: newKey(), ...(loc && { loc }) };
      this.current.set(waitKey, wait);
      this.added.set(waitKey, { waitKey, wait, job: { type, retries: Number.isFinite(retries) ? retries : 3, headers: z.headers } });
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
    try {
      if (api.type === 'bpmn:UserTask') {
        const z = this.zeebeOf({ id: api.id, behaviour: api.owner?.behaviour });
        const loc = this.inputs(z, api.id, this.localsOf(api));
        const ev = (e: string | undefined) => this.evaluate(e, api.id, loc);
        const list = (v: unknown) =>
          Array.isArray(v)
            ? v.map(String)
            : typeof v === 'string' && v.trim()
              ? v
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean)
              : [];
        const dateOf = (v: unknown) => (v ? new Date(String(v)) : null);
        const assignee = ev(z.assignee);
        const priority = Number(ev(z.priority) ?? 50);
        const task: TaskSpec = {
          name: String((api as unknown as { name?: string }).name ?? (content.name as string) ?? api.id),
          assignee: assignee ? String(assignee) : null,
          candidateGroups: list(ev(z.candidateGroups)),
          candidateUsers: list(ev(z.candidateUsers)),
          dueDate: dateOf(ev(z.dueDate)),
          followUpDate: dateOf(ev(z.followUpDate)),
          priority: Number.isFinite(priority) ? priority : 50,
          formId: z.formId ?? null,
        };
        const wait: Wait = { k: 'task', el: api.id, key: newKey(), ...(loc && { loc }) };
        this.current.set(waitKey, wait);
        this.apis.set(waitKey, api);
        this.added.set(waitKey, { waitKey, wait, task });
        return;
      }
      const msg = content.message;
      if (msg?.id && (content.type === 'bpmn:MessageEventDefinition' || api.type === 'bpmn:ReceiveTask' || msg.name)) {
        const def = this.deployment.messages.get(msg.id);
        const name = def?.name ?? msg.name ?? msg.id;
        const ck = def?.correlationKey ? this.evaluate(def.correlationKey, api.id) : '';
        const wait: Wait = {
          k: 'msg',
          el: api.id,
          key: newKey(),
          name: String(this.evaluate(name, api.id) ?? name),
          ck: ck === null || ck === undefined ? '' : String(ck),
        };
        this.current.set(waitKey, wait);
        this.apis.set(waitKey, api);
        this.added.set(waitKey, { waitKey, wait });
        return;
      }
      const sig = content.signal;
      if (sig?.id) {
        const wait: Wait = { k: 'signal', el: api.id, key: newKey(), name: sig.name ?? sig.id, ck: '' };
        this.current.set(waitKey, wait);
        this.apis.set(waitKey, api);
        this.added.set(waitKey, { waitKey, wait });
      }
    } catch {
      /* recorded as the run's failure */
    }
  }

  private onCall(api: Api) {
    const waitKey = api.executionId;
    this.apis.set(waitKey, api);
    if (this.current.has(waitKey)) return;
    try {
      const z = this.zeebeOf({ id: api.id, behaviour: api.owner?.behaviour });
      const processId = String(this.evaluate(z.calledProcessId, api.id) ?? '');
      const loc = this.inputs(z, api.id, this.localsOf(api));
      const variables = z.propagateAllParentVariables ? { ...this.vars, ...loc } : { ...loc };
      const wait: Wait = { k: 'call', el: api.id, key: newKey(), ...(loc && { loc }) };
      this.current.set(waitKey, wait);
      this.added.set(waitKey, { waitKey, wait, call: { processId, variables } });
    } catch {
      /* recorded as the run's failure */
    }
  }

  private onLeave(api: Api) {
    const executionId = api.executionId;
    for (const [waitKey, wait] of this.current) {
      if (wait.k === 'timer' || wait.el !== api.id) continue;
      if (waitKey === executionId || waitKey.startsWith(`${executionId}_`)) this.drop(waitKey, 'canceled');
    }
  }

  private drop(waitKey: string, how: 'done' | 'canceled' = 'done') {
    this.current.delete(waitKey);
    this.apis.delete(waitKey);
    this.jobCallbacks.delete(waitKey);
    if (this.added.has(waitKey)) this.added.delete(waitKey);
    else if (!this.done.has(waitKey)) this.done.set(waitKey, how);
  }

  async start(variables: Variables): Promise<void> {
    Object.assign(this.vars, variables);
    await this.engine.execute({ listener: this.listener } as never);
  }

  async resume(snapshot: Buffer): Promise<void> {
    this.engine.recover(unpackSnapshot(snapshot) as never);
    await this.engine.resume({ listener: this.listener } as never);
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
    this.applyOutputs(wait, variables);
    if (this.failure) return;
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

  signalWait(waitKey: string, kind: WaitKind, variables?: Variables): void {
    const wait = this.current.get(waitKey);
    const api = this.apis.get(waitKey);
    if (!wait || wait.k !== kind || !api) throw new Error(`${kind} ${waitKey} is not active`);
    if (kind === 'task' || kind === 'call') this.applyOutputs(wait, variables);
    else if (variables) Object.assign(this.vars, variables);
    if (this.failure) return;
    this.drop(waitKey);
    api.signal({});
  }

  async finish(): Promise<RunOutcome> {
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
    this.engine.removeAllListeners();
    this.listener.removeAllListeners();
    if (completed) {
      const gone = new Set(removed.map((r) => r.waitKey));
      for (const [waitKey, wait] of this.before) if (!gone.has(waitKey)) removed.push({ waitKey, wait, how: 'canceled' });
      return { state: 'completed', variables: this.vars, waits: {}, added: [], removed, snapshot: null };
    }
    const state = strip(await this.engine.getState());
    const snapshot = deflateRawSync(JSON.stringify(state));
    return { state: 'active', variables: this.vars, waits: Object.fromEntries(this.current), added, removed, snapshot };
  }
}
