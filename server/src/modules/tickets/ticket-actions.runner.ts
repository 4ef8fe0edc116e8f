import type { UserTask, Variables } from '@warmline/engine';
import type { TicketActionResult, TicketEventKind } from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import { AppError } from '../../core/app-error.js';
import { completeTask } from '../tasks/index.js';
import {
  loadTicket,
  serialized,
  stateAfter,
  viewTicket,
  stateConflict,
  writeEvent,
  type ActionCtx,
  type TicketView,
} from './ticket-actions.context.js';
import { ticketModel, type Ticket } from './ticket.model.js';

/** What an action leaves in the timeline, the audit log and the row. */
export interface ActionRecord {
  /** `ticket.<verb>` in the audit log. */
  action: string;
  kind: TicketEventKind;
  reason?: string | null;
  data?: Record<string, unknown>;
  /** Row columns the action itself sets (the projector mirrors the rest from the process). */
  row?: Partial<Pick<Ticket, 'satisfaction' | 'signature_attachment_id' | 'completed_at' | 'supervised'>>;
}

/**
 * The state after the action (read from the engine first: on SQLite the engine shares the database
 * file, and the action's transaction must not hold the write lock while the engine works), then the
 * timeline entry, row change and audit record in the action's transaction.
 */
async function record(
  ctx: ActionCtx,
  row: Ticket,
  rec: ActionRecord,
  taskKey: string | null,
  deferred: AuditEntry[] = [],
): Promise<TicketActionResult> {
  const state = await stateAfter(ctx, row, 0);
  return ctx.commit(async (w) => {
    for (const entry of deferred) await w.audit(entry);
    const eventId = await writeEvent(w, row.id, rec.kind, { reason: rec.reason, data: rec.data, taskKey });
    const Tickets = ticketModel(w.tenant.db);
    if (rec.row) await Tickets.update({ ...rec.row, updated_at: new Date() }, { where: { id: row.id }, transaction: w.tx });
    await Tickets.increment('version', { by: 1, where: { id: row.id }, transaction: w.tx });
    await w.audit({
      action: rec.action,
      entityType: 'ticket',
      entityId: row.id,
      reason: rec.reason ?? null,
      after: { ticketNo: row.ticket_no, kind: rec.kind, taskKey, ...rec.data },
    });
    return { ...state, eventId };
  });
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
  // completeTask's own audit record waits until the engine has been read (see record).
  const deferred: AuditEntry[] = [];
  const { row, task, rec } = await serialized(`${ctx.tenant.code}:${ticketId}`, async () => {
    const row = await loadTicket(ctx.tenant, ticketId);
    const v = await viewTicket(ctx.services, ctx.tenant, row);
    const task = spec.task(v);
    await spec.check?.(v, task);
    try {
      await completeTask(ctx.services, ctx.tenant.code, ctx.user, task.taskKey, spec.data(v, task), async (e) => {
        deferred.push(e);
      });
    } catch (err) {
      // Another request completed the step first (another server process): the ticket's words for it.
      if (err instanceof AppError && err.code === 'CONFLICT')
        throw stateConflict(await viewTicket(ctx.services, ctx.tenant, row), spec.what);
      throw err;
    }
    return { row, task, rec: spec.record(v, task) };
  });
  return record(ctx, row, rec, task.taskKey, deferred);
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
  const { row, rec } = await serialized(`${ctx.tenant.code}:${ticketId}`, async () => {
    const row = await loadTicket(ctx.tenant, ticketId);
    const v = await viewTicket(ctx.services, ctx.tenant, row);
    await spec.check(v);
    if (!(await spec.act(v))) throw stateConflict(await viewTicket(ctx.services, ctx.tenant, row), spec.what);
    return { row, rec: spec.record(v) };
  });
  return record(ctx, row, rec, null);
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
