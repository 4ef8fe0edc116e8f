import { QueryTypes, UniqueConstraintError, type Transaction } from 'sequelize';
import type { UserTask, Variables } from '@warmline/engine';
import {
  TICKET_STATUS_BY_TASK,
  TICKET_STATUS_LABELS,
  type TicketActionResult,
  type TicketEventKind,
  type TicketOpenTask,
  type TicketStatus,
} from '@warmline/contracts';
import type { AuthUser } from '../../auth/auth-user.js';
import type { AuditEntry } from '../../audit/audit.types.js';
import { AppError, forbidden, invalid, notFound } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { taskGroupsOf } from '../tasks/index.js';
import { ticketEventModel } from './ticket-event.model.js';
import { ticketModel, type Ticket } from './ticket.model.js';

/** What every ticket action gets from its route. */
export interface ActionCtx {
  services: Services;
  tenant: TenantHandle;
  user: AuthUser;
  /** The action's transaction: only inside `commit` (none while the engine works). */
  tx: Transaction | undefined;
  /** An audit record, in `tx`. */
  audit: (entry: AuditEntry) => Promise<void>;
  /**
   * Run the action's writes — timeline entry, row, audit records, the idempotency answer — in one
   * transaction of the tenant database, opened only after the engine has moved: a request never holds
   * a pooled connection while it waits for the engine's own (decision 0007, order inside an action).
   */
  commit: <T>(work: (w: ActionCtx) => Promise<T>) => Promise<T>;
  /** The request's `Idempotency-Key`, its route and the request's digest, when it carries one (decision 0018). */
  idempotency?: { routeId: string; key: string; hash: string };
}

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

/** The ticket and its process as an action sees them before it acts. */
export interface TicketView {
  row: Ticket;
  instanceKey: string;
  active: boolean;
  variables: Variables;
  /** Open user tasks of the ticket: its own instance's, its approvals' and its supervisions'. */
  tasks: UserTask[];
  status: TicketStatus;
  activeElementIds: string[];
}

const TICKET_SIDE_TASKS = ['approve', 'supervision-report', 'supervision-review'];
const ENDED_STATUSES: TicketStatus[] = ['closed', 'voided', 'cancelled'];
/** Service steps of `wl-ticket` after which the ticket ends (decision 0004 job types). */
const ENDING_STEPS: Record<string, TicketStatus> = {
  'ext-before-close': 'closed',
  close: 'closed',
  'void-ticket': 'voided',
  'cancel-ticket': 'cancelled',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The ticket row, read outside the request's transaction on purpose: the embedded engine writes to
 * the same (SQLite) database on its own connections, so the request's transaction must not hold a
 * snapshot or a lock before the engine has moved (decision 0007, order inside an action).
 */
export async function loadTicket(tenant: TenantHandle, ticketId: number): Promise<Ticket> {
  const row = await ticketModel(tenant.db).findByPk(ticketId);
  if (!row) throw notFound('工单');
  return row;
}

/** Status from the process: the open `wl-ticket` task, how the instance ended, else the row's. */
function statusOf(row: Ticket, active: boolean, variables: Variables, tasks: UserTask[], activeElementIds: string[]): TicketStatus {
  if (!active) {
    const s = variables.ticketStatus as TicketStatus | undefined;
    return s && ENDED_STATUSES.includes(s) ? s : 'closed';
  }
  // A terminal step already runs (its job stops the clock): the ticket is as good as ended.
  const ending = Object.entries(ENDING_STEPS).find(([step]) => activeElementIds.includes(step));
  if (ending) return ending[1];
  const main = tasks.find((t) => t.processId === 'wl-ticket' && TICKET_STATUS_BY_TASK[t.elementId]);
  if (!main) return ENDED_STATUSES.includes(row.status) ? 'pending_dispatch' : row.status;
  if (main.elementId === 'dispatch' && (row.status === 'returned' || variables.returnApproved === true)) {
    return row.status === 'pending_dispatch' ? 'pending_dispatch' : 'returned';
  }
  return TICKET_STATUS_BY_TASK[main.elementId];
}

/** Read the ticket's process state from the engine (the authority on what may happen next). */
export async function viewTicket(services: Services, tenant: TenantHandle, row: Ticket): Promise<TicketView> {
  if (!row.instance_key) throw new AppError('TICKET_STATE_CONFLICT', '工单尚未启动流程，不能办理');
  const engine = services.engine;
  // The ticket's own tasks, and those of its approvals (called by the ticket, they see its
  // `ticketId`) and supervisions (started with it): searched per side-task element by the ticket's
  // id, complete however many other tickets wait. Per element, because a search by id alone scans
  // every open task of the tenant (measured: 170 ms at 18,000 open tasks on MariaDB, 24 ms when
  // limited to one element).
  const [info, own, ...side] = await Promise.all([
    engine.getInstance(tenant.code, row.instance_key),
    engine.searchUserTasks({ tenantId: tenant.code, state: 'created', instanceKey: row.instance_key }),
    ...TICKET_SIDE_TASKS.map((elementId) =>
      engine.searchUserTasks({ tenantId: tenant.code, state: 'created', elementId, variables: { ticketId: row.id } }),
    ),
  ]);
  if (!info) throw new AppError('TICKET_STATE_CONFLICT', '工单流程不存在，不能办理');
  const running = info.state === 'active';
  const tasks = [...own, ...side.flat().filter((t) => t.instanceKey !== row.instance_key)];
  const status = statusOf(row, running, info.variables, tasks, info.activeElementIds);
  // An instance in its terminal step counts as ended: no action may start on it any more.
  const active = running && !ENDED_STATUSES.includes(status);
  return { row, instanceKey: row.instance_key, active, variables: info.variables, tasks, status, activeElementIds: info.activeElementIds };
}

export const statusLabel = (v: Pick<TicketView, 'status'>) => TICKET_STATUS_LABELS[v.status];

/** 409 naming the ticket's current state: `工单当前为「待派单」，不能接单`. */
export function stateConflict(v: Pick<TicketView, 'status'>, what: string, why?: string): AppError {
  return new AppError('TICKET_STATE_CONFLICT', `工单当前为「${statusLabel(v)}」，${why ? `${why}，` : ''}不能${what}`);
}

/** The ticket's open task `elementId`, or 409 in the ticket's words. */
export function openTask(v: TicketView, elementId: string, what: string): UserTask {
  const task = v.active ? v.tasks.find((t) => t.elementId === elementId) : undefined;
  if (!task) throw stateConflict(v, what);
  return task;
}

export function requireActive(v: TicketView, what: string): void {
  if (!v.active) throw stateConflict(v, what, '工单已结束');
}

/** An approval of `operation` still waiting for a decision. */
export const pendingApproval = (v: TicketView, operation: string) =>
  v.tasks.find((t) => t.elementId === 'approve' && t.variables.operation === operation);

export const groupsOf = (ctx: ActionCtx) => taskGroupsOf(ctx.user, ctx.services.orgs);

/** The user is in one of `groups` (candidate groups of decision 0004), or 403 with `message`. */
export async function requireGroup(ctx: ActionCtx, groups: (string | null)[], message: string): Promise<string[]> {
  const mine = await groupsOf(ctx);
  if (!groups.some((g) => g !== null && mine.includes(g))) throw forbidden(message);
  return mine;
}

export const stationGroup = (v: TicketView) => (typeof v.variables.stationId === 'number' ? `station:${v.variables.stationId}` : null);

/** A station of the request's subsidiary, or 400 on `field`. */
export async function requireStation(ctx: ActionCtx, stationId: number, field: string): Promise<void> {
  const [station, sub] = [await ctx.services.orgs.get(stationId), await ctx.services.orgs.get(ctx.tenant.subsidiaryId)];
  if (!station || !sub || station.type !== 'station' || !station.enabled || !station.path.startsWith(sub.path)) {
    throw invalid(field, '站部不存在或不属于本分公司');
  }
}

/** An enabled repair or grid worker placed in `stationId` or one of its teams/grids, or 400 on `field`; answers the display name. */
export async function requireWorkerOf(ctx: ActionCtx, stationId: number, workerId: number, field: string): Promise<string> {
  const station = await ctx.services.orgs.get(stationId);
  const rows = station
    ? await ctx.services.dbs.group.query<{ display_name: string }>(
        `SELECT u.display_name FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
         JOIN org_units o ON o.id = u.org_id
         WHERE u.id = ? AND o.path LIKE ? AND u.enabled = ? AND r.code IN ('repair_worker', 'grid_worker')`,
        { replacements: [workerId, `${station.path}%`, true], type: QueryTypes.SELECT },
      )
    : [];
  if (!rows[0]) throw invalid(field, '该人员不是本站部的维修人员或网格员');
  return rows[0].display_name;
}

/**
 * Append a timeline entry in the request's transaction; answers its id. An entry keyed by a task the
 * projector already recorded (an approval decision it saw first) becomes the action's: operator,
 * reason and data are written onto it — one entry per (ticket, kind, key), `ticket_events_key_uq`.
 */
export async function writeEvent(
  ctx: ActionCtx,
  ticketId: number,
  kind: TicketEventKind,
  entry: { reason?: string | null; data?: Record<string, unknown>; taskKey?: string | null },
): Promise<number> {
  const Events = ticketEventModel(ctx.tenant.db);
  const values = {
    actor_id: ctx.user.id,
    actor_name: ctx.user.displayName.slice(0, 64),
    reason: entry.reason ?? null,
    data: JSON.stringify(entry.data ?? {}),
  };
  try {
    const ev = await Events.create(
      { ticket_id: ticketId, kind, ...values, task_key: entry.taskKey ?? null, created_at: new Date() },
      { transaction: ctx.tx },
    );
    return ev.id;
  } catch (err) {
    if (!(err instanceof UniqueConstraintError) || !entry.taskKey) throw err;
    const where = { ticket_id: ticketId, kind, task_key: entry.taskKey };
    await Events.update(values, { where, transaction: ctx.tx });
    const existing = await Events.findOne({ where, attributes: ['id'], transaction: ctx.tx });
    if (!existing) throw err;
    return existing.id;
  }
}

/**
 * The action's own records in `w`'s transaction: timeline entry, row change, version, audit record
 * (`recovered` marks one the action journal's repair wrote for an action whose transaction was lost).
 * Answers the timeline entry's id.
 */
export async function writeActionRecord(
  w: ActionCtx,
  row: Ticket,
  rec: ActionRecord,
  taskKey: string | null,
  recovered = false,
): Promise<number> {
  const eventId = await writeEvent(w, row.id, rec.kind, { reason: rec.reason, data: rec.data, taskKey });
  const Tickets = ticketModel(w.tenant.db);
  if (rec.row) await Tickets.update({ ...rec.row, updated_at: new Date() }, { where: { id: row.id }, transaction: w.tx });
  await Tickets.increment('version', { by: 1, where: { id: row.id }, transaction: w.tx });
  await w.audit({
    action: rec.action,
    entityType: 'ticket',
    entityId: row.id,
    reason: rec.reason ?? null,
    after: { ticketNo: row.ticket_no, kind: rec.kind, taskKey, ...rec.data, ...(recovered ? { recovered: true } : {}) },
  });
  return eventId;
}

const toOpenTask = (t: UserTask): TicketOpenTask => ({
  taskKey: t.taskKey,
  processId: t.processId,
  elementId: t.elementId,
  name: t.name,
  assignee: t.assignee,
  candidateGroups: t.candidateGroups,
  operation: typeof t.variables.operation === 'string' ? t.variables.operation : null,
  level: typeof t.variables.level === 'string' ? t.variables.level : null,
});

/**
 * The ticket's state after an action. The engine moves on asynchronously past service tasks and
 * called processes; while the ticket is active with no open task, it is read again for a moment.
 */
export async function stateAfter(ctx: ActionCtx, row: Ticket, eventId: number): Promise<TicketActionResult> {
  let v = await viewTicket(ctx.services, ctx.tenant, row);
  for (let i = 0; i < 20 && v.active && v.tasks.length === 0; i++) {
    await sleep(25);
    v = await viewTicket(ctx.services, ctx.tenant, row);
  }
  return {
    ticketId: row.id,
    status: v.status,
    statusLabel: statusLabel(v),
    ended: !v.active,
    waitingCustomer: v.variables.waitingCustomer === true,
    openTasks: v.tasks.map(toOpenTask),
    eventId,
  };
}

/**
 * Actions on one ticket run one at a time in this process, so of two racing requests the second sees
 * the state the first left (and answers 409). Across processes the engine still refuses a second
 * completion of the same task.
 */
const running = new Map<string, Promise<unknown>>();

export async function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = running.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const tail = next.catch(() => undefined);
  running.set(key, tail);
  try {
    return await next;
  } finally {
    if (running.get(key) === tail) running.delete(key);
  }
}
