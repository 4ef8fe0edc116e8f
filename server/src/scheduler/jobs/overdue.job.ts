import { Op, UniqueConstraintError } from 'sequelize';
import { OPEN_TICKET_STATUSES, TICKET_PRIORITIES, type TicketPriority } from '@warmline/contracts';
import { flagEventKey, planForFlag } from '../../modules/notifications/notification-rules.js';
import { ticketModel, type Ticket } from '../../modules/tickets/ticket.model.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import type { SchedulerJob } from '../scheduler.js';
import { allTenants } from './tenants.js';

const raise = (p: TicketPriority): TicketPriority =>
  TICKET_PRIORITIES[Math.min(TICKET_PRIORITIES.indexOf(p) + 1, TICKET_PRIORITIES.length - 1)];

/** Record that `level` was applied to the ticket; false when it already was (this or another process). */
async function claimLevel(services: Services, tenant: TenantHandle, ticketId: number, level: number): Promise<boolean> {
  try {
    await services.dbs.group
      .getQueryInterface()
      .bulkInsert('ticket_escalations', [{ subsidiary_id: tenant.subsidiaryId, ticket_id: ticketId, level, created_at: new Date() }]);
    return true;
  } catch (err) {
    if (err instanceof UniqueConstraintError) return false;
    throw err;
  }
}

/**
 * Overdue escalation (safety net and follow-up for the SLA clock). An open ticket past its due time
 * (plus a grace the clock gets to act first) reaches level 1, and one more level per
 * `overdueEscalateHours` overdue. Each level is applied once (ticket_escalations): priority one step
 * up, red flag on the row and the ticket instance, notification to station heads and supervisors.
 * Level 1 of a ticket the clock already flagged red raises nothing (the clock raised it) and its
 * notification shares the clock's event key.
 */
export const overdueJob: SchedulerJob = {
  name: 'overdue',
  cron: (c) => c.cron.overdue,
  run: async (services: Services, now: Date) => {
    const { overdueGraceMinutes, overdueEscalateHours } = services.config.scheduler;
    let escalated = 0;
    for (const tenant of await allTenants(services)) {
      const rows = await ticketModel(tenant.db).findAll({
        where: {
          status: { [Op.in]: OPEN_TICKET_STATUSES as string[] },
          due_at: { [Op.lte]: new Date(now.getTime() - overdueGraceMinutes * 60_000) },
        },
        limit: 5_000,
      });
      for (const t of rows) {
        const level = 1 + Math.floor((now.getTime() - t.due_at!.getTime()) / (overdueEscalateHours * 3_600_000));
        for (let l = 1; l <= level; l += 1) {
          if (!(await claimLevel(services, tenant, t.id, l))) continue;
          await escalate(services, tenant, t, l);
          escalated += 1;
        }
      }
    }
    return { escalated };
  },
};

async function escalate(services: Services, tenant: TenantHandle, t: Ticket, level: number): Promise<void> {
  const Tickets = ticketModel(tenant.db);
  // Optimistic update on the fresh row: another level (or an action) may have changed it since the scan.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const row = await Tickets.findByPk(t.id);
    if (!row) return;
    if (level === 1 && row.sla_flag === 'red') break; // the SLA clock flagged it and raised the priority itself
    const priority = raise(row.priority);
    const [changed] = await Tickets.update(
      { priority, sla_flag: 'red', version: row.version + 1 },
      { where: { id: t.id, version: row.version } },
    );
    if (changed === 0) continue;
    if (row.instance_key) {
      await services.engine
        .setVariables(tenant.code, row.instance_key, { priority, slaFlag: 'red' })
        .catch((err: unknown) => services.logger.warn({ err, ticketId: t.id }, 'overdue escalation: ticket instance not updated'));
    }
    break;
  }
  const planned = await planForFlag(services, {
    tenantId: tenant.code,
    ticketId: t.id,
    ticketInstanceKey: t.instance_key ?? '',
    flag: 'red',
    dueAt: t.due_at!.toISOString(),
  });
  for (const p of planned) {
    p.eventKey =
      level === 1 ? flagEventKey(tenant.subsidiaryId, t.id, 'red', t.due_at!) : `escalate:${tenant.subsidiaryId}:${t.id}:${level}`;
    if (level > 1) p.title = `${p.title}（第${level}级升级）`;
  }
  await services.notifications.notify(planned);
}
