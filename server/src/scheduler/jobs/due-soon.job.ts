import { Op } from 'sequelize';
import { OPEN_TICKET_STATUSES, type SlaRule } from '@warmline/contracts';
import type { TimeBasis } from '../../modules/business-calendars/business-time.js';
import { flagEventKey, planForFlag } from '../../modules/notifications/notification-rules.js';
import { selectRule } from '../../modules/sla/sla-rule-match.js';
import { listSlaRules } from '../../modules/sla/sla-rule.service.js';
import { businessMinutesBetween, timeBasisOf } from '../../modules/sla/sla-schedule.js';
import { ticketModel } from '../../modules/tickets/ticket.model.js';
import type { Services } from '../../services.js';
import type { SchedulerJob } from '../scheduler.js';
import { allTenants } from './tenants.js';

const LOOKAHEAD_MS = 10 * 24 * 3_600_000;

/**
 * Safety net for the SLA clock's yellow flag: open tickets not flagged yet whose due time is within
 * their rule's reminder window get the due-soon notification (same event key as the clock's flag,
 * so a ticket the clock already announced is not announced twice).
 */
export const dueSoonJob: SchedulerJob = {
  name: 'due-soon',
  cron: (c) => c.cron.dueSoon,
  run: async (services: Services, now: Date) => {
    const rules = await listSlaRules(services);
    const bases = new Map<number | null, TimeBasis>();
    const basisOf = async (rule: SlaRule) => {
      const key = rule.timeMode === 'business' ? rule.calendarId : null;
      if (!bases.has(key)) bases.set(key, await timeBasisOf(services, rule));
      return bases.get(key)!;
    };
    const maxWindow = Math.max(0, ...rules.map((r) => r.remindBeforeMinutes));
    let scanned = 0;
    let due = 0;
    for (const tenant of await allTenants(services)) {
      // A business-time window can span nights, weekends and a week of holiday: look 10 days ahead, then count exactly.
      const rows = await ticketModel(tenant.db).findAll({
        where: {
          status: { [Op.in]: OPEN_TICKET_STATUSES as string[] },
          sla_flag: null,
          due_at: { [Op.gt]: now, [Op.lte]: new Date(now.getTime() + maxWindow * 60_000 + LOOKAHEAD_MS) },
        },
        limit: 5_000,
      });
      for (const t of rows) {
        scanned += 1;
        const rule = selectRule(rules, { ticketType: t.type_code, urgency: t.urgency, source: t.source });
        if (!rule || !t.due_at) continue;
        if (businessMinutesBetween(now, t.due_at, await basisOf(rule)) > rule.remindBeforeMinutes) continue;
        const planned = await planForFlag(services, {
          tenantId: tenant.code,
          ticketId: t.id,
          ticketInstanceKey: t.instance_key ?? '',
          flag: 'yellow',
          dueAt: t.due_at.toISOString(),
        });
        for (const p of planned) p.eventKey = flagEventKey(tenant.subsidiaryId, t.id, 'yellow', t.due_at);
        await services.notifications.notify(planned);
        due += 1;
      }
    }
    return { scanned, due };
  },
};
