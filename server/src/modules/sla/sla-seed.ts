import type { SlaTimeMode } from '@warmline/contracts';
import type { Services } from '../../services.js';
import { businessCalendarModel } from '../business-calendars/business-calendar.model.js';
import { DEFAULT_CALENDAR_NAME } from '../business-calendars/default-calendar.js';
import { slaRuleModel } from './sla-rule.model.js';

export interface SlaRuleSeed {
  name: string;
  ticketType?: string;
  urgency?: string;
  source?: string;
  handleMinutes: number;
  remindBeforeMinutes: number;
  timeMode: SlaTimeMode;
  pauseOnCustomerWait: boolean;
}

/**
 * Seed SLA rules (demo data): business rules count on the standard calendar; a rule whose
 * type × urgency × source combination already exists is left alone. Answers how many were added.
 */
export async function seedSlaRules(services: Services, rules: readonly SlaRuleSeed[]): Promise<number> {
  const db = services.dbs.group;
  return db.transaction(async (transaction) => {
    const calendar = await businessCalendarModel(db).findOne({ where: { name: DEFAULT_CALENDAR_NAME }, transaction });
    let added = 0;
    for (const r of rules) {
      const where = { ticket_type: r.ticketType ?? null, urgency: r.urgency ?? null, source: r.source ?? null };
      if (await slaRuleModel(db).findOne({ where, transaction })) continue;
      const business = r.timeMode === 'business' && calendar;
      await slaRuleModel(db).create(
        {
          name: r.name,
          description: null,
          ...where,
          handle_minutes: r.handleMinutes,
          remind_before_minutes: r.remindBeforeMinutes,
          time_mode: business ? 'business' : 'natural',
          calendar_id: business ? calendar.id : null,
          pause_on_customer_wait: r.pauseOnCustomerWait,
          enabled: true,
        },
        { transaction },
      );
      added += 1;
    }
    return added;
  });
}
