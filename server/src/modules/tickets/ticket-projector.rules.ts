import type { InstanceInfo, UserTask, Variables } from '@warmline/engine';
import { TICKET_PRIORITIES, TICKET_STATUS_BY_TASK, type TicketPriority, type TicketStatus } from '@warmline/contracts';
import type { Ticket } from './ticket.model.js';

/** The ticket row's fields the projector owns (decision 0007). */
export type ProjectedFields = Partial<
  Pick<
    Ticket,
    'status' | 'station_id' | 'worker_id' | 'priority' | 'due_at' | 'sla_flag' | 'supervised' | 'skip_level' | 'closed_at' | 'instance_key'
  >
>;

/** Statuses in which the row names the worker (before: nobody holds the ticket yet). */
const WORKER_STATUSES = new Set<TicketStatus>(['pending_accept', 'in_progress', 'pending_callback', 'closed', 'voided', 'cancelled']);
const ENDINGS = new Set<TicketStatus>(['closed', 'voided', 'cancelled']);

const positiveInt = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
};

const has = (vars: Variables, key: string) => Object.prototype.hasOwnProperty.call(vars, key);

/**
 * The status a `wl-ticket` task puts the row in: `TICKET_STATUS_BY_TASK`, except that `dispatch`
 * after an approved station return is `returned` (the last station decision was the return; any later
 * pass through the station overwrites `confirmDecision`).
 */
export function statusOfTask(elementId: string, vars: Variables): TicketStatus | undefined {
  const status = TICKET_STATUS_BY_TASK[elementId];
  if (status === 'pending_dispatch' && vars.confirmDecision === 'return' && vars.returnApproved === true) return 'returned';
  return status;
}

/** How an ended ticket instance ends the row: its `ticketStatus`, or cancelled when it was terminated without one. */
export function endingOf(info: Pick<InstanceInfo, 'state' | 'variables'>): TicketStatus {
  const s = info.variables.ticketStatus;
  if (typeof s === 'string' && ENDINGS.has(s as TicketStatus)) return s as TicketStatus;
  return info.state === 'completed' ? 'closed' : 'cancelled';
}

/**
 * The row as the engine says it should be now: the status from the open `wl-ticket` task (or the
 * ending), and the mirrored variables. Fields the engine does not know are left out (unchanged).
 */
export function projectTicket(info: InstanceInfo, openTasks: UserTask[]): ProjectedFields {
  const vars = info.variables;
  const out: ProjectedFields = { instance_key: info.instanceKey };
  let status: TicketStatus | undefined;
  if (info.state === 'completed' || info.state === 'terminated') {
    status = endingOf(info);
    if (info.endedAt) out.closed_at = new Date(info.endedAt);
  } else {
    const main = openTasks
      .filter((t) => t.instanceKey === info.instanceKey && t.state === 'created' && TICKET_STATUS_BY_TASK[t.elementId])
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (main) status = statusOfTask(main.elementId, { ...vars, ...main.variables });
  }
  if (status) {
    out.status = status;
    out.worker_id = WORKER_STATUSES.has(status) ? positiveInt(vars.workerId) : null;
  }
  if (has(vars, 'stationId')) out.station_id = positiveInt(vars.stationId);
  if (typeof vars.priority === 'string' && (TICKET_PRIORITIES as readonly string[]).includes(vars.priority)) {
    out.priority = vars.priority as TicketPriority;
  }
  if (typeof vars.dueAt === 'string' && !Number.isNaN(Date.parse(vars.dueAt))) out.due_at = new Date(vars.dueAt);
  if (has(vars, 'slaFlag')) out.sla_flag = vars.slaFlag === 'yellow' || vars.slaFlag === 'red' ? vars.slaFlag : null;
  if (has(vars, 'supervised')) out.supervised = vars.supervised === true;
  if (has(vars, 'skipLevel')) out.skip_level = vars.skipLevel === true;
  return out;
}

/** Only the fields that differ from the row (dates compared by time, ids as numbers). */
export function changedFields(row: Ticket, next: ProjectedFields): ProjectedFields {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    const current = (row as unknown as Record<string, unknown>)[key];
    const same =
      value instanceof Date
        ? current instanceof Date || typeof current === 'string'
          ? new Date(current).getTime() === value.getTime()
          : false
        : typeof value === 'boolean'
          ? Boolean(current) === value
          : typeof value === 'number'
            ? Number(current) === value && current !== null
            : (current ?? null) === (value ?? null);
    if (!same) out[key] = value;
  }
  return out as ProjectedFields;
}
