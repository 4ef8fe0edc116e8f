import { DEFAULT_TIME_ZONE } from '@warmline/contracts';
import type { Services } from '../../services.js';
import { ensureDefaultChains } from '../approval-chains/approval-chain.service.js';
import { DEFAULT_APPROVAL_CHAINS } from '../approval-chains/default-approval-chains.js';
import { businessCalendarModel, calendarOverrideModel } from '../business-calendars/business-calendar.model.js';
import { CN_2026_OVERRIDES, DEFAULT_CALENDAR_NAME, STANDARD_WORKING_HOURS } from '../business-calendars/default-calendar.js';
import { slaRuleModel } from './sla-rule.model.js';

/** The catch-all rule: any type, urgency and source — two working days, reminded two hours before. */
export const DEFAULT_SLA_RULE = { name: '默认时限', handleMinutes: 900, remindBeforeMinutes: 120 } as const;

/**
 * Every installation needs a calendar, a catch-all SLA rule and group approval chains, or no
 * ticket could get a due time. Each is created when its table is empty (first start, or a newer
 * version's first start); afterwards the admins own them.
 */
export async function ensureBusinessTimeDefaults(services: Services): Promise<void> {
  const db = services.dbs.group;
  await db.transaction(async (transaction) => {
    const calendars = businessCalendarModel(db);
    let calendar = await calendars.findOne({ where: { name: DEFAULT_CALENDAR_NAME }, transaction });
    if (!calendar && (await calendars.count({ transaction })) === 0) {
      calendar = await calendars.create(
        {
          name: DEFAULT_CALENDAR_NAME,
          description: '周一至周五 08:30–12:00、13:30–17:30；含国务院公布的 2026 年节假日与调休上班日',
          time_zone: DEFAULT_TIME_ZONE,
          working_hours_json: JSON.stringify(STANDARD_WORKING_HOURS),
        },
        { transaction },
      );
      await calendarOverrideModel(db).bulkCreate(
        CN_2026_OVERRIDES.map((o) => ({ calendar_id: calendar!.id, ...o })),
        { transaction },
      );
    }
    if ((await slaRuleModel(db).count({ transaction })) === 0) {
      await slaRuleModel(db).create(
        {
          name: DEFAULT_SLA_RULE.name,
          description: '不限工单类型、紧急程度与来源；更具体的规则优先',
          ticket_type: null,
          urgency: null,
          source: null,
          handle_minutes: DEFAULT_SLA_RULE.handleMinutes,
          remind_before_minutes: DEFAULT_SLA_RULE.remindBeforeMinutes,
          time_mode: calendar ? 'business' : 'natural',
          calendar_id: calendar?.id ?? null,
          pause_on_customer_wait: true,
          enabled: true,
        },
        { transaction },
      );
    }
    await ensureDefaultChains(services, DEFAULT_APPROVAL_CHAINS, transaction);
  });
}
