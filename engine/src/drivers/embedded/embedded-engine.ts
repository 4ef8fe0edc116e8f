import type { Sequelize } from 'sequelize';
import {
  GROUP_TENANT,
  type DeployedProcess,
  type DeployResource,
  type EngineEvent,
  type Incident,
  type ProcessDefinitionInfo,
  type InstanceInfo,
  type InstanceProgress,
  type InstanceRef,
  type JobHandler,
  type ProcessEngine,
  type PublishMessageInput,
  type StartInstanceInput,
  type UserTask,
  type UserTaskFilter,
  type Variables,
  type WorkerHandle,
  type WorkerOptions,
} from '../../process-engine.js';
import { DefinitionStore } from '../../store/definitions.store.js';
import { EngineDb } from '../../store/engine-db.js';
import { ensureGroupSchema, ensureTenantSchema } from '../../store/schema.js';
import { iso } from '../../store/sql.js';
import { CallActivities } from './call-activities.js';
import { Deployments } from './deployments.js';
import { listIncidents, resolveIncident } from './incidents.js';
import { applyAction, createInstance, type Action } from './instance-apply.js';
import type { Wait } from './instance-run.js';
import { ConflictError, loadInstance, parseJson, type InstanceRow } from './instance-store.js';
import { HotInstances, type HotInstanceOptions } from './hot-instances.js';
import { finalProgressFromSnapshot, instanceProgressOf } from './instance-progress.js';
import { JobWorker, type Reservation } from './job-worker.js';
import { Messages } from './messages.js';
import { StartEvents } from './start-events.js';
import { StartTimers } from './start-timers.js';
import { definitionXml, listDefinitionVersions } from './definition-list.js';
import { TimerScheduler } from './timer-scheduler.js';
import { UserTasks } from './user-tasks.js';
import { filterVariables } from './variables.js';

export interface EngineLogger {
  info?(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface EmbeddedEngineOptions {
  databases: {
    group: Sequelize;
    tenant(tenantId: string): Promise<Sequelize>;
    tenantIds(): Promise<string[]>;
  };
  logger?: EngineLogger;
  /** Create the engine tables when missing (tests, benchmarks); the server runs migrations instead. */
  ensureSchema?: boolean;
  /** How often the timer scheduler re-reads the due timers (ms). */
  timerPollMs?: number;
  /** Start the timer scheduler (default true). */
  scheduleTimers?: boolean;
  /**
   * An extra check after the embedded deploy gate (e.g. the server's locked-core-node rules); returns
   * problems to refuse the model. The embedded gate and the Camunda 8.8 lint always run.
   */
  deployGate?: (xml: string) => Promise<{ elementId: string; reason: string; reasonEn: string }[]>;
  /**
   * Internal, for the engine's own safety tests ONLY: deploy without the embedded gate and the lint,
   * to prove the runtime itself never runs model code the gate would have refused. Never set it in
   * the server.
   */
  unsafeSkipDeployGateForTests?: boolean;
  /**
   * Instances kept loaded between actions in this process (decision 0017): at most `maxInstances`
   * (default 200, 0 = off) within `maxMb` of estimated heap (default 128), each unloaded after
   * `idleMs` unused (default 60 s).
   */
  hotInstances?: HotInstanceOptions;
}

export type { Action };

const MAX_CONFLICT_RETRIES = 8;

export class EmbeddedEngine implements ProcessEngine {
  readonly driver = 'embedded' as const;
  readonly definitions: DefinitionStore;
  readonly deployments: Deployments;
  readonly tasks = new UserTasks(this);
  readonly messages = new Messages(this);
  readonly calls = new CallActivities(this);
  readonly starts = new StartEvents(this);
  readonly startTimers = new StartTimers(this);
  readonly hot: HotInstances;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly dbs = new Map<string, Promise<EngineDb>>();
  private readonly workers = new Set<JobWorker>();
  private readonly scheduler: TimerScheduler;
  private groupReady: Promise<void> | null = null;
  private closed = false;

  constructor(readonly options: EmbeddedEngineOptions) {
    this.definitions = new DefinitionStore(options.databases.group);
    this.deployments = new Deployments(this.definitions, { skipGate: options.unsafeSkipDeployGateForTests, extra: options.deployGate });
    this.scheduler = new TimerScheduler(this, options.timerPollMs ?? 1000);
    this.hot = new HotInstances(options.hotInstances);
  }

  /** Begin firing timers and repair call activities left between two transactions by a crash (the server calls this on start). */
  start(): void {
    if (this.options.scheduleTimers === false) return;
    this.scheduler.start();
    void (async () => {
      for (const tenantId of await this.tenantIds()) {
        if (this.closed) return;
        await this.calls.reconcile(tenantId);
        await this.startTimers.reconcile(tenantId);
        await this.starts.reconcile(tenantId);
      }
    })().catch((err: unknown) => this.log.warn({ err }, 'call activities not reconciled'));
  }

  get log(): EngineLogger {
    return this.options.logger ?? { warn: () => undefined, error: () => undefined };
  }

  async group(): Promise<Sequelize> {
    if (this.options.ensureSchema) {
      this.groupReady ??= ensureGroupSchema(this.options.databases.group);
      await this.groupReady;
    }
    return this.options.databases.group;
  }

  /** The engine's access to a tenant database (created on first use). */
  db(tenantId: string): Promise<EngineDb> {
    let db = this.dbs.get(tenantId);
    if (!db) {
      db = (async () => {
        const seq = await this.options.databases.tenant(tenantId);
        if (this.options.ensureSchema) await ensureTenantSchema(seq);
        return EngineDb.for(seq);
      })();
      db.catch(() => this.dbs.delete(tenantId));
      this.dbs.set(tenantId, db);
    }
    return db;
  }

  tenantIds(): Promise<string[]> {
    return this.options.databases.tenantIds();
  }

  emit(event: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.log.error({ err }, 'engine event listener failed');
      }
    }
  }

  /** Whether anyone listens (events that need a read are not produced otherwise). */
  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async deploy(tenantId: string, resources: DeployResource[]): Promise<DeployedProcess[]> {
    await this.group();
    let deployed: DeployedProcess[];
    try {
      deployed = await this.deployments.deploy(tenantId, resources);
    } finally {
      this.starts.invalidate();
    }
    await this.startTimers.deployed(tenantId);
    this.scheduler.wake();
    return deployed;
  }

  async listDefinitions(tenantId: string, options: { includeGroup?: boolean } = {}): Promise<ProcessDefinitionInfo[]> {
    return listDefinitionVersions(await this.group(), tenantId, options.includeGroup === true);
  }

  async getDefinitionXml(tenantId: string, processId: string, version: number): Promise<string | undefined> {
    return definitionXml(await this.group(), tenantId, processId, version);
  }

  async countRunningInstances(tenantId: string, definitionKeys: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries(definitionKeys.map((k) => [k, 0]));
    if (definitionKeys.length === 0 || tenantId === GROUP_TENANT) return counts;
    const db = await this.db(tenantId);
    const rows = await db.select<{ definition_key: string; n: number | string }>(
      `SELECT definition_key, COUNT(*) AS n FROM engine_instances WHERE state IN ('active', 'incident') AND definition_key IN (${definitionKeys
        .map(() => '?')
        .join(', ')}) GROUP BY definition_key`,
      definitionKeys,
    );
    for (const r of rows) counts[r.definition_key] = Number(r.n);
    return counts;
  }

  /** Run `fn` after every earlier piece of work on the same instance in this process. */
  serial<T>(instanceKey: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(instanceKey) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.queues.set(instanceKey, tail);
    void tail.then(() => {
      if (this.queues.get(instanceKey) === tail) this.queues.delete(instanceKey);
    });
    return next;
  }

  apply(tenantId: string, instanceKey: string, action: Action, opts: { fromIncident?: boolean } = {}): Promise<void> {
    return applyAction(this, tenantId, instanceKey, action, opts);
  }

  // ---------------------------------------------------------------- instances

  async startInstance(input: StartInstanceInput): Promise<InstanceRef> {
    await this.group();
    const db = await this.db(input.tenantId);
    if (input.businessKey) {
      const existing = await db.select<InstanceRow>(
        'SELECT instance_key, process_id, version, definition_key FROM engine_instances WHERE business_key = ?',
        [input.businessKey],
      );
      if (existing[0]) return refOf(existing[0]);
    }
    const def = await this.definitions.resolve(input.tenantId, input.processId, input.version);
    if (!def) {
      throw new Error(
        `process ${input.processId}${input.version ? ` version ${input.version}` : ''} is not deployed for ${input.tenantId}`,
      );
    }
    const starts = (await this.deployments.get(def.definition_key)).facts.starts.get(def.process_id) ?? [];
    if (starts.length && !starts.some((s) => s.kind === 'none')) {
      // As Zeebe: only a process with a none start event is started through the API.
      throw new Error(`process ${def.process_id} has no none start event: it starts only by its message, timer or signal start events`);
    }
    return createInstance(this, input.tenantId, def, input.variables ?? {}, { businessKey: input.businessKey ?? null });
  }

  async cancelInstance(tenantId: string, instanceKey: string): Promise<void> {
    const db = await this.db(tenantId);
    this.hot.delete(tenantId, instanceKey);
    const events: EngineEvent[] = [];
    let ended: InstanceRow | undefined;
    await this.serial(instanceKey, async () => {
      const row = await loadInstance(db, instanceKey);
      if (!row) throw new Error(`instance ${instanceKey} not found`);
      if (row.state === 'completed' || row.state === 'terminated') return;
      ended = row;
      const now = new Date();
      const tasks = await db.select<{ task_key: string }>(
        "SELECT task_key FROM engine_user_tasks WHERE instance_key = ? AND state = 'created'",
        [instanceKey],
      );
      await db.transaction(async (tx) => {
        const n = await db.execute(
          "UPDATE engine_instances SET state = 'terminated', waits = '{}', snapshot = ?, rev = rev + 1, ended_at = ?, updated_at = ? WHERE instance_key = ? AND rev = ?",
          [finalProgressFromSnapshot(row.snapshot, row.process_id), now, now, instanceKey, row.rev],
          tx,
        );
        if (n !== 1) throw new ConflictError(instanceKey);
        await db.execute('DELETE FROM engine_jobs WHERE instance_key = ?', [instanceKey], tx);
        await db.execute('DELETE FROM engine_timers WHERE instance_key = ? AND fired_at IS NULL', [instanceKey], tx);
        // The correlation-key lock of a message start stays: it names what the instance held (released below).
        await db.execute("DELETE FROM engine_message_subscriptions WHERE instance_key = ? AND kind <> 'start-lock'", [instanceKey], tx);
        await db.execute(
          "UPDATE engine_user_tasks SET state = 'canceled', completed_at = ? WHERE instance_key = ? AND state = 'created'",
          [now, instanceKey],
          tx,
        );
        await db.execute(
          "UPDATE engine_incidents SET state = 'resolved', resolved_at = ? WHERE instance_key = ? AND state = 'active'",
          [now, instanceKey],
          tx,
        );
      });
      for (const t of tasks) {
        const task = await this.tasks.byKey(db, tenantId, t.task_key);
        if (task) events.push({ type: 'task.canceled', tenantId, task });
      }
      events.push({ type: 'instance.ended', tenantId, instanceKey, processId: row.process_id, state: 'terminated' });
    });
    for (const e of events) this.emit(e);
    if (ended) {
      await this.starts
        .released(tenantId, instanceKey, ended.process_id, ended.definition_key)
        .catch((err: unknown) => this.log.warn({ err }, 'buffered message start failed'));
    }
    const children = await db.select<{ instance_key: string }>(
      "SELECT instance_key FROM engine_instances WHERE parent_instance_key = ? AND state IN ('active', 'incident')",
      [instanceKey],
    );
    for (const c of children) await this.cancelInstance(tenantId, c.instance_key);
  }

  async getInstance(tenantId: string, instanceKey: string): Promise<InstanceInfo | undefined> {
    const db = await this.db(tenantId);
    const row = await loadInstance(db, instanceKey);
    if (!row) return undefined;
    const waits = parseJson<Record<string, Wait>>(row.waits, {});
    return {
      ...refOf(row),
      tenantId,
      state: row.state as InstanceInfo['state'],
      variables: parseJson<Variables>(row.variables, {}),
      startedAt: iso(row.started_at) ?? '',
      endedAt: iso(row.ended_at),
      activeElementIds: [...new Set(Object.values(waits).map((w) => w.el))],
      parentInstanceKey: row.parent_instance_key,
    };
  }

  async getInstanceProgress(tenantId: string, instanceKey: string): Promise<InstanceProgress | undefined> {
    const row = await loadInstance(await this.db(tenantId), instanceKey);
    return row ? instanceProgressOf(row) : undefined;
  }

  async setVariables(tenantId: string, instanceKey: string, variables: Variables): Promise<void> {
    const db = await this.db(tenantId);
    // In the instance's queue, so no run holds its loaded copy meanwhile: a copy at the row's `rev`
    // stays loaded with the new variables (its bpmn-engine state did not change), any other goes.
    await this.serial(instanceKey, async () => {
      const hot = this.hot.take(tenantId, instanceKey);
      for (let attempt = 0; ; attempt++) {
        const row = await loadInstance(db, instanceKey);
        if (!row) throw new Error(`instance ${instanceKey} not found`);
        const merged = JSON.stringify({ ...parseJson<Variables>(row.variables, {}), ...filterVariables(variables) });
        const n = await db.execute(
          'UPDATE engine_instances SET variables = ?, rev = rev + 1, updated_at = ? WHERE instance_key = ? AND rev = ?',
          [merged, new Date(), instanceKey, row.rev],
        );
        if (n === 1) {
          if (hot?.run && row.state === 'active' && Number(hot.row.rev) === Number(row.rev)) {
            this.hot.keep(tenantId, { ...row, variables: merged, rev: Number(row.rev) + 1 }, hot.run);
          } else hot?.run?.dispose();
          return;
        }
        if (attempt > MAX_CONFLICT_RETRIES) throw new ConflictError(instanceKey);
      }
    });
  }

  // ---------------------------------------------------------------- messages, signals, tasks, jobs, incidents

  publishMessage(input: PublishMessageInput): Promise<{ messageKey: string; correlated: boolean }> {
    return this.messages.publish(input);
  }

  broadcastSignal(tenantId: string, name: string, variables?: Variables): Promise<void> {
    return this.messages.broadcastSignal(tenantId, name, variables);
  }

  searchUserTasks(filter: UserTaskFilter): Promise<UserTask[]> {
    return this.tasks.search(filter);
  }

  async getUserTask(tenantId: string, taskKey: string): Promise<UserTask | undefined> {
    return this.tasks.byKey(await this.db(tenantId), tenantId, taskKey);
  }

  assignUserTask(tenantId: string, taskKey: string, assignee: string | null): Promise<void> {
    return this.tasks.assign(tenantId, taskKey, assignee);
  }

  completeUserTask(tenantId: string, taskKey: string, variables?: Variables): Promise<void> {
    return this.tasks.complete(tenantId, taskKey, variables);
  }

  registerWorker(type: string, handler: JobHandler, options?: WorkerOptions): WorkerHandle {
    const worker = new JobWorker(this, type, handler, options ?? {});
    this.workers.add(worker);
    worker.start();
    return {
      close: async () => {
        this.workers.delete(worker);
        await worker.close();
      },
    };
  }

  /** A job of `type` became activatable: wake this process's workers of that type. */
  jobCreated(_tenantId: string, type: string): void {
    for (const w of this.workers) if (w.type === type) w.wake();
  }

  /** A free slot of a worker of this process for a job about to be created (handed over without polling). */
  reserveWorker(type: string): Reservation | undefined {
    for (const w of this.workers) {
      if (w.type !== type) continue;
      const r = w.reserve();
      if (r) return r;
    }
    return undefined;
  }

  listIncidents(tenantId: string, filter?: { instanceKey?: string; state?: Incident['state'] }): Promise<Incident[]> {
    return listIncidents(this, tenantId, filter);
  }

  resolveIncident(tenantId: string, incidentKey: string, fix?: { variables?: Variables; retries?: number }): Promise<void> {
    return resolveIncident(this, tenantId, incidentKey, fix);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.stop();
    await Promise.all([...this.workers].map((w) => w.close()));
    this.workers.clear();
    await Promise.all([...this.queues.values()]);
    this.hot.clear();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

function refOf(row: Pick<InstanceRow, 'instance_key' | 'process_id' | 'version' | 'definition_key'>): InstanceRef {
  return { instanceKey: row.instance_key, processId: row.process_id, version: Number(row.version), definitionKey: row.definition_key };
}

export { GROUP_TENANT, filterVariables };
