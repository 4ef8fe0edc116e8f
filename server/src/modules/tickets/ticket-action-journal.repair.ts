import { Op, Transaction, UniqueConstraintError } from 'sequelize';
import type { TicketActionResult } from '@warmline/contracts';
import type { AuthUser } from '../../auth/auth-user.js';
import { writeAudit } from '../../audit/audit.writer.js';
import { AppError } from '../../core/app-error.js';
import { serializeSqliteWrites } from '../../db/sqlite-write-queue.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { idempotencyKeyModel } from './idempotency.service.js';
import {
  closeIntent,
  processFingerprint,
  ticketActionIntentModel,
  type IntentPayload,
  type TicketActionIntent,
} from './ticket-action-journal.js';
import { stateAfter, viewTicket, writeActionRecord, type ActionCtx, type ActionRecord } from './ticket-actions.context.js';
import { ticketEventModel } from './ticket-event.model.js';
import { ticketModel, type Ticket } from './ticket.model.js';

/** An intent whose engine state cannot be read (task unknown) is kept this long, then dropped. */
const UNKNOWN_KEEP_MS = 3_600_000;

const REPAIR_ATTEMPTS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Moved = 'moved' | 'not-moved' | 'unknown';

/**
 * Did the engine move for this intent? A task action moved when its task is completed (`getUserTask`,
 * both drivers). A message action moved when the ticket's process differs from what the action saw
 * before publishing (open tasks, waiting elements, variables, running) — decision 0018.
 */
async function engineMoved(services: Services, tenant: TenantHandle, intent: TicketActionIntent, row: Ticket): Promise<Moved> {
  if (intent.task_key) {
    const task = await services.engine.getUserTask(tenant.code, intent.task_key);
    if (!task) return 'unknown';
    return task.state === 'completed' ? 'moved' : 'not-moved';
  }
  try {
    const v = await viewTicket(services, tenant, row);
    return processFingerprint(v) === intent.fingerprint ? 'not-moved' : 'moved';
  } catch (err) {
    if (err instanceof AppError) return 'unknown';
    throw err;
  }
}

/** The original operator, as the timeline and the audit log name them (no session: the repair acts for them). */
const operatorOf = (intent: TicketActionIntent, tenant: TenantHandle): AuthUser => ({
  id: intent.operator_id,
  username: '',
  displayName: intent.operator_name,
  orgId: 0,
  orgName: '',
  subsidiaryId: tenant.subsidiaryId,
  roles: [],
  permissions: new Set(),
  dataScope: 'self',
  tokenHash: '',
});

/** A context acting as the intent's operator, whose `commit` is the repair's own transaction. */
function repairCtx(services: Services, tenant: TenantHandle, intent: TicketActionIntent): ActionCtx {
  const db = tenant.db;
  const actor = { id: intent.operator_id, name: intent.operator_name, requestId: null, ip: null };
  const txOptions = db.getDialect() === 'sqlite' ? { type: Transaction.TYPES.IMMEDIATE } : {};
  const ctx: ActionCtx = {
    services,
    tenant,
    user: operatorOf(intent, tenant),
    tx: undefined,
    audit: (entry) => writeAudit(db, undefined, actor, entry),
    commit: (work) =>
      serializeSqliteWrites(db, () => db.transaction(txOptions, (tx) => work({ ...ctx, tx, audit: (e) => writeAudit(db, tx, actor, e) }))),
  };
  return ctx;
}

const parse = <T>(s: string | null, fallback: T): T => (s ? (JSON.parse(s) as T) : fallback);

function recordOf(intent: TicketActionIntent, payload: IntentPayload): ActionRecord {
  const row = payload.row ? { ...payload.row } : undefined;
  if (row?.completed_at) row.completed_at = new Date(row.completed_at);
  return { action: intent.action, kind: intent.kind, reason: intent.reason, data: parse(intent.data, {}), row };
}

/** Store the answer a retry with the intent's `Idempotency-Key` replays (unless a request already holds the key). */
async function rememberAnswer(w: ActionCtx, intent: TicketActionIntent, response: TicketActionResult): Promise<void> {
  if (!intent.idem_key || !intent.idem_route) return;
  try {
    await idempotencyKeyModel(w.tenant.db).create(
      {
        user_id: intent.operator_id,
        route_id: intent.idem_route,
        idem_key: intent.idem_key,
        status: 200,
        body: JSON.stringify({ hash: intent.idem_hash, response }),
        created_at: new Date(),
      },
      { transaction: w.tx },
    );
  } catch (err) {
    if (!(err instanceof UniqueConstraintError)) throw err;
  }
}

export type Finished = { outcome: 'recovered'; result: TicketActionResult } | { outcome: 'dropped' | 'kept' | 'taken' };

/**
 * Finish one intent: when the engine moved, write the action's missing timeline entry, row change and
 * audit records (marked `recovered`, as by the original operator) and delete the intent, in one
 * transaction that claims the intent first — so of two processes (or a repair and a retry) exactly
 * one writes. When the engine did not move, drop the intent: the action failed and changed nothing.
 *
 * `via` is the retrying request's context (its `commit` stores the request's idempotency answer);
 * without it the repair acts as the operator and stores the answer for a later retry itself.
 */
export async function finishIntent(
  services: Services,
  tenant: TenantHandle,
  intent: TicketActionIntent,
  via?: ActionCtx,
): Promise<Finished> {
  const Intents = ticketActionIntentModel(tenant.db);
  const drop = async (): Promise<Finished> => {
    await serializeSqliteWrites(tenant.db, () => Intents.destroy({ where: { id: intent.id } }));
    return { outcome: 'dropped' };
  };
  const row = await ticketModel(tenant.db).findByPk(intent.ticket_id);
  if (!row) return drop();
  const moved = await engineMoved(services, tenant, intent, row);
  if (moved === 'not-moved') return drop();
  if (moved === 'unknown') return Date.now() - intent.created_at.getTime() > UNKNOWN_KEEP_MS ? drop() : { outcome: 'kept' };

  const ctx = via ?? repairCtx(services, tenant, intent);
  const payload = parse<IntentPayload>(intent.payload, {});
  const rec = recordOf(intent, payload);
  const state = await stateAfter(ctx, row, 0);
  const written = await ctx.commit(async (w) => {
    if (!(await closeIntent(w, intent.id))) return undefined; // another process (or a retry) finished it
    if (payload.task) {
      await w.audit({
        action: 'task.complete',
        entityType: 'task',
        entityId: intent.task_key,
        after: { ...payload.task, recovered: true },
      });
    }
    // A task step someone else recorded with an operator stays theirs (the projector's own entry is adopted).
    const recorded = intent.task_key
      ? await ticketEventModel(tenant.db).findOne({
          where: { ticket_id: row.id, kind: intent.kind, task_key: intent.task_key, actor_id: { [Op.ne]: null } },
          transaction: w.tx,
        })
      : null;
    const eventId = recorded ? recorded.id : await writeActionRecord(w, row, rec, intent.task_key, true);
    const result = { ...state, eventId };
    if (!via) await rememberAnswer(w, intent, result);
    return result;
  });
  return written ? { outcome: 'recovered', result: written } : { outcome: 'taken' };
}

/** Finish or drop every intent of the tenant older than `olderThanMs` (younger ones may still be under way). */
export async function repairJournal(
  services: Services,
  tenant: TenantHandle,
  olderThanMs: number,
  now = new Date(),
): Promise<Record<'recovered' | 'dropped' | 'kept', number>> {
  const counts = { recovered: 0, dropped: 0, kept: 0 };
  const stale = await ticketActionIntentModel(tenant.db).findAll({
    where: { created_at: { [Op.lte]: new Date(now.getTime() - olderThanMs) } },
    order: [['id', 'ASC']],
    limit: 500,
  });
  for (const intent of stale) {
    // A transient failure (lock wait, deadlock with the projector's row update) is tried again at once;
    // one that persists leaves the intent for the next run.
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { outcome } = await finishIntent(services, tenant, intent);
        if (outcome !== 'taken') counts[outcome] += 1;
        break;
      } catch (err) {
        if (attempt < REPAIR_ATTEMPTS) {
          await sleep(100 * attempt);
          continue;
        }
        counts.kept += 1;
        services.logger.error({ err, tenant: tenant.code, intentId: intent.id }, 'ticket action journal: intent not repaired');
        break;
      }
    }
  }
  return counts;
}
