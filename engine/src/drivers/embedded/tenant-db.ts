import type { Sequelize, Transaction } from 'sequelize';
import type { Variables } from '../../process-engine.js';
import { execute, insert, select, toBuffer } from '../../store/sql.js';
import type { RunOutcome, Wait } from './instance-run.js';

export interface InstanceRow {
  instance_key: string;
  process_id: string;
  version: number;
  definition_key: string;
  state: string;
  business_key: string | null;
  parent_instance_key: string | null;
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

export async function loadInstance(db: Sequelize, instanceKey: string, tx?: Transaction): Promise<InstanceRow | undefined> {
  const rows = await select<InstanceRow>(db, 'SELECT * FROM engine_instances WHERE instance_key = ?', [instanceKey], tx);
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

export interface PersistContext {
  instanceKey: string;
  processId: string;
  /** Null for a new instance (INSERT). */
  rev: number | null;
  insertRow?: Omit<InstanceRow, 'variables' | 'waits' | 'snapshot' | 'rev' | 'state' | 'ended_at' | 'engine_version'>;
  engineVersion: string;
}

/** Write the outcome of one run: instance row (optimistic on `rev`) and the rows of what it waits for. */
export async function persistOutcome(db: Sequelize, tx: Transaction, ctx: PersistContext, outcome: RunOutcome, now: Date): Promise<void> {
  const state = outcome.state;
  const ended = state === 'completed' ? now : null;
  if (ctx.rev === null) {
    await insert(
      db,
      'engine_instances',
      {
        ...ctx.insertRow,
        state,
        variables: JSON.stringify(outcome.variables),
        waits: JSON.stringify(outcome.waits),
        snapshot: outcome.snapshot,
        engine_version: ctx.engineVersion,
        rev: 0,
        ended_at: ended,
        updated_at: now,
      },
      tx,
    );
  } else {
    const n = await execute(
      db,
      'UPDATE engine_instances SET state = ?, variables = ?, waits = ?, snapshot = ?, engine_version = ?, rev = rev + 1, ended_at = ?, updated_at = ? WHERE instance_key = ? AND rev = ?',
      [
        state,
        JSON.stringify(outcome.variables),
        JSON.stringify(outcome.waits),
        outcome.snapshot,
        ctx.engineVersion,
        ended,
        now,
        ctx.instanceKey,
        ctx.rev,
      ],
      tx,
    );
    if (n !== 1) throw new ConflictError(ctx.instanceKey);
  }
  for (const r of outcome.removed) await removeWaitRow(db, tx, ctx.instanceKey, r.wait, r.how, now);
  for (const a of outcome.added) {
    const base = { instance_key: ctx.instanceKey, wait_key: a.waitKey, element_id: a.wait.el };
    switch (a.wait.k) {
      case 'job':
        await insert(
          db,
          'engine_jobs',
          {
            job_key: a.wait.key,
            ...base,
            process_id: ctx.processId,
            type: a.job!.type,
            state: 'activatable',
            retries: a.job!.retries,
            headers: JSON.stringify(a.job!.headers),
            created_at: now,
          },
          tx,
        );
        break;
      case 'task': {
        const t = a.task!;
        await insert(
          db,
          'engine_user_tasks',
          {
            task_key: a.wait.key,
            ...base,
            process_id: ctx.processId,
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
          },
          tx,
        );
        break;
      }
      case 'timer':
        await insert(
          db,
          'engine_timers',
          { timer_key: a.wait.key, ...base, wait_key: a.waitKey.slice(0, 128), due_at: new Date(a.wait.due!), created_at: now },
          tx,
        );
        break;
      case 'msg':
      case 'signal':
        await insert(
          db,
          'engine_message_subscriptions',
          {
            subscription_key: a.wait.key,
            ...base,
            kind: a.wait.k,
            name: a.wait.name ?? '',
            correlation_key: a.wait.ck ?? '',
            created_at: now,
          },
          tx,
        );
        break;
      case 'call':
        break; // the child instance row is written by the engine
    }
  }
}

async function removeWaitRow(
  db: Sequelize,
  tx: Transaction,
  instanceKey: string,
  wait: Wait,
  how: 'done' | 'fired' | 'canceled',
  now: Date,
) {
  switch (wait.k) {
    case 'job':
      await execute(db, 'DELETE FROM engine_jobs WHERE job_key = ?', [wait.key], tx);
      break;
    case 'task':
      await execute(
        db,
        "UPDATE engine_user_tasks SET state = ?, completed_at = ? WHERE task_key = ? AND state = 'created'",
        [how === 'done' ? 'completed' : 'canceled', now, wait.key],
        tx,
      );
      break;
    case 'timer':
      if (how === 'fired') {
        const n = await execute(db, 'UPDATE engine_timers SET fired_at = ? WHERE timer_key = ? AND fired_at IS NULL', [now, wait.key], tx);
        if (n !== 1) throw new ConflictError(instanceKey);
      } else await execute(db, 'DELETE FROM engine_timers WHERE timer_key = ? AND fired_at IS NULL', [wait.key], tx);
      break;
    case 'msg':
    case 'signal':
      await execute(db, 'DELETE FROM engine_message_subscriptions WHERE subscription_key = ?', [wait.key], tx);
      break;
    case 'call':
      break;
  }
}

export type { Variables };
