import type { UserTask, Variables } from '@warmline/engine';
import type { TicketActionResult } from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import { AppError } from '../../core/app-error.js';
import { completeTask } from '../tasks/index.js';
import { closeIntent, dropIntent, openIntent, processFingerprint, retriedIntent, settleFailedEngineCall } from './ticket-action-journal.js';
import { finishIntent } from './ticket-action-journal.repair.js';
import {
  loadTicket,
  serialized,
  stateAfter,
  viewTicket,
  stateConflict,
  writeActionRecord,
  type ActionCtx,
  type ActionRecord,
  type TicketView,
} from './ticket-actions.context.js';
import type { Ticket } from './ticket.model.js';

export type { ActionRecord } from './ticket-actions.context.js';

/**
 * The state after the action (read from the engine first: on SQLite the engine shares the database
 * file, and the action's transaction must not hold the write lock while the engine works), then the
 * timeline entry, row change and audit record in the action's transaction — which also deletes the
 * action's journal intent (decision 0018).
 */
async function record(
  ctx: ActionCtx,
  row: Ticket,
  rec: ActionRecord,
  taskKey: string | null,
  intentId: number,
  deferred: AuditEntry[] = [],
): Promise<TicketActionResult> {
  const state = await stateAfter(ctx, row, 0);
  return ctx.commit(async (w) => {
    for (const entry of deferred) await w.audit(entry);
    const eventId = await writeActionRecord(w, row, rec, taskKey);
    await closeIntent(w, intentId);
    return { ...state, eventId };
  });
}

/**
 * A retry with the `Idempotency-Key` of a request that failed after the engine moved finishes that
 * request's intent and answers its result (instead of 409: the step is done). Undefined when there is
 * nothing to finish (no key, no intent, or the engine had not moved: the intent is dropped).
 */
async function finishRetried(ctx: ActionCtx, ticketId: number): Promise<TicketActionResult | undefined> {
  const intent = await retriedIntent(ctx, ticketId);
  if (!intent) return undefined;
  const done = await finishIntent(ctx.services, ctx.tenant, intent, ctx);
  return done.outcome === 'recovered' ? done.result : undefined;
}

export interface TaskActionSpec {
  /** What the action is called in a refusal: `派单`. */
  what: string;
  /** Which open task of the ticket it completes. */
  task: (v: TicketView) => UserTask;
  /** Checks beyond the state (people, stations, attachments); may throw 400 / 403 / 409. */
  check?: (v: TicketView, task: UserTask) => Promise<void>;
  /** The form's data. */
  data: (v: TicketView, task: UserTask) => Variables;
  record: (v: TicketView, task: UserTask) => ActionRecord;
}

/**
 * An action that completes one open user task of the ticket through `completeTask` (form, candidate
 * group / assignee checked there). Order: checks → engine → timeline + row + audit (decision 0007).
 */
export async function taskAction(ctx: ActionCtx, ticketId: number, spec: TaskActionSpec): Promise<TicketActionResult> {
  const retried = await finishRetried(ctx, ticketId);
  if (retried) return retried;
  // completeTask's own audit record waits until the engine has been read (see record).
  const deferred: AuditEntry[] = [];
  const { row, task, rec, intentId } = await serialized(`${ctx.tenant.code}:${ticketId}`, async () => {
    const row = await loadTicket(ctx.tenant, ticketId);
    const v = await viewTicket(ctx.services, ctx.tenant, row);
    const task = spec.task(v);
    await spec.check?.(v, task);
    const data = spec.data(v, task);
    const { processId, elementId, instanceKey, formId } = task;
    const intentId = await openIntent(ctx, row, spec.what, spec.record(v, task), {
      taskKey: task.taskKey,
      task: { processId, elementId, instanceKey, formId, data },
    });
    try {
      await completeTask(ctx.services, ctx.tenant.code, ctx.user, task.taskKey, data, async (e) => {
        deferred.push(e);
      });
    } catch (err) {
      await settleFailedEngineCall(ctx, intentId, err);
      // Another request completed the step first (another server process): the ticket's words for it.
      if (err instanceof AppError && err.code === 'CONFLICT')
        throw stateConflict(await viewTicket(ctx.services, ctx.tenant, row), spec.what);
      throw err;
    }
    return { row, task, rec: spec.record(v, task), intentId };
  });
  return record(ctx, row, rec, task.taskKey, intentId, deferred);
}

export interface MessageActionSpec {
  what: string;
  /** State and people checks; throws 409 / 403 / 400. */
  check: (v: TicketView) => Promise<void>;
  /** Publish the message (or pause / resume the clock); answers whether the process took it. */
  act: (v: TicketView) => Promise<boolean>;
  record: (v: TicketView) => ActionRecord;
}

/** An action that publishes a message to the ticket's process (decision 0004); not taken → 409, nothing changed. */
export async function messageAction(ctx: ActionCtx, ticketId: number, spec: MessageActionSpec): Promise<TicketActionResult> {
  const retried = await finishRetried(ctx, ticketId);
  if (retried) return retried;
  const { row, rec, intentId } = await serialized(`${ctx.tenant.code}:${ticketId}`, async () => {
    const row = await loadTicket(ctx.tenant, ticketId);
    const v = await viewTicket(ctx.services, ctx.tenant, row);
    await spec.check(v);
    const intentId = await openIntent(ctx, row, spec.what, spec.record(v), { fingerprint: processFingerprint(v) });
    let taken: boolean;
    try {
      taken = await spec.act(v);
    } catch (err) {
      await settleFailedEngineCall(ctx, intentId, err);
      throw err;
    }
    if (!taken) {
      await dropIntent(ctx, intentId);
      throw stateConflict(await viewTicket(ctx.services, ctx.tenant, row), spec.what);
    }
    return { row, rec: spec.record(v), intentId };
  });
  return record(ctx, row, rec, null, intentId);
}

/** Publish a ticket message with no time to live: it correlates now or not at all. */
export async function publish(ctx: ActionCtx, ticketId: number, name: string, variables: Variables): Promise<boolean> {
  const res = await ctx.services.engine.publishMessage({
    tenantId: ctx.tenant.code,
    name,
    correlationKey: String(ticketId),
    variables,
    timeToLiveMs: 0,
  });
  return res.correlated;
}
