import type { EngineEvent, InstanceRef, Job, UserTask, Variables } from '../../process-engine.js';
import type { EngineDb, EngineTx } from '../../store/engine-db.js';
import { newKey } from '../../store/keys.js';
import type { EmbeddedEngine } from './embedded-engine.js';
import { raiseIncident } from './incidents.js';
import { ENGINE_VERSION, InstanceRun, RunError, type Added, type RunOutcome, type Wait } from './instance-run.js';
import { ConflictError, loadInstance, parseJson, persistOutcome, type InstanceRow, type PersistTarget } from './instance-store.js';
import type { Reservation } from './job-worker.js';
import { filterVariables } from './variables.js';
import { deliverToParent, errorToParent, escalateToParent, markDelivered } from './parent-delivery.js';

/** What a run applies to a restored instance. Stored with an incident so resolving can retry it. */
export type Action =
  /** `at`: the message, timer or signal start event that triggered the instance (none start event when absent). */
  | { t: 'start'; variables: Variables; at?: string }
  | { t: 'resume' }
  | { t: 'job'; waitKey: string; variables?: Variables }
  | { t: 'jobError'; waitKey: string; code: string; message: string; variables?: Variables }
  | { t: 'task'; waitKey: string; variables?: Variables }
  | { t: 'msg' | 'signal'; waitKey: string; variables?: Variables }
  /** A finished child instance (`child`) delivers its variables to the call activity that waits for it. */
  | { t: 'call'; waitKey: string; variables?: Variables; child?: string }
  /** A child instance's uncaught escalation, for the boundary events of the call activity. */
  | { t: 'escalate'; waitKey: string; code?: string }
  /** A child instance's uncaught BPMN error, for the error boundary event of the call activity. */
  | { t: 'callError'; waitKey: string; code: string; message: string };

/** What happens after a transaction commits: events to emit, then follow-up work (child instances, buffered messages). */
export interface Effects {
  events: (EngineEvent | (() => Promise<EngineEvent | undefined>))[];
  followUps: (() => Promise<unknown>)[];
  /** Worker slots taken for jobs created already activated; released if the transaction fails. */
  reservations: Reservation[];
  /** Instances left waiting, as loaded and as written: kept hot once the transaction committed (decision 0017). */
  hot: { row: InstanceRow; run: InstanceRun | null }[];
}

const newEffects = (events: Effects['events'] = []): Effects => ({ events, followUps: [], reservations: [], hot: [] });

type RunResult = { outcome: RunOutcome; failure?: undefined; run: InstanceRun } | { failure: RunError; outcome?: undefined };

const MAX_CONFLICT_RETRIES = 8;

/**
 * Restore (or start) an instance and apply one action in memory. `hot`: the instance as kept loaded
 * at `row` (decision 0017); it continues from there unless it cannot (then it is restored as usual).
 */
export async function runOn(
  engine: EmbeddedEngine,
  tenantId: string,
  row: InstanceRow,
  action: Action,
  lenient: boolean,
  hot?: InstanceRun | null,
): Promise<RunResult> {
  const deployment = await engine.deployments.get(row.definition_key);
  const vars = parseJson<Variables>(row.variables, {});
  const waits = action.t === 'start' ? {} : parseJson<Record<string, Wait>>(row.waits, {});
  const warm = !!hot && action.t !== 'start' && action.t !== 'resume' && hot.deployment === deployment && hot.continueFrom(vars, waits);
  if (hot && !warm) hot.dispose();
  const run = warm ? hot : new InstanceRun(deployment, row.process_id, row.instance_key, vars, waits);
  try {
    if (action.t === 'start') await run.start(action.variables, action.at);
    else if (!warm) {
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
      case 'escalate':
        run.escalate(action.waitKey, action.code);
        break;
      case 'callError':
        run.throwCallError(action.waitKey, action.code, action.message);
        break;
      default:
        run.signalWait(action.waitKey, action.t, filterVariables(action.variables));
    }
    await completeCallsThatDoNothing(engine, tenantId, run);
    return { outcome: await run.finish(), run };
  } catch (err) {
    // Not the model's fault (e.g. the task is no longer active): the caller's mistake, nothing changes.
    if (!(err instanceof RunError) && !run.failed && !lenient) throw err;
    return { failure: run.failed ?? (err instanceof RunError ? err : new RunError((err as Error).message, '(process)', 'ENGINE_ERROR')) };
  }
}

/**
 * A call activity whose called process does nothing (start → end, no extension: the pass-through
 * extension point `wl-ext-passthrough`) completes within the caller's run, with the variables its
 * child would have handed back a moment later (its inputs). Saves the child instance, its two
 * transactions and a second restore of the caller per call. Zeebe runs the child as usual.
 */
async function completeCallsThatDoNothing(engine: EmbeddedEngine, tenantId: string, run: InstanceRun): Promise<void> {
  for (let round = 0; round < 100 && !run.failed; round++) {
    const calls: ReturnType<InstanceRun['addedCalls']> = [];
    for (const c of run.addedCalls()) {
      const def = await engine.definitions.resolve(tenantId, c.call.processId).catch(() => undefined);
      if (def && (await engine.deployments.get(def.definition_key)).facts.doesNothing.has(c.call.processId)) calls.push(c);
    }
    if (!calls.length) return;
    for (const c of calls) run.signalWait(c.waitKey, 'call', filterVariables(c.call.variables));
  }
}

/** Write one run's result in `tx`: the new state, or an incident keeping the last good state. */
export async function commit(
  engine: EmbeddedEngine,
  tenantId: string,
  db: EngineDb,
  tx: EngineTx,
  row: InstanceRow,
  target: PersistTarget,
  result: RunResult,
  action: Action,
  effects: Effects,
  now: Date,
): Promise<void> {
  if (action.t === 'call' && action.child) await markDelivered(db, tx, action.child);
  const thrown = result.outcome?.errors[0];
  if (thrown) result = { failure: new RunError(thrown.message, thrown.elementId, 'UNHANDLED_ERROR', thrown.code) };
  if (result.failure?.errorCode !== undefined && (await errorToParent(engine, tenantId, db, tx, row, target, result.failure, effects, now)))
    return;
  if (result.failure) {
    if (target.rev === null) {
      // No good state yet: keep the variables; resolving starts the instance again.
      await db.insert(
        'engine_instances',
        {
          ...target.insertRow,
          state: 'incident',
          variables: row.variables,
          waits: '{}',
          snapshot: null,
          engine_version: ENGINE_VERSION,
          rev: 0,
          updated_at: now,
        },
        tx,
      );
    } else {
      const n = await db.execute(
        "UPDATE engine_instances SET state = 'incident', rev = rev + 1, updated_at = ? WHERE instance_key = ? AND rev = ?",
        [now, row.instance_key, target.rev],
        tx,
      );
      if (n !== 1) throw new ConflictError(row.instance_key);
    }
    const retry: Action =
      action.t === 'start'
        ? { t: 'start', variables: {}, ...(action.at && { at: action.at }) }
        : action.t === 'call'
          ? { ...action, child: undefined }
          : action;
    effects.events.push(await raiseIncident(db, tx, tenantId, row.instance_key, result.failure, retry, null));
    return;
  }
  const outcome = result.outcome;
  const handoffs = reserveWorkers(engine, outcome, effects);
  await persistOutcome(db, tx, target, outcome, now);
  collectEffects(engine, tenantId, db, row, outcome, effects, now, handoffs);
  if (outcome.state === 'active') {
    effects.hot.push({
      row: {
        ...row,
        state: outcome.state,
        variables: JSON.stringify(outcome.variables),
        waits: JSON.stringify(outcome.waits),
        snapshot: outcome.snapshot,
        engine_version: target.engineVersion,
        rev: target.rev === null ? 0 : target.rev + 1,
      },
      run: result.run,
    });
  } else engine.hot.delete(tenantId, row.instance_key);
  if (row.parent_instance_key && row.parent_wait_key) {
    for (const code of outcome.escalations) await escalateToParent(engine, tenantId, db, tx, row, code, effects, now);
    if (outcome.state === 'completed') await deliverToParent(engine, tenantId, db, tx, row, outcome.variables, effects, now);
  }
}

export const targetOf = (row: InstanceRow): PersistTarget => ({
  instanceKey: row.instance_key,
  processId: row.process_id,
  rev: Number(row.rev),
  engineVersion: ENGINE_VERSION,
});

function taskOf(tenantId: string, row: InstanceRow, outcome: RunOutcome, a: Added, now: Date): UserTask {
  const t = a.task!;
  return {
    taskKey: a.wait.key,
    tenantId,
    instanceKey: row.instance_key,
    processId: row.process_id,
    elementId: a.wait.el,
    name: t.name,
    state: 'created',
    assignee: t.assignee,
    candidateGroups: t.candidateGroups,
    candidateUsers: t.candidateUsers,
    dueDate: t.dueDate?.toISOString() ?? null,
    followUpDate: t.followUpDate?.toISOString() ?? null,
    priority: t.priority,
    formId: t.formId,
    createdAt: now.toISOString(),
    completedAt: null,
    variables: { ...outcome.variables, ...a.wait.loc },
  };
}

/** New jobs go straight to a free worker of this process, if there is one: they are created already activated for it. */
function reserveWorkers(engine: EmbeddedEngine, outcome: RunOutcome, effects: Effects): Map<string, Reservation> {
  const handoffs = new Map<string, Reservation>();
  for (const a of outcome.added) {
    if (a.wait.k !== 'job') continue;
    const reservation = engine.reserveWorker(a.job!.type);
    if (!reservation) continue;
    effects.reservations.push(reservation);
    a.job!.worker = reservation.workerId;
    a.job!.deadline = reservation.deadline;
    handoffs.set(a.waitKey, reservation);
  }
  return handoffs;
}

function jobOf(tenantId: string, row: InstanceRow, outcome: RunOutcome, a: Added, deadline: Date): Job {
  return {
    jobKey: a.wait.key,
    tenantId,
    type: a.job!.type,
    instanceKey: row.instance_key,
    processId: row.process_id,
    elementId: a.wait.el,
    retries: a.job!.retries,
    customHeaders: { ...a.job!.headers },
    variables: { ...outcome.variables, ...a.wait.loc },
    deadline: deadline.toISOString(),
  };
}

/** Events and follow-up work of a committed outcome. */
function collectEffects(
  engine: EmbeddedEngine,
  tenantId: string,
  db: EngineDb,
  row: InstanceRow,
  outcome: RunOutcome,
  effects: Effects,
  now: Date,
  handoffs: Map<string, Reservation>,
) {
  // The variables this run committed: what ended tasks carry (their waits, with any local variables, are gone).
  const committed = { ...outcome.variables };
  for (const r of outcome.removed) {
    if (r.wait.k === 'task') {
      const type = r.how === 'done' ? ('task.completed' as const) : ('task.canceled' as const);
      effects.events.push(async () => {
        const task = await engine.tasks.endedByKey(db, tenantId, r.wait.key, committed);
        return task ? { type, tenantId, task } : undefined;
      });
    }
    if (r.wait.k === 'call' && r.how === 'canceled') effects.followUps.push(() => engine.calls.cancelChild(tenantId, r.wait.key));
  }
  for (const a of outcome.added) {
    if (a.wait.k === 'task') effects.events.push({ type: 'task.created', tenantId, task: taskOf(tenantId, row, outcome, a, now) });
    else if (a.wait.k === 'job') {
      const reservation = handoffs.get(a.waitKey);
      if (reservation) {
        const job = jobOf(tenantId, row, outcome, a, reservation.deadline);
        effects.followUps.push(async () => reservation.deliver(tenantId, job, a.waitKey));
      } else effects.followUps.push(async () => engine.jobCreated(tenantId, a.job!.type));
    } else if (a.wait.k === 'call')
      effects.followUps.push(() => engine.calls.startChild(tenantId, row.instance_key, a.waitKey, a.wait, a.call!));
    else if (a.wait.k === 'msg')
      effects.followUps.push(() => engine.messages.correlateBuffered(tenantId, row.instance_key, a.waitKey, a.wait));
  }
  for (const s of outcome.signals) effects.followUps.push(() => engine.broadcastSignal(tenantId, s.name, s.variables));
  if (outcome.state === 'completed') {
    effects.events.push({ type: 'instance.ended', tenantId, instanceKey: row.instance_key, processId: row.process_id, state: 'completed' });
    effects.followUps.push(() => engine.starts.released(tenantId, row.instance_key, row.process_id, row.definition_key));
  }
}

/**
 * Run `fn` in one transaction; if it fails, the worker slots it took are given back and no run of it
 * is kept loaded. Once it committed, the instances it left waiting are kept hot (still inside the
 * caller's `serial` section, so the next action on the instance in this process finds them).
 */
async function inTransaction(
  engine: EmbeddedEngine,
  tenantId: string,
  db: EngineDb,
  fx: Effects,
  fn: (tx: EngineTx) => Promise<void>,
): Promise<Effects> {
  try {
    await db.transaction(fn);
  } catch (err) {
    for (const r of fx.reservations) r.release();
    for (const h of fx.hot) {
      engine.hot.delete(tenantId, h.row.instance_key);
      h.run?.dispose();
    }
    throw err;
  }
  for (const h of fx.hot) engine.hot.keep(tenantId, h.row, h.run);
  return fx;
}

async function runEffects(engine: EmbeddedEngine, effects: Effects) {
  for (const e of engine.hasListeners ? effects.events : []) {
    const event = typeof e === 'function' ? await e().catch(() => undefined) : e;
    if (event) engine.emit(event);
  }
  for (const f of effects.followUps) await f().catch((err: unknown) => engine.log.error({ err }, 'engine follow-up failed'));
}

/** A concurrent change (another process, or the parent of a child changed meanwhile), or the database resolving a lock conflict. */
function isRetryable(err: unknown): boolean {
  if (err instanceof ConflictError) return true;
  const e = err as { code?: string; original?: { code?: string } };
  const code = e?.code ?? e?.original?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

/** Run again on fresh state when the write found the instance changed (optimistic on `rev`). */
async function withConflictRetry(fn: () => Promise<void>) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (isRetryable(err) && attempt < MAX_CONFLICT_RETRIES) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
        continue;
      }
      throw err;
    }
  }
}

export interface NewInstanceLink {
  businessKey?: string | null;
  parentInstanceKey?: string;
  parentWaitKey?: string;
  /** A child of a call activity gets the key of the call activity's wait (idempotent creation). */
  instanceKey?: string;
  /** The message, timer or signal start event that triggered the instance. */
  startAt?: string;
  /** Extra writes in the creating transaction (e.g. marking a start timer fired); a throw creates nothing. */
  inTx?: (db: EngineDb, tx: EngineTx, instanceKey: string) => Promise<void>;
}

/** Create an instance and run it to its first waits, in one transaction. */
export async function createInstance(
  engine: EmbeddedEngine,
  tenantId: string,
  def: { process_id: string; version: number; definition_key: string },
  variables: Variables,
  link: NewInstanceLink,
): Promise<InstanceRef> {
  const db = await engine.db(tenantId);
  const instanceKey = link.instanceKey ?? newKey();
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
  const start = filterVariables(variables);
  const row: InstanceRow = {
    ...insertRow,
    state: 'active',
    variables: JSON.stringify(start),
    waits: '{}',
    snapshot: null,
    engine_version: ENGINE_VERSION,
    rev: 0,
    ended_at: null,
  };
  const target: PersistTarget = { instanceKey, processId: def.process_id, rev: null, insertRow, engineVersion: ENGINE_VERSION };
  await withConflictRetry(async () => {
    const effects = await engine.serial(instanceKey, async () => {
      const action: Action = { t: 'start', variables: start, ...(link.startAt && { at: link.startAt }) };
      const result = await runOn(engine, tenantId, { ...row, variables: '{}' }, action, true);
      const fx = newEffects([{ type: 'instance.started', tenantId, instanceKey, processId: def.process_id, version: def.version }]);
      return inTransaction(engine, tenantId, db, fx, async (tx) => {
        if (link.inTx) await link.inTx(db, tx, instanceKey);
        await commit(engine, tenantId, db, tx, row, target, result, action, fx, now);
      });
    });
    await runEffects(engine, effects);
  });
  return { instanceKey, processId: def.process_id, version: def.version, definitionKey: def.definition_key };
}

/**
 * Restore an instance, apply one action, persist, unload. Serialised per instance in this process;
 * across processes the `rev` column makes the loser retry on fresh state.
 */
export async function applyAction(
  engine: EmbeddedEngine,
  tenantId: string,
  instanceKey: string,
  action: Action,
  opts: { fromIncident?: boolean } = {},
): Promise<void> {
  const db = await engine.db(tenantId);
  await withConflictRetry(async () => {
    const effects = await engine.serial(instanceKey, async (): Promise<Effects> => {
      const once = async (row: InstanceRow | undefined, hot: InstanceRun | null): Promise<Effects> => {
        if (!row) throw new Error(`instance ${instanceKey} not found`);
        if (row.state !== 'active' && !(opts.fromIncident && row.state === 'incident')) {
          hot?.dispose();
          if (action.t === 'resume') return newEffects(); // e.g. a timer of an ended instance
          throw new Error(`instance ${instanceKey} is ${row.state}`);
        }
        const result = await runOn(engine, tenantId, row, action, !!opts.fromIncident, hot);
        const fx = newEffects();
        const now = new Date();
        return inTransaction(engine, tenantId, db, fx, (tx) =>
          commit(engine, tenantId, db, tx, row, targetOf(row), result, action, fx, now),
        );
      };
      // Taken out: whatever happens below, a failed or conflicting run is never put back.
      const hot = engine.hot.take(tenantId, instanceKey);
      if (hot) {
        try {
          return await once(hot.row, hot.run);
        } catch (err) {
          // A copy another process made stale may refuse the action (e.g. "task is not active") before
          // its write could find `rev` changed: only the stored state may answer that. Conflicts go to
          // the retry below (which reads the database too).
          if (isRetryable(err)) throw err;
        }
      }
      return once(await loadInstance(db, instanceKey), null);
    });
    await runEffects(engine, effects);
  });
}
