import type { EngineEvent, UserTask } from '@warmline/engine';
import type { Services } from '../../services.js';
import type { SlaFlagEvent } from '../sla/sla-clock.service.js';
import { TASK_GROUPS } from '../tasks/task-groups.js';
import type { PlannedNotification } from './notification-outbox.js';
import { ticketMessage } from './notification-text.js';
import { membersOfGroups, uniqueRecipients, usersByIds, usersWithRoles } from './recipients.js';
import { tenantOfCode, ticketFacts, type TicketFacts } from './ticket-facts.js';

/**
 * Who hears about what (docs/decisions/0008). Each rule answers the planned messages for one engine
 * event or SLA flag; the event key makes replays idempotent.
 */
export async function planForEngineEvent(services: Services, event: EngineEvent): Promise<PlannedNotification[]> {
  if (event.type !== 'task.created') return [];
  const task = event.task;
  const ticketId = task.variables.ticketId;
  if (typeof ticketId !== 'number' || !hasRule(task)) return [];
  const tenant = await tenantOfCode(services, event.tenantId);
  if (!tenant) return [];
  const facts = await ticketFacts(tenant, ticketId, task.variables);
  const eventKey = `task:${tenant.subsidiaryId}:${task.taskKey}`;
  const plan = (kind: PlannedNotification['kind'], recipients: PlannedNotification['recipients'], extra = {}, key = eventKey) => ({
    kind,
    ...ticketMessage(kind as Exclude<PlannedNotification['kind'], 'daily_summary'>, facts, extra),
    recipients,
    subsidiaryId: tenant.subsidiaryId,
    ticket: facts,
    eventKey: key,
  });

  if (task.processId === 'wl-approval' && task.elementId === 'approve') {
    const recipients = await membersOfGroups(services, tenant.subsidiaryId, task.candidateGroups);
    const operation = typeof task.variables.operation === 'string' ? task.variables.operation : undefined;
    return [plan('approval_requested', recipients, { operation })];
  }
  if (task.processId !== 'wl-ticket') return [];

  switch (task.elementId) {
    case 'station-confirm':
      return [plan('dispatched', await membersOfGroups(services, tenant.subsidiaryId, task.candidateGroups))];
    case 'worker-accept': {
      const worker = Number(task.assignee);
      const previous = await reassignedFrom(services, task);
      if (previous !== null && previous !== worker) {
        return [
          plan('reassigned', await usersByIds(services, [worker])),
          plan('reassigned', await usersByIds(services, [previous]), { reassignedAway: true }, `${eventKey}:away`),
        ];
      }
      return [plan('task_assigned', await usersByIds(services, [worker]))];
    }
    case 'callback':
      return [plan('completed', await completionRecipients(services, facts))];
    default:
      return [];
  }
}

/** Tasks some rule below speaks of: for the others, no ticket row is read. */
const TICKET_TASKS_WITH_RULES = new Set(['station-confirm', 'worker-accept', 'callback']);
const hasRule = (task: UserTask) =>
  (task.processId === 'wl-approval' && task.elementId === 'approve') ||
  (task.processId === 'wl-ticket' && TICKET_TASKS_WITH_RULES.has(task.elementId));

/**
 * The worker a reassignment took the ticket from: the ticket instance's task just before this one is
 * an accept or handle task that was canceled (the reassign boundary interrupts it), else null.
 */
async function reassignedFrom(services: Services, task: UserTask): Promise<number | null> {
  const tasks = await services.engine.searchUserTasks({ tenantId: task.tenantId, instanceKey: task.instanceKey });
  const before = tasks.filter((t) => t.taskKey !== task.taskKey && t.createdAt <= task.createdAt);
  const last = before[before.length - 1];
  if (!last || last.state !== 'canceled' || !['worker-accept', 'handle'].includes(last.elementId)) return null;
  const id = Number(last.assignee);
  return Number.isInteger(id) && id > 0 ? id : null;
}

async function completionRecipients(services: Services, facts: TicketFacts) {
  return uniqueRecipients([
    facts.stationId ? await membersOfGroups(services, facts.subsidiaryId, [TASK_GROUPS.station(facts.stationId)]) : [],
    await usersByIds(services, [facts.agentId]),
    await membersOfGroups(services, facts.subsidiaryId, [TASK_GROUPS.agent]),
  ]);
}

/** Yellow → assignee, station heads, intake agent; red → station heads and the subsidiary's supervisors. */
export async function planForFlag(
  services: Services,
  event: Pick<SlaFlagEvent, 'tenantId' | 'ticketId' | 'ticketInstanceKey' | 'flag' | 'dueAt'>,
): Promise<PlannedNotification[]> {
  if (event.flag === null) return [];
  const tenant = await tenantOfCode(services, event.tenantId);
  if (!tenant) return [];
  const vars = event.ticketInstanceKey ? ((await services.engine.getInstance(tenant.code, event.ticketInstanceKey))?.variables ?? {}) : {};
  const facts = await ticketFacts(tenant, event.ticketId, vars);
  const stationHeads = facts.stationId ? await membersOfGroups(services, tenant.subsidiaryId, [TASK_GROUPS.station(facts.stationId)]) : [];
  const recipients =
    event.flag === 'yellow'
      ? uniqueRecipients([await usersByIds(services, [facts.workerId]), stationHeads, await usersByIds(services, [facts.agentId])])
      : uniqueRecipients([stationHeads, await usersWithRoles(services, tenant.subsidiaryId, ['supervisor'], 'within')]);
  const kind = event.flag === 'yellow' ? 'due_soon' : 'overdue';
  const dueAt = new Date(event.dueAt);
  return [
    {
      kind,
      ...ticketMessage(kind, facts, { dueAt }),
      recipients,
      subsidiaryId: tenant.subsidiaryId,
      ticket: facts,
      eventKey: flagEventKey(tenant.subsidiaryId, event.ticketId, event.flag, dueAt),
    },
  ];
}

/** Shared by the SLA clock's flags and the scheduler's safety-net scans, so the two never notify twice. */
export const flagEventKey = (subsidiaryId: number, ticketId: number, flag: 'yellow' | 'red', dueAt: Date) =>
  `flag:${subsidiaryId}:${ticketId}:${flag}:${Number.isNaN(dueAt.getTime()) ? 'none' : Math.floor(dueAt.getTime() / 60_000)}`;
