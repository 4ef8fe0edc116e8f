import type { Variables } from '../../process-engine.js';
import type { EngineDb, EngineTx } from '../../store/engine-db.js';
import { toBuffer } from '../../store/sql.js';
import type { RunOutcome, Wait } from './run-types.js';

/** A row of `engine_instances`. */
export interface InstanceRow {
  instance_key: string;
  process_id: string;
  version: number;
  definition_key: string;
  state: string;
  business_key: string | null;
  parent_instance_key: string | null;
  /** The call-activity wait of the parent; cleared once the finished child was delivered to it. */
  parent_wait_key: string | null;
  variables: string;
  waits: string;
  snapshot: Buffer | null;
  engine_version: string;
  rev: number;
  started_at: unknown;
  ended_at: unknown;
}

export class ConflictError extends Error {
  constructor(instanceKey: string) {
    super(`instance ${instanceKey} was changed concurrently`);
    this.name = 'ConflictError';
  }
}

export async function loadInstance(db: EngineDb, instanceKey: string, tx?: EngineTx): Promise<InstanceRow | undefined> {
  const rows = await db.select<InstanceRow>('SELECT * FROM engine_instances WHERE instance_key = ?', [instanceKey], tx);
  const row = rows[0];
  if (row) row.snapshot = toBuffer(row.snapshot);
  return row;
}

export const parseJson = <T>(text: unknown, fallback: T): T => {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(String(text)) as T;
  } catch {
    return fallback;
  }
};

/** Where a run's outcome is written: an existing row (optimistic on `rev`) or a new one. */
export interface PersistTarget {
  instanceKey: string;
  processId: string;
  /** Null for a new instance (INSERT). */
  rev: number | null;
  insertRow?: Pick<
    InstanceRow,
    'instance_key' | 'process_id' | 'version' | 'definition_key' | 'business_key' | 'parent_instance_key' | 'parent_wait_key'
  > & { started_at: Date };
  engineVersion: string;
}

/** Write the outcome of one run: the instance row and the rows of what it waits for, batched per table. */
export async function persistOutcome(db: EngineDb, tx: EngineTx, target: PersistTarget, outcome: RunOutcome, now: Date): Promise<void> {
  const state = outcome.state;
  const ended = state === 'completed' ? now : null;
  const variables = JSON.stringify(outcome.variables);
  const waits = JSON.stringify(outcome.waits);
  if (target.rev === null) {
    await db.insert(
      'engine_instances',
      {
        ...target.insertRow,
        state,
        variables,
        waits,
        snapshot: outcome.snapshot,
        engine_version: target.engineVersion,
        rev: 0,
        ended_at: ended,
        updated_at: now,
      },
      tx,
    );
  } else {
    const n = await db.execute(
      'UPDATE engine_instances SET state = ?, variables = ?, waits = ?, snapshot = ?, engine_version = ?, rev = rev + 1, ended_at = ?, updated_at = ? WHERE instance_key = ? AND rev = ?',
      [state, variables, waits, outcome.snapshot, target.engineVersion, ended, now, target.instanceKey, target.rev],
      tx,
    );
    if (n !== 1) throw new ConflictError(target.instanceKey);
  }
  await removeWaitRows(db, tx, target.instanceKey, outcome, now);
  await insertWaitRows(db, tx, target, outcome, now);
}

async function removeWaitRows(db: EngineDb, tx: EngineTx, instanceKey: string, outcome: RunOutcome, now: Date) {
  const jobs: string[] = [];
  const subs: string[] = [];
  const canceledTimers: string[] = [];
  for (const { wait, how } of outcome.removed) {
    switch (wait.k) {
      case 'job':
        jobs.push(wait.key);
        break;
      case 'msg':
      case 'signal':
        subs.push(wait.key);
        break;
      case 'timer':
        if (how === 'fired') {
          // Exactly once: the row is marked in the same transaction as the state it led to.
          const n = await db.execute('UPDATE engine_timers SET fired_at = ? WHERE timer_key = ? AND fired_at IS NULL', [now, wait.key], tx);
          if (n !== 1) throw new ConflictError(instanceKey);
        } else canceledTimers.push(wait.key);
        break;
      case 'task':
        await db.execute(
          "UPDATE engine_user_tasks SET state = ?, completed_at = ? WHERE task_key = ? AND state = 'created'",
          [how === 'done' ? 'completed' : 'canceled', now, wait.key],
          tx,
        );
        break;
      case 'call':
        break; // the child instance is ended by the engine
    }
  }
  const inList = (keys: string[]) => keys.map(() => '?').join(', ');
  if (jobs.length) await db.execute(`DELETE FROM engine_jobs WHERE job_key IN (${inList(jobs)})`, jobs, tx);
  if (subs.length) await db.execute(`DELETE FROM engine_message_subscriptions WHERE subscription_key IN (${inList(subs)})`, subs, tx);
  if (canceledTimers.length) {
    await db.execute(`DELETE FROM engine_timers WHERE timer_key IN (${inList(canceledTimers)}) AND fired_at IS NULL`, canceledTimers, tx);
  }
}

async function insertWaitRows(db: EngineDb, tx: EngineTx, target: PersistTarget, outcome: RunOutcome, now: Date) {
  const jobs = [];
  const tasks = [];
  const timers = [];
  const subs = [];
  for (const a of outcome.added) {
    const base = { instance_key: target.instanceKey, wait_key: a.waitKey.slice(0, 128), element_id: a.wait.el.slice(0, 128) };
    switch (a.wait.k) {
      case 'job':
        jobs.push({
          job_key: a.wait.key,
          ...base,
          process_id: target.processId,
          type: a.job!.type,
          state: a.job!.worker ? 'activated' : 'activatable',
          retries: a.job!.retries,
          headers: JSON.stringify(a.job!.headers),
          worker: a.job!.worker ?? null,
          deadline_at: a.job!.deadline ?? null,
          created_at: now,
        });
        break;
      case 'task': {
        const t = a.task!;
        tasks.push({
          task_key: a.wait.key,
          ...base,
          process_id: target.processId,
          name: t.name.slice(0, 255),
          state: 'created',
          assignee: t.assignee,
          candidate_groups: JSON.stringify(t.candidateGroups),
          candidate_users: JSON.stringify(t.candidateUsers),
          due_date: t.dueDate,
          follow_up_date: t.followUpDate,
          priority: t.priority,
          form_id: t.formId,
          created_at: now,
        });
        break;
      }
      case 'timer':
        timers.push({ timer_key: a.wait.key, ...base, due_at: new Date(a.wait.due!), created_at: now });
        break;
      case 'msg':
      case 'signal':
        subs.push({
          subscription_key: a.wait.key,
          ...base,
          kind: a.wait.k,
          name: a.wait.name ?? '',
          correlation_key: a.wait.ck ?? '',
          created_at: now,
        });
        break;
      case 'call':
        break; // the child instance row is written by the engine
    }
  }
  await db.insert('engine_jobs', jobs, tx);
  await db.insert('engine_user_tasks', tasks, tx);
  await db.insert('engine_timers', timers, tx);
  await db.insert('engine_message_subscriptions', subs, tx);
}

export type { Variables, Wait };
