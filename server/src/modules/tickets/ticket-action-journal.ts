import crypto from 'node:crypto';
import { Model, type Sequelize } from 'sequelize';
import type { Variables } from '@warmline/engine';
import type { TicketEventKind } from '@warmline/contracts';
import { AppError, conflict } from '../../core/app-error.js';
import { statusOf } from '../../core/error-handler.js';
import { col } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';
import { serializeSqliteWrites } from '../../db/sqlite-write-queue.js';
import type { ActionCtx, ActionRecord, TicketView } from './ticket-actions.context.js';
import type { Ticket } from './ticket.model.js';

/**
 * One ticket action whose engine call is under way (tenant table `ticket_action_intents`,
 * decision 0018): committed before the engine is called, deleted with the action's own records.
 */
export class TicketActionIntent extends Model {
  declare id: number;
  declare ticket_id: number;
  declare what: string;
  declare kind: TicketEventKind;
  declare action: string;
  declare task_key: string | null;
  declare fingerprint: string | null;
  declare operator_id: number;
  declare operator_name: string;
  declare reason: string | null;
  declare data: string | null;
  declare payload: string | null;
  declare idem_route: string | null;
  declare idem_key: string | null;
  declare idem_hash: string | null;
  declare created_at: Date;
}

export const ticketActionIntentModel = modelFor((seq: Sequelize) =>
  class extends TicketActionIntent {}.init(
    {
      id: col.id(),
      ticket_id: col.fk(),
      what: col.str(32),
      kind: col.str(32),
      action: col.str(64),
      task_key: col.str(64, true),
      fingerprint: col.str(64, true),
      operator_id: col.fk(),
      operator_name: col.str(64),
      reason: col.str(1000, true),
      data: col.text(),
      payload: col.text(),
      idem_route: col.str(64, true),
      idem_key: col.str(100, true),
      idem_hash: col.str(64, true),
      created_at: col.date(false),
    },
    { sequelize: seq, tableName: 'ticket_action_intents', underscored: true, timestamps: false },
  ),
);

/** What the repair needs beyond the timeline entry: the row change and the task completion's audit payload. */
export interface IntentPayload {
  row?: ActionRecord['row'];
  task?: { processId: string; elementId: string; instanceKey: string; formId: string | null; data: Variables };
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** The digest `idempotency.service` keeps of a request (its path parameters and body). */
export const requestDigest = (request: unknown) => sha256(JSON.stringify(request ?? null));

const stable = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
};

/** Variables the SLA clock and the overdue scan write on the ticket instance on their own, at any time. */
const CLOCK_VARIABLES = new Set(['dueAt', 'slaFlag', 'slaStage', 'slaPaused', 'priority', 'supervisionOverdue']);

/**
 * What a message action changes, as one digest: the ticket's open tasks, where its instance waits,
 * its variables (but the clock's) and whether it runs. A published message that was taken changes at
 * least one of them.
 */
export function processFingerprint(v: Pick<TicketView, 'tasks' | 'activeElementIds' | 'variables' | 'active'>): string {
  const variables = Object.fromEntries(Object.entries(v.variables).filter(([k]) => !CLOCK_VARIABLES.has(k)));
  return sha256(
    JSON.stringify(
      stable({
        tasks: v.tasks.map((t) => t.taskKey).sort(),
        waits: [...v.activeElementIds].sort(),
        variables,
        active: v.active,
      }),
    ),
  );
}

/** The intent's own write, committed at once (on SQLite through the write queue, decision 0009). */
const write = <T>(ctx: ActionCtx, fn: () => Promise<T>) => serializeSqliteWrites(ctx.tenant.db, fn);

/** Record, before the engine is called, what the action is about to do; answers the intent's id. */
export async function openIntent(
  ctx: ActionCtx,
  row: Ticket,
  what: string,
  rec: ActionRecord,
  at: { taskKey: string; task: IntentPayload['task'] } | { fingerprint: string },
): Promise<number> {
  const payload: IntentPayload = { row: rec.row, ...('task' in at ? { task: at.task } : {}) };
  const idem = ctx.idempotency;
  const intent = await write(ctx, () =>
    ticketActionIntentModel(ctx.tenant.db).create({
      ticket_id: row.id,
      what: what.slice(0, 32),
      kind: rec.kind,
      action: rec.action,
      task_key: 'taskKey' in at ? at.taskKey : null,
      fingerprint: 'fingerprint' in at ? at.fingerprint : null,
      operator_id: ctx.user.id,
      operator_name: ctx.user.displayName.slice(0, 64),
      reason: rec.reason ?? null,
      data: JSON.stringify(rec.data ?? {}),
      payload: JSON.stringify(payload),
      idem_route: idem?.routeId ?? null,
      idem_key: idem?.key ?? null,
      idem_hash: idem?.hash ?? null,
      created_at: new Date(),
    }),
  );
  return intent.id;
}

/** The action's records are written: the intent goes in the same transaction (`w`). Answers whether it was still there. */
export async function closeIntent(w: ActionCtx, id: number): Promise<boolean> {
  const n = await ticketActionIntentModel(w.tenant.db).destroy({ where: { id }, transaction: w.tx });
  return n > 0;
}

/** The engine did not move (it refused, or the message was not taken): the intent goes, nothing else changed. */
export async function dropIntent(ctx: ActionCtx, id: number): Promise<void> {
  await write(ctx, () => ticketActionIntentModel(ctx.tenant.db).destroy({ where: { id } }));
}

/**
 * The engine call failed: a refusal in the product's words (a 4xx `AppError`: form, candidate group,
 * task already done) moved nothing and drops the intent; any other failure (transport, timeout, 5xx)
 * may have moved the engine, so the intent stays for the repair to decide.
 */
export async function settleFailedEngineCall(ctx: ActionCtx, id: number, err: unknown): Promise<void> {
  if (err instanceof AppError && statusOf(err.code) < 500) await dropIntent(ctx, id).catch(() => undefined);
}

/**
 * An intent this request's `Idempotency-Key` left behind (the first try failed after the engine
 * moved) for the same ticket; the same key with a different request answers 409 as a replay would.
 */
export async function retriedIntent(ctx: ActionCtx, ticketId: number): Promise<TicketActionIntent | null> {
  const idem = ctx.idempotency;
  if (!idem) return null;
  const found = await ticketActionIntentModel(ctx.tenant.db).findOne({
    where: { operator_id: ctx.user.id, idem_route: idem.routeId, idem_key: idem.key },
    order: [['id', 'DESC']],
  });
  if (!found) return null;
  if (found.idem_hash !== idem.hash || found.ticket_id !== ticketId) throw conflict('此幂等键已用于另一个不同的请求，请更换幂等键');
  return found;
}
