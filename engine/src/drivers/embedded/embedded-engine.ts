import { createHash } from 'node:crypto';
import type { Sequelize, Transaction } from 'sequelize';
import {
  GROUP_TENANT,
  ModelRejectedError,
  type DeployedProcess,
  type DeployResource,
  type EngineEvent,
  type Incident,
  type InstanceInfo,
  type InstanceRef,
  type JobHandler,
  type JobOutcome,
  type ProcessEngine,
  type PublishMessageInput,
  type StartInstanceInput,
  type UserTask,
  type UserTaskFilter,
  type Variables,
  type WorkerHandle,
  type WorkerOptions,
} from '../../process-engine.js';
import { validateDeployment } from '../../model/index.js';
import { DefinitionStore } from '../../store/definitions.store.js';
import { newKey } from '../../store/keys.js';
import { ensureGroupSchema, ensureTenantSchema } from '../../store/schema.js';
import { execute, inTransaction, insert, iso, select } from '../../store/sql.js';
import { ENGINE_VERSION, InstanceRun, RunError, type RunOutcome, type Wait } from './instance-run.js';
import { parseDeployment, type ParsedDeployment } from './source-contexts.js';
import { ConflictError, loadInstance, parseJson, persistOutcome, type InstanceRow } from './tenant-db.js';
import { JobWorker } from './job-worker.js';
import { TimerScheduler } from './timer-scheduler.js';

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
}

/** What a run applies to a restored instance. Stored with an incident so resolving can retry it. */
export type Action =
  | { t: 'start'; variables: Variables }
  | { t: 'resume' }
  | { t: 'job'; waitKey: string; variables?: Variables }
  | { t: 'jobError'; waitKey: string; code: string; message: string; variables?: Variables }
  | { t: 'task'; waitKey: string; variables?: Variables }
  | { t: 'msg' | 'signal' | 'call'; waitKey: string; variables?: Variables };

const MAX_CONFLICT_RETRIES = 8;

type FollowUp = () => Promise<unknown>;

export class EmbeddedEngine implements ProcessEngine {
  readonly driver = 'embedded' as const;
  readonly definitions: DefinitionStore;
  private readonly deployments = new Map<string, Promise<ParsedDeployment>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly schemaReady = new Map<string, Promise<void>>();
  private readonly workers = new Set<JobWorker>();
  private readonly scheduler: TimerScheduler;
  private groupReady: Promise<void> | null = null;
  private closed = false;

  constructor(readonly options: EmbeddedEngineOptions) {
    this.definitions = new DefinitionStore(options.databases.group);
    this.scheduler = new TimerScheduler(this, options.timerPollMs ?? 1000);
  }

  /** Begin firing timers (the server calls this on start). */
  start(): void {
    if (this.options.scheduleTimers !== false) this.scheduler.start();
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

  async db(tenantId: string): Promise<Sequelize> {
    const db = await this.options.databases.tenant(tenantId);
    if (this.options.ensureSchema) {
      let ready = this.schemaReady.get(tenantId);
      if (!ready) {
        ready = ensureTenantSchema(db);
        this.schemaReady.set(tenantId, ready);
      }
      await ready;
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

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---------------------------------------------------------------- definitions

  async deploy(tenantId: string, resources: DeployResource[]): Promise<DeployedProcess[]> {
    await this.group();
    // Check every resource before storing any: a refused file leaves nothing deployed.
    const checked: { resource: DeployResource; parsed: ParsedDeployment }[] = [];
    for (const resource of resources) {
      if (!this.options.unsafeSkipDeployGateForTests) await validateDeployment(resource.content);
      const parsed = await parseDeployment(resource.content);
      if (this.options.deployGate) {
        const problems = await this.options.deployGate(resource.content);
        if (problems.length) throw new ModelRejectedError(problems);
      }
      if (!parsed.processIds.length) {
        throw new ModelRejectedError([
          { elementId: '(document)', reason: '文件中没有可执行的流程', reasonEn: 'the file holds no executable process' },
        ]);
      }
      checked.push({ resource, parsed });
    }
    const result: DeployedProcess[] = [];
    for (const { resource, parsed } of checked) {
      const checksum = createHash('sha256').update(resource.content).digest('hex');
      for (const processId of parsed.processIds) {
        for (let attempt = 0; ; attempt++) {
          const latest = await this.definitions.latest(tenantId, processId);
          if (latest && latest.checksum === checksum) {
            result.push({ processId, version: latest.version, definitionKey: latest.definition_key, resourceName: latest.resource_name });
            break;
          }
          const row = {
            tenant_id: tenantId,
            process_id: processId,
            version: (latest?.version ?? 0) + 1,
            definition_key: newKey(),
            resource_name: resource.name,
            xml: resource.content,
            checksum,
          };
          try {
            await this.definitions.insert(row);
            this.deployments.set(row.definition_key, Promise.resolve(parsed));
            result.push({ processId, version: row.version, definitionKey: row.definition_key, resourceName: row.resource_name });
            break;
          } catch (err) {
            if (attempt >= 3) throw err; // a concurrent deploy took the version: read again
          }
        }
      }
    }
    return result;
  }

  deployment(definitionKey: string): Promise<ParsedDeployment> {
    let d = this.deployments.get(definitionKey);
    if (!d) {
      d = this.definitions.byKey(definitionKey).then((row) => {
        if (!row) throw new Error(`process definition ${definitionKey} not found`);
        return parseDeployment(row.xml);
      });
      d.catch(() => this.deployments.delete(definitionKey));
      this.deployments.set(definitionKey, d);
    }
    return d;
  }

  // ---------------------------------------------------------------- serialisation per instance

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

  // ---------------------------------------------------------------- instances

  async startInstance(input: StartInstanceInput): Promise<InstanceRef> {
    await this.group();
    const db = await this.db(input.tenantId);
    if (input.businessKey) {
      const existing = await select<InstanceRow>(
        db,
        'SELECT instance_key, process_id, version, definition_key FROM engine_instances WHERE business_key = ?',
        [input.businessKey],
      );
      if (existing[0]) return this.refOf(existing[0]);
    }
    const def = await this.definitions.resolve(input.tenantId, input.processId, input.version);
    if (!def)
      throw new Error(
        `process ${input.processId}${input.version ? ` version ${input.version}` : ''} is not deployed for ${input.tenantId}`,
      );
    return this.createInstance(input.tenantId, def, input.variables ?? {}, { businessKey: input.businessKey ?? null });
  }

  async createInstance(
    tenantId: string,
    def: { process_id: string; version: number; definition_key: string },
    variables: Variables,
    link: { businessKey?: string | null; parentInstanceKey?: string; parentWaitKey?: string },
  ): Promise<InstanceRef> {
    const db = await this.db(tenantId);
    const instanceKey = newKey();
    const now = new Date();
    const insertRow = {
      instance_key: instanceKey,
      process_id: def.process_id,
      version: def.version,
      definition_key: def.definition_key,
      business_key: link.businessKey ?? null,
      parent_instance_key: link.parentInstanceKey ?? null,
      parent_wait_key: link.parentWaitKey ?? null,
      started_at: now,
    };
    const ref: InstanceRef = { instanceKey, processId: def.process_id, version: def.version, definitionKey: def.definition_key };
    const followUps = await this.serial(instanceKey, async (): Promise<FollowUp[]> => {
      const deployment = await this.deployment(def.definition_key);
      const run = new InstanceRun(deployment, def.process_id, instanceKey, {}, {});
      let outcome: RunOutcome | null = null;
      let failure: RunError | null = null;
      try {
        await run.start(filterVariables(variables));
        outcome = await run.finish();
      } catch (err) {
        failure = err instanceof RunError ? err : new RunError((err as Error).message, '(process)', 'ENGINE_ERROR');
      }
      const events: EngineEvent[] = [{ type: 'instance.started', tenantId, instanceKey, processId: def.process_id, version: def.version }];
      if (failure) {
        // No good state yet: keep the variables, retrying starts the instance again.
        await inTransaction(db, async (tx) => {
          await insert(
            db,
            'engine_instances',
            {
              ...insertRow,
              state: 'incident',
              variables: JSON.stringify(filterVariables(variables)),
              waits: '{}',
              snapshot: null,
              engine_version: ENGINE_VERSION,
              rev: 0,
              updated_at: now,
            },
            tx,
          );
          events.push(await this.raiseIncident(db, tx, tenantId, instanceKey, failure!, { t: 'start', variables: {} }, null));
        });
        for (const e of events) this.emit(e);
        return [];
      }
      await inTransaction(db, (tx) =>
        persistOutcome(
          db,
          tx,
          { instanceKey, processId: def.process_id, rev: null, insertRow, engineVersion: ENGINE_VERSION },
          outcome!,
          now,
        ),
      );
      for (const e of events) this.emit(e);
      return this.afterCommit(
        tenantId,
        db,
        instanceKey,
        def.process_id,
        outcome!,
        insertRow.parent_instance_key,
        insertRow.parent_wait_key,
      );
    });
    for (const f of followUps) await f();
    return ref;
  }

  private refOf(row: Pick<InstanceRow, 'instance_key' | 'process_id' | 'version' | 'definition_key'>): InstanceRef {
    return { instanceKey: row.instance_key, processId: row.process_id, version: Number(row.version), definitionKey: row.definition_key };
  }

  /**
   * Restore an instance, apply one action, persist, unload. Serialised per instance in this process;
   * across processes the `rev` column makes the loser retry on fresh state.
   */
  async apply(tenantId: string, instanceKey: string, action: Action, opts: { fromIncident?: boolean } = {}): Promise<void> {
    const db = await this.db(tenantId);
    for (let attempt = 0; ; attempt++) {
      try {
        const followUps = await this.serial(instanceKey, () => this.applyOnce(tenantId, db, instanceKey, action, opts));
        for (const f of followUps) await f();
        return;
      } catch (err) {
        if (err instanceof ConflictError && attempt < MAX_CONFLICT_RETRIES) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
        throw err;
      }
    }
  }

  private async applyOnce(
    tenantId: string,
    db: Sequelize,
    instanceKey: string,
    action: Action,
    opts: { fromIncident?: boolean },
  ): Promise<FollowUp[]> {
    const row = await loadInstance(db, instanceKey);
    if (!row) throw new Error(`instance ${instanceKey} not found`);
    if (row.state !== 'active' && !(opts.fromIncident && row.state === 'incident')) {
      if (action.t === 'resume') return []; // nothing to do (e.g. a timer of an ended instance)
      throw new Error(`instance ${instanceKey} is ${row.state}`);
    }
    const deployment = await this.deployment(row.definition_key);
    const vars = parseJson<Variables>(row.variables, {});
    const waits = parseJson<Record<string, Wait>>(row.waits, {});
    const run = new InstanceRun(deployment, row.process_id, instanceKey, vars, action.t === 'start' ? {} : waits);
    let outcome: RunOutcome;
    try {
      if (action.t === 'start') await run.start({});
      else {
        if (!row.snapshot) throw new RunError('instance has no saved state', '(process)', 'ENGINE_ERROR');
        await run.resume(row.snapshot);
      }
      switch (action.t) {
        case 'start':
        case 'resume':
          break;
        case 'job':
          run.completeJob(action.waitKey, filterVariables(action.variables));
          break;
        case 'jobError':
          run.throwJobError(action.waitKey, action.code, action.message, filterVariables(action.variables));
          break;
        case 'task':
        case 'msg':
        case 'signal':
        case 'call':
          run.signalWait(action.waitKey, action.t, filterVariables(action.variables));
          break;
      }
      outcome = await run.finish();
    } catch (err) {
      if (!(err instanceof RunError) && !run.failed) {
        if (!opts.fromIncident) throw err; // e.g. the task is no longer active: the caller's mistake
      }
      const failure = run.failed ?? (err instanceof RunError ? err : new RunError((err as Error).message, '(process)', 'ENGINE_ERROR'));
      const event = await inTransaction(db, async (tx) => {
        const n = await execute(
          db,
          "UPDATE engine_instances SET state = 'incident', rev = rev + 1, updated_at = ? WHERE instance_key = ? AND rev = ?",
          [new Date(), instanceKey, row.rev],
          tx,
        );
        if (n !== 1) throw new ConflictError(instanceKey);
        return this.raiseIncident(db, tx, tenantId, instanceKey, failure, action, null);
      });
      this.emit(event);
      return [];
    }
    const now = new Date();
    await inTransaction(db, (tx) =>
      persistOutcome(db, tx, { instanceKey, processId: row.process_id, rev: Number(row.rev), engineVersion: ENGINE_VERSION }, outcome, now),
    );
    return this.afterCommit(tenantId, db, instanceKey, row.process_id, outcome, row.parent_instance_key, row.parent_wait_key);
  }

  async raiseIncident(
    db: Sequelize,
    tx: Transaction,
    tenantId: string,
    instanceKey: string,
    failure: RunError | { message: string; elementId: string; errorType: Incident['errorType'] },
    action: Action | null,
    jobKey: string | null,
  ): Promise<EngineEvent> {
    const incident: Incident = {
      incidentKey: newKey(),
      tenantId,
      instanceKey,
      elementId: failure.elementId,
      errorType: failure.errorType,
      errorMessage: failure.message,
      state: 'active',
      createdAt: new Date().toISOString(),
      jobKey,
    };
    await insert(
      db,
      'engine_incidents',
      {
        incident_key: incident.incidentKey,
        instance_key: instanceKey,
        element_id: incident.elementId.slice(0, 128),
        error_type: incident.errorType,
        error_message: incident.errorMessage,
        state: 'active',
        job_key: jobKey,
        retry_action: action ? JSON.stringify(action) : null,
        created_at: new Date(incident.createdAt),
      },
      tx,
    );
    return { type: 'incident.raised', tenantId, incident };
  }

  /** Events, child instances, buffered messages and the parent of a finished child. */
  private async afterCommit(
    tenantId: string,
    db: Sequelize,
    instanceKey: string,
    processId: string,
    outcome: RunOutcome,
    parentInstanceKey: string | null,
    parentWaitKey: string | null,
  ): Promise<FollowUp[]> {
    const followUps: FollowUp[] = [];
    const taskEvents = outcome.added.filter((a) => a.wait.k === 'task' || a.wait.k === 'job');
    for (const r of outcome.removed) {
      if (r.wait.k === 'task') {
        const task = await this.taskByKey(db, tenantId, r.wait.key);
        if (task) this.emit({ type: r.how === 'done' ? 'task.completed' : 'task.canceled', tenantId, task });
      }
    }
    for (const a of taskEvents) {
      if (a.wait.k === 'task') {
        const task = await this.taskByKey(db, tenantId, a.wait.key);
        if (task) this.emit({ type: 'task.created', tenantId, task });
      } else this.wakeWorkers(a.job!.type);
    }
    if (outcome.state === 'completed') {
      this.emit({ type: 'instance.ended', tenantId, instanceKey, processId, state: 'completed' });
      if (parentInstanceKey && parentWaitKey) {
        followUps.push(() =>
          this.apply(tenantId, parentInstanceKey, { t: 'call', waitKey: parentWaitKey, variables: outcome.variables }).catch(
            (err: unknown) => this.log.error({ err, parentInstanceKey }, 'could not resume the parent of a finished call activity'),
          ),
        );
      }
    }
    for (const a of outcome.added) {
      if (a.wait.k === 'call') followUps.push(() => this.startChild(tenantId, instanceKey, a.waitKey, a.wait, a.call!));
      if (a.wait.k === 'msg') followUps.push(() => this.correlateBuffered(tenantId, db, instanceKey, a.waitKey, a.wait));
    }
    return followUps;
  }

  private async startChild(
    tenantId: string,
    parentKey: string,
    waitKey: string,
    wait: Wait,
    call: { processId: string; variables: Variables },
  ) {
    try {
      const def = await this.definitions.resolve(tenantId, call.processId);
      if (!def) throw new Error(`called process ${call.processId} is not deployed`);
      const child = await this.createInstance(tenantId, def, call.variables, { parentInstanceKey: parentKey, parentWaitKey: waitKey });
      void child;
    } catch (err) {
      const db = await this.db(tenantId);
      const event = await inTransaction(db, async (tx) => {
        await execute(db, "UPDATE engine_instances SET state = 'incident', rev = rev + 1 WHERE instance_key = ?", [parentKey], tx);
        return this.raiseIncident(
          db,
          tx,
          tenantId,
          parentKey,
          { message: (err as Error).message, elementId: wait.el, errorType: 'CALLED_ELEMENT_ERROR' },
          { t: 'resume' },
          null,
        );
      });
      this.emit(event);
    }
  }

  async cancelInstance(tenantId: string, instanceKey: string): Promise<void> {
    const db = await this.db(tenantId);
    const events: EngineEvent[] = [];
    await this.serial(instanceKey, async () => {
      const row = await loadInstance(db, instanceKey);
      if (!row) throw new Error(`instance ${instanceKey} not found`);
      if (row.state === 'completed' || row.state === 'terminated') return;
      const now = new Date();
      const tasks = await select<{ task_key: string }>(
        db,
        "SELECT task_key FROM engine_user_tasks WHERE instance_key = ? AND state = 'created'",
        [instanceKey],
      );
      await inTransaction(db, async (tx) => {
        const n = await execute(
          db,
          "UPDATE engine_instances SET state = 'terminated', waits = '{}', snapshot = NULL, rev = rev + 1, ended_at = ?, updated_at = ? WHERE instance_key = ? AND rev = ?",
          [now, now, instanceKey, row.rev],
          tx,
        );
        if (n !== 1) throw new ConflictError(instanceKey);
        await execute(db, 'DELETE FROM engine_jobs WHERE instance_key = ?', [instanceKey], tx);
        await execute(db, 'DELETE FROM engine_timers WHERE instance_key = ? AND fired_at IS NULL', [instanceKey], tx);
        await execute(db, 'DELETE FROM engine_message_subscriptions WHERE instance_key = ?', [instanceKey], tx);
        await execute(
          db,
          "UPDATE engine_user_tasks SET state = 'canceled', completed_at = ? WHERE instance_key = ? AND state = 'created'",
          [now, instanceKey],
          tx,
        );
        await execute(
          db,
          "UPDATE engine_incidents SET state = 'resolved', resolved_at = ? WHERE instance_key = ? AND state = 'active'",
          [now, instanceKey],
          tx,
        );
      });
      for (const t of tasks) {
        const task = await this.taskByKey(db, tenantId, t.task_key);
        if (task) events.push({ type: 'task.canceled', tenantId, task });
      }
      events.push({ type: 'instance.ended', tenantId, instanceKey, processId: row.process_id, state: 'terminated' });
    });
    for (const e of events) this.emit(e);
    const children = await select<{ instance_key: string }>(
      db,
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
      ...this.refOf(row),
      tenantId,
      state: row.state as InstanceInfo['state'],
      variables: parseJson<Variables>(row.variables, {}),
      startedAt: iso(row.started_at) ?? '',
      endedAt: iso(row.ended_at),
      activeElementIds: [...new Set(Object.values(waits).map((w) => w.el))],
      parentInstanceKey: row.parent_instance_key,
    };
  }

  async setVariables(tenantId: string, instanceKey: string, variables: Variables): Promise<void> {
    const db = await this.db(tenantId);
    for (let attempt = 0; ; attempt++) {
      const row = await loadInstance(db, instanceKey);
      if (!row) throw new Error(`instance ${instanceKey} not found`);
      const merged = { ...parseJson<Variables>(row.variables, {}), ...filterVariables(variables) };
      const n = await execute(
        db,
        'UPDATE engine_instances SET variables = ?, rev = rev + 1, updated_at = ? WHERE instance_key = ? AND rev = ?',
        [JSON.stringify(merged), new Date(), instanceKey, row.rev],
      );
      if (n === 1) return;
      if (attempt > MAX_CONFLICT_RETRIES) throw new ConflictError(instanceKey);
    }
  }

  // ---------------------------------------------------------------- messages and signals

  async publishMessage(input: PublishMessageInput): Promise<{ messageKey: string; correlated: boolean }> {
    const db = await this.db(input.tenantId);
    if (input.messageId) {
      const dup = await select<{ message_key: string; correlated_at: unknown }>(
        db,
        'SELECT message_key, correlated_at FROM engine_messages WHERE message_id = ?',
        [input.messageId],
      );
      if (dup[0]) return { messageKey: dup[0].message_key, correlated: false };
    }
    const messageKey = newKey();
    const subs = await select<{ instance_key: string; wait_key: string }>(
      db,
      "SELECT instance_key, wait_key FROM engine_message_subscriptions WHERE kind = 'msg' AND name = ? AND correlation_key = ? ORDER BY created_at",
      [input.name, input.correlationKey],
    );
    for (const sub of subs) {
      try {
        await this.apply(input.tenantId, sub.instance_key, { t: 'msg', waitKey: sub.wait_key, variables: input.variables });
        if (input.messageId) await this.recordMessage(db, input, messageKey, new Date(), new Date()).catch(() => undefined);
        return { messageKey, correlated: true };
      } catch {
        // the subscription went away meanwhile: try the next one
      }
    }
    const ttl = input.timeToLiveMs ?? 0;
    if (ttl > 0 || input.messageId) {
      try {
        await this.recordMessage(db, input, messageKey, null, new Date(Date.now() + ttl));
      } catch (err) {
        if (input.messageId) {
          const dup = await select<{ message_key: string }>(db, 'SELECT message_key FROM engine_messages WHERE message_id = ?', [
            input.messageId,
          ]);
          if (dup[0]) return { messageKey: dup[0].message_key, correlated: false };
        }
        throw err;
      }
    }
    return { messageKey, correlated: false };
  }

  private recordMessage(db: Sequelize, input: PublishMessageInput, messageKey: string, correlatedAt: Date | null, expiresAt: Date) {
    return insert(db, 'engine_messages', {
      message_key: messageKey,
      name: input.name,
      correlation_key: input.correlationKey,
      message_id: input.messageId ?? null,
      variables: JSON.stringify(input.variables ?? {}),
      expires_at: expiresAt,
      correlated_at: correlatedAt,
      created_at: new Date(),
    });
  }

  private async correlateBuffered(tenantId: string, db: Sequelize, instanceKey: string, waitKey: string, wait: Wait) {
    const msgs = await select<{ message_key: string; variables: string }>(
      db,
      'SELECT message_key, variables FROM engine_messages WHERE name = ? AND correlation_key = ? AND correlated_at IS NULL AND expires_at > ? ORDER BY created_at LIMIT 1',
      [wait.name ?? '', wait.ck ?? '', new Date()],
    );
    const msg = msgs[0];
    if (!msg) return;
    const n = await execute(db, 'UPDATE engine_messages SET correlated_at = ? WHERE message_key = ? AND correlated_at IS NULL', [
      new Date(),
      msg.message_key,
    ]);
    if (n !== 1) return;
    await this.apply(tenantId, instanceKey, { t: 'msg', waitKey, variables: parseJson<Variables>(msg.variables, {}) }).catch(
      async (err: unknown) => {
        await execute(db, 'UPDATE engine_messages SET correlated_at = NULL WHERE message_key = ?', [msg.message_key]);
        this.log.warn({ err }, 'buffered message could not be correlated');
      },
    );
  }

  async broadcastSignal(tenantId: string, name: string, variables?: Variables): Promise<void> {
    const db = await this.db(tenantId);
    const subs = await select<{ instance_key: string; wait_key: string }>(
      db,
      "SELECT instance_key, wait_key FROM engine_message_subscriptions WHERE kind = 'signal' AND name = ?",
      [name],
    );
    for (const sub of subs) {
      await this.apply(tenantId, sub.instance_key, { t: 'signal', waitKey: sub.wait_key, variables }).catch((err: unknown) =>
        this.log.warn({ err }, 'signal not delivered'),
      );
    }
  }

  // ---------------------------------------------------------------- user tasks

  private async taskByKey(db: Sequelize, tenantId: string, taskKey: string): Promise<UserTask | undefined> {
    const rows = await select<TaskRow>(db, 'SELECT * FROM engine_user_tasks WHERE task_key = ?', [taskKey]);
    return rows[0] ? (await this.toTasks(db, tenantId, rows))[0] : undefined;
  }

  private async toTasks(db: Sequelize, tenantId: string, rows: TaskRow[]): Promise<UserTask[]> {
    const vars = new Map<string, { variables: Variables; waits: Record<string, Wait> }>();
    for (const key of new Set(rows.map((r) => r.instance_key))) {
      const r = await select<{ variables: string; waits: string }>(
        db,
        'SELECT variables, waits FROM engine_instances WHERE instance_key = ?',
        [key],
      );
      vars.set(key, { variables: parseJson(r[0]?.variables, {}), waits: parseJson(r[0]?.waits, {}) });
    }
    return rows.map((r) => {
      const inst = vars.get(r.instance_key);
      const loc = inst?.waits[r.wait_key]?.loc;
      return {
        taskKey: r.task_key,
        tenantId,
        instanceKey: r.instance_key,
        processId: r.process_id,
        elementId: r.element_id,
        name: r.name,
        state: r.state as UserTask['state'],
        assignee: r.assignee,
        candidateGroups: parseJson<string[]>(r.candidate_groups, []),
        candidateUsers: parseJson<string[]>(r.candidate_users, []),
        dueDate: iso(r.due_date),
        followUpDate: iso(r.follow_up_date),
        priority: Number(r.priority),
        formId: r.form_id,
        createdAt: iso(r.created_at) ?? '',
        completedAt: iso(r.completed_at),
        variables: { ...inst?.variables, ...loc },
      };
    });
  }

  async searchUserTasks(filter: UserTaskFilter): Promise<UserTask[]> {
    const db = await this.db(filter.tenantId);
    const where: string[] = [];
    const params: unknown[] = [];
    const eq = (col: string, v: unknown) => {
      where.push(`${col} = ?`);
      params.push(v);
    };
    if (filter.instanceKey) eq('instance_key', filter.instanceKey);
    if (filter.state) eq('state', filter.state);
    if (filter.assignee) eq('assignee', filter.assignee);
    if (filter.elementId) eq('element_id', filter.elementId);
    if (filter.candidateGroup) {
      where.push('candidate_groups LIKE ?');
      params.push(`%${JSON.stringify(filter.candidateGroup)}%`);
    }
    if (filter.candidateUser) {
      where.push('candidate_users LIKE ?');
      params.push(`%${JSON.stringify(filter.candidateUser)}%`);
    }
    const rows = await select<TaskRow>(
      db,
      `SELECT * FROM engine_user_tasks${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, task_key LIMIT 1000`,
      params,
    );
    return this.toTasks(db, filter.tenantId, rows);
  }

  async assignUserTask(tenantId: string, taskKey: string, assignee: string | null): Promise<void> {
    const db = await this.db(tenantId);
    const n = await execute(db, "UPDATE engine_user_tasks SET assignee = ? WHERE task_key = ? AND state = 'created'", [assignee, taskKey]);
    if (n !== 1) throw new Error(`user task ${taskKey} is not open`);
    const task = await this.taskByKey(db, tenantId, taskKey);
    if (task) this.emit({ type: 'task.assigned', tenantId, task });
  }

  async completeUserTask(tenantId: string, taskKey: string, variables?: Variables): Promise<void> {
    const db = await this.db(tenantId);
    const rows = await select<TaskRow>(db, 'SELECT * FROM engine_user_tasks WHERE task_key = ?', [taskKey]);
    const row = rows[0];
    if (!row || row.state !== 'created') throw new Error(`user task ${taskKey} is not open`);
    await this.apply(tenantId, row.instance_key, { t: 'task', waitKey: row.wait_key, variables });
  }

  // ---------------------------------------------------------------- jobs

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

  /** Apply a worker's outcome to its job. */
  async finishJob(
    tenantId: string,
    jobKey: string,
    instanceKey: string,
    waitKey: string,
    retries: number,
    outcome: JobOutcome,
    workerId: string,
  ): Promise<void> {
    const db = await this.db(tenantId);
    if (outcome.outcome === 'complete') {
      await this.apply(tenantId, instanceKey, { t: 'job', waitKey, variables: outcome.variables });
      return;
    }
    if (outcome.outcome === 'error') {
      await this.apply(tenantId, instanceKey, {
        t: 'jobError',
        waitKey,
        code: outcome.errorCode,
        message: outcome.errorMessage ?? outcome.errorCode,
        variables: outcome.variables,
      });
      return;
    }
    const left = Math.max(0, outcome.retries ?? retries - 1);
    if (left > 0) {
      const retryAt = new Date(Date.now() + Math.max(0, outcome.retryBackoffMs ?? 0));
      await execute(
        db,
        "UPDATE engine_jobs SET state = 'activatable', retries = ?, retry_at = ?, deadline_at = NULL, error_message = ? WHERE job_key = ? AND worker = ?",
        [left, retryAt, outcome.errorMessage, jobKey, workerId],
      );
      return;
    }
    const event = await inTransaction(db, async (tx) => {
      const n = await execute(
        db,
        "UPDATE engine_jobs SET state = 'failed', retries = 0, error_message = ? WHERE job_key = ? AND worker = ?",
        [outcome.errorMessage, jobKey, workerId],
        tx,
      );
      if (n !== 1) return null;
      const rows = await select<{ element_id: string }>(db, 'SELECT element_id FROM engine_jobs WHERE job_key = ?', [jobKey], tx);
      await execute(
        db,
        "UPDATE engine_instances SET state = 'incident', rev = rev + 1 WHERE instance_key = ? AND state = 'active'",
        [instanceKey],
        tx,
      );
      return this.raiseIncident(
        db,
        tx,
        tenantId,
        instanceKey,
        { message: outcome.errorMessage, elementId: rows[0]?.element_id ?? '', errorType: 'JOB_NO_RETRIES' },
        null,
        jobKey,
      );
    });
    if (event) this.emit(event);
  }

  wakeWorkers(type: string): void {
    for (const w of this.workers) if (w.type === type) w.wake();
  }

  // ---------------------------------------------------------------- incidents

  async listIncidents(tenantId: string, filter?: { instanceKey?: string; state?: Incident['state'] }): Promise<Incident[]> {
    const db = await this.db(tenantId);
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter?.instanceKey) {
      where.push('instance_key = ?');
      params.push(filter.instanceKey);
    }
    if (filter?.state) {
      where.push('state = ?');
      params.push(filter.state);
    }
    const rows = await select<IncidentRow>(
      db,
      `SELECT * FROM engine_incidents${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at LIMIT 1000`,
      params,
    );
    return rows.map((r) => toIncident(tenantId, r));
  }

  async resolveIncident(tenantId: string, incidentKey: string, fix?: { variables?: Variables; retries?: number }): Promise<void> {
    const db = await this.db(tenantId);
    const rows = await select<IncidentRow>(db, 'SELECT * FROM engine_incidents WHERE incident_key = ?', [incidentKey]);
    const inc = rows[0];
    if (!inc || inc.state !== 'active') throw new Error(`incident ${incidentKey} is not active`);
    const instanceKey = inc.instance_key;
    if (fix?.variables) await this.setVariables(tenantId, instanceKey, fix.variables);
    const n = await execute(
      db,
      "UPDATE engine_incidents SET state = 'resolved', resolved_at = ? WHERE incident_key = ? AND state = 'active'",
      [new Date(), incidentKey],
    );
    if (n !== 1) throw new Error(`incident ${incidentKey} is not active`);
    this.emit({ type: 'incident.resolved', tenantId, incident: { ...toIncident(tenantId, inc), state: 'resolved' } });
    if (inc.job_key) {
      // Jobs out of retries: give them retries again, the instance waits as before.
      await execute(
        db,
        "UPDATE engine_jobs SET state = 'activatable', retries = ?, retry_at = NULL, deadline_at = NULL WHERE job_key = ?",
        [Math.max(1, fix?.retries ?? 1), inc.job_key],
      );
      await execute(db, "UPDATE engine_instances SET state = 'active', rev = rev + 1 WHERE instance_key = ? AND state = 'incident'", [
        instanceKey,
      ]);
      const job = await select<{ type: string }>(db, 'SELECT type FROM engine_jobs WHERE job_key = ?', [inc.job_key]);
      if (job[0]) this.wakeWorkers(job[0].type);
      return;
    }
    const action = parseJson<Action>(inc.retry_action, { t: 'resume' });
    if (action.t === 'jobError') {
      // An uncaught BPMN error: the job becomes available again from the last good state.
      await execute(db, "UPDATE engine_instances SET state = 'active', rev = rev + 1 WHERE instance_key = ? AND state = 'incident'", [
        instanceKey,
      ]);
      const job = await select<{ job_key: string; type: string }>(
        db,
        'SELECT job_key, type FROM engine_jobs WHERE instance_key = ? AND wait_key = ?',
        [instanceKey, action.waitKey],
      );
      if (job[0]) {
        await execute(db, "UPDATE engine_jobs SET state = 'activatable', retry_at = NULL, deadline_at = NULL WHERE job_key = ?", [
          job[0].job_key,
        ]);
        this.wakeWorkers(job[0].type);
      }
      return;
    }
    const row = await loadInstance(db, instanceKey);
    if (action.t === 'start' && row && !row.snapshot) {
      await this.apply(tenantId, instanceKey, { t: 'start', variables: {} }, { fromIncident: true });
      return;
    }
    await this.apply(tenantId, instanceKey, action, { fromIncident: true });
    const after = await loadInstance(db, instanceKey);
    if (after?.state === 'incident' && action.t === 'resume') return;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.stop();
    await Promise.all([...this.workers].map((w) => w.close()));
    this.workers.clear();
    await Promise.all([...this.queues.values()]);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

export interface TaskRow {
  task_key: string;
  instance_key: string;
  wait_key: string;
  process_id: string;
  element_id: string;
  name: string;
  state: string;
  assignee: string | null;
  candidate_groups: string;
  candidate_users: string;
  due_date: unknown;
  follow_up_date: unknown;
  priority: number;
  form_id: string | null;
  created_at: unknown;
  completed_at: unknown;
}

interface IncidentRow {
  incident_key: string;
  instance_key: string;
  element_id: string;
  error_type: string;
  error_message: string;
  state: string;
  job_key: string | null;
  retry_action: string | null;
  created_at: unknown;
}

function toIncident(tenantId: string, r: IncidentRow): Incident {
  return {
    incidentKey: r.incident_key,
    tenantId,
    instanceKey: r.instance_key,
    elementId: r.element_id,
    errorType: r.error_type as Incident['errorType'],
    errorMessage: r.error_message,
    state: r.state as Incident['state'],
    createdAt: iso(r.created_at) ?? '',
    jobKey: r.job_key,
  };
}

/** bpmn-elements copies `fields`, `content`, `properties` of messages into variables: never keep them. */
export function filterVariables(variables: Variables | undefined): Variables {
  if (!variables) return {};
  const out: Variables = {};
  for (const [k, v] of Object.entries(variables)) {
    if (k === 'fields' || k === 'content' || k === 'properties' || k === '__proto__') continue;
    out[k] = v;
  }
  return out;
}

export { GROUP_TENANT };
