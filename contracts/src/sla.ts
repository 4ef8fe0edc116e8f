import { z } from 'zod';
import { idSchema, optionalText, reasonSchema, text } from './common.js';

/** `business`: minutes counted on a business calendar; `natural`: wall-clock minutes. */
export const SLA_TIME_MODES = { business: '工作时间', natural: '自然时间' } as const;
export type SlaTimeMode = keyof typeof SLA_TIME_MODES;

/** The SLA stage of a ticket: normal, near due (yellow), overdue (red). */
export const SLA_STAGES = ['normal', 'near', 'overdue'] as const;
export type SlaStage = (typeof SLA_STAGES)[number];
export type SlaFlag = 'yellow' | 'red';

/** Ticket priority, raised one level on overdue. Same codes as the `urgency` dictionary. */
export const PRIORITY_LADDER = ['normal', 'urgent', 'critical'] as const;

/** Messages and job types of the SLA clock (`wl-sla-clock`, docs/decisions/0004 and 0005). */
export const SLA_CLOCK_PROCESS_ID = 'wl-sla-clock';
export const SLA_MESSAGES = {
  extended: 'wl-sla-extended',
  paused: 'wl-sla-paused',
  resumed: 'wl-sla-resumed',
  stop: 'wl-sla-stop',
} as const;
export const SLA_JOB_TYPES = {
  compute: 'wl-sla-compute',
  remind: 'wl-sla-remind',
  overdue: 'wl-sla-overdue',
  pause: 'wl-sla-pause',
  extend: 'wl-sla-extend',
} as const;

const dictCodeOrAny = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,47}$/, '编码须以小写字母开头，由小写字母、数字、下划线组成，2–48 位')
  .nullable();

const MAX_MINUTES = 60 * 24 * 366;

const ruleFields = {
  name: text(64),
  /** Code of the `ticket_type` dictionary, or null for any type. */
  ticketType: dictCodeOrAny,
  /** Code of the `urgency` dictionary, or null for any. */
  urgency: dictCodeOrAny,
  /** Code of the `ticket_source` dictionary, or null for any. */
  source: dictCodeOrAny,
  handleMinutes: z.number().int().min(1, '处理时限至少 1 分钟').max(MAX_MINUTES, '处理时限不能超过 366 天'),
  remindBeforeMinutes: z.number().int().min(0, '提醒提前量不能为负').max(MAX_MINUTES, '提醒提前量过大'),
  timeMode: z.enum(['business', 'natural'], { message: '计时方式须为 business（工作时间）或 natural（自然时间）' }),
  calendarId: idSchema.nullable(),
  pauseOnCustomerWait: z.boolean(),
  enabled: z.boolean(),
};

type RuleShape = { timeMode?: SlaTimeMode; calendarId?: number | null; handleMinutes?: number; remindBeforeMinutes?: number };
const ruleChecks = (v: RuleShape, ctx: z.RefinementCtx) => {
  if (v.timeMode === 'business' && !v.calendarId) {
    ctx.addIssue({ code: 'custom', message: '按工作时间计时须选择工作日历', path: ['calendarId'] });
  }
  if (v.handleMinutes !== undefined && v.remindBeforeMinutes !== undefined && v.remindBeforeMinutes >= v.handleMinutes) {
    ctx.addIssue({ code: 'custom', message: '提醒提前量须小于处理时限', path: ['remindBeforeMinutes'] });
  }
};

export const slaRuleParams = z.strictObject({ id: idSchema });

export const slaRuleCreateBody = z
  .strictObject({
    ...ruleFields,
    ticketType: ruleFields.ticketType.optional(),
    urgency: ruleFields.urgency.optional(),
    source: ruleFields.source.optional(),
    calendarId: ruleFields.calendarId.optional(),
    pauseOnCustomerWait: ruleFields.pauseOnCustomerWait.optional(),
    enabled: ruleFields.enabled.optional(),
    description: optionalText(255),
    reason: reasonSchema,
  })
  .superRefine(ruleChecks);

export const slaRuleUpdateBody = z
  .strictObject({
    name: ruleFields.name.optional(),
    ticketType: ruleFields.ticketType.optional(),
    urgency: ruleFields.urgency.optional(),
    source: ruleFields.source.optional(),
    handleMinutes: ruleFields.handleMinutes.optional(),
    remindBeforeMinutes: ruleFields.remindBeforeMinutes.optional(),
    timeMode: ruleFields.timeMode.optional(),
    calendarId: ruleFields.calendarId.optional(),
    pauseOnCustomerWait: ruleFields.pauseOnCustomerWait.optional(),
    enabled: ruleFields.enabled.optional(),
    description: z.string().trim().max(255).nullable().optional(),
    reason: reasonSchema,
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'reason'), { message: '至少需要修改一个字段' });

export const slaRuleDeleteBody = z.strictObject({ reason: reasonSchema });

export const slaRule = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  ticketType: z.string().nullable(),
  urgency: z.string().nullable(),
  source: z.string().nullable(),
  handleMinutes: z.number().int(),
  remindBeforeMinutes: z.number().int(),
  timeMode: z.enum(['business', 'natural']),
  calendarId: z.number().int().nullable(),
  pauseOnCustomerWait: z.boolean(),
  enabled: z.boolean(),
  /** How many of type / urgency / source the rule names (0–3): the most specific enabled rule wins. */
  specificity: z.number().int(),
});
export type SlaRule = z.infer<typeof slaRule>;

export const slaPreviewBody = z.strictObject({
  ticketType: dictCodeOrAny.optional(),
  urgency: dictCodeOrAny.optional(),
  source: dictCodeOrAny.optional(),
  /** ISO date-time with offset; now when omitted. */
  startAt: z.iso.datetime({ offset: true, message: '开始时间须为带时区的 ISO 时间，例如 2026-09-30T09:00:00+08:00' }).optional(),
});

export const slaPreview = z.object({
  rule: slaRule,
  startAt: z.string(),
  dueAt: z.string(),
  remindAt: z.string(),
});
export type SlaPreview = z.infer<typeof slaPreview>;

/** What the server passes when it starts a ticket's SLA clock. */
export const slaClockStartInput = z.object({
  ticketId: z.number().int().positive(),
  ticketInstanceKey: z.string().min(1),
  ticketType: z.string().nullable(),
  urgency: z.string().nullable(),
  source: z.string().nullable(),
  priority: z.string().nullable(),
  /** ISO date-time the clock counts from (the intake time). */
  startedAt: z.string(),
  /**
   * A due time agreed with the customer at intake: it replaces the rule's budget — the clock counts
   * natural time to this instant (an appointment is wall-clock time), keeping the rule's reminder lead.
   */
  agreedDueAt: z.string().nullable().optional(),
});
export type SlaClockStartInput = z.infer<typeof slaClockStartInput>;
