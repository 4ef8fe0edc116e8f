import { Op } from 'sequelize';
import { OPEN_TICKET_STATUSES } from '@warmline/contracts';
import { uniqueRecipients, usersWithRoles } from '../../modules/notifications/recipients.js';
import { ticketModel } from '../../modules/tickets/ticket.model.js';
import type { Services } from '../../services.js';
import type { SchedulerJob } from '../scheduler.js';
import { allTenants } from './tenants.js';

const DAY_MS = 24 * 3_600_000;

/** The Asia/Shanghai calendar day before `now`: its label and its [start, end) in UTC. */
export function previousShanghaiDay(now: Date): { day: string; label: string; start: Date; end: Date } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
  const end = new Date(`${today}T00:00:00+08:00`);
  const start = new Date(end.getTime() - DAY_MS);
  const day = new Date(start.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const [, m, d] = day.split('-').map(Number);
  return { day, label: `${m}月${d}日`, start, end };
}

/**
 * Daily summary (08:00 Asia/Shanghai by default): per subsidiary, yesterday's new and closed tickets
 * and the tickets overdue now, to the subsidiary's admins and the group / division leaders above it.
 */
export const dailySummaryJob: SchedulerJob = {
  name: 'daily-summary',
  cron: (c) => c.cron.dailySummary,
  run: async (services: Services, now: Date) => {
    const { day, label, start, end } = previousShanghaiDay(now);
    let subsidiaries = 0;
    for (const tenant of await allTenants(services)) {
      const Tickets = ticketModel(tenant.db);
      const created = await Tickets.count({ where: { created_at: { [Op.gte]: start, [Op.lt]: end } } });
      const closed = await Tickets.count({ where: { status: 'closed', closed_at: { [Op.gte]: start, [Op.lt]: end } } });
      const overdue = await Tickets.count({
        where: { status: { [Op.in]: OPEN_TICKET_STATUSES as string[] }, due_at: { [Op.lt]: now } },
      });
      const recipients = uniqueRecipients([
        await usersWithRoles(services, tenant.subsidiaryId, ['subsidiary_admin'], 'within'),
        await usersWithRoles(services, tenant.subsidiaryId, ['leader'], 'above'),
      ]);
      const title = `每日工单汇总（${label}）`;
      await services.notifications.notify([
        {
          kind: 'daily_summary',
          title,
          body: `${tenant.name} ${label}：新建 ${created} 单，办结 ${closed} 单；当前超时未办结 ${overdue} 单`,
          recipients,
          subsidiaryId: tenant.subsidiaryId,
          ticket: null,
          eventKey: `daily:${tenant.subsidiaryId}:${day}`,
        },
      ]);
      subsidiaries += 1;
    }
    return { subsidiaries };
  },
};
