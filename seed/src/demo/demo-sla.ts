import type { Services } from '@warmline/server';
import { seedSlaRules, type SlaRuleSeed } from '@warmline/server/seeding';

/** Demo SLA rules (on top of the catch-all default every installation has). */
export const DEMO_SLA_RULES: readonly SlaRuleSeed[] = [
  {
    name: '紧急报修 4 个工作小时',
    ticketType: 'repair',
    urgency: 'urgent',
    handleMinutes: 240,
    remindBeforeMinutes: 60,
    timeMode: 'business',
    pauseOnCustomerWait: true,
  },
  {
    name: '特急报修 2 小时（自然时间）',
    ticketType: 'repair',
    urgency: 'critical',
    handleMinutes: 120,
    remindBeforeMinutes: 30,
    timeMode: 'natural',
    pauseOnCustomerWait: false,
  },
  {
    name: '报修 1 个工作日',
    ticketType: 'repair',
    handleMinutes: 450,
    remindBeforeMinutes: 90,
    timeMode: 'business',
    pauseOnCustomerWait: true,
  },
  {
    name: '投诉 2 天（自然时间）',
    ticketType: 'complaint',
    handleMinutes: 2_880,
    remindBeforeMinutes: 240,
    timeMode: 'natural',
    pauseOnCustomerWait: true,
  },
  {
    name: '咨询 1 个工作日',
    ticketType: 'consultation',
    handleMinutes: 450,
    remindBeforeMinutes: 60,
    timeMode: 'business',
    pauseOnCustomerWait: false,
  },
  {
    name: '越级投诉 24 小时（自然时间）',
    ticketType: 'skip_level_complaint',
    handleMinutes: 1_440,
    remindBeforeMinutes: 180,
    timeMode: 'natural',
    pauseOnCustomerWait: false,
  },
  {
    name: '12345 工单 24 小时（自然时间）',
    source: 'hotline_12345',
    handleMinutes: 1_440,
    remindBeforeMinutes: 240,
    timeMode: 'natural',
    pauseOnCustomerWait: false,
  },
  {
    name: '测温 2 个工作日',
    ticketType: 'temperature_check',
    handleMinutes: 900,
    remindBeforeMinutes: 120,
    timeMode: 'business',
    pauseOnCustomerWait: true,
  },
];

/** Seed the demo SLA rules; rules already there (same type × urgency × source) are kept. */
export const seedDemoSla = (services: Services) => seedSlaRules(services, DEMO_SLA_RULES);
