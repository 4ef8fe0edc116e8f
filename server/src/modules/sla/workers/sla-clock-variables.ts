import { z } from 'zod';
import { PRIORITY_LADDER } from '@warmline/contracts';

/** The rule a clock counts by, fixed at its first computation (later rule edits do not move running tickets). */
export const clockRule = z.object({
  id: z.number().int(),
  name: z.string(),
  handleMinutes: z.number(),
  remindBeforeMinutes: z.number(),
  timeMode: z.enum(['business', 'natural']),
  calendarId: z.number().int().nullable(),
  pauseOnCustomerWait: z.boolean(),
});
export type ClockRule = z.infer<typeof clockRule>;

/** Variables of a `wl-sla-clock` instance, as its workers read them (validated at the engine edge). */
export const clockVariables = z.object({
  ticketId: z.number().int(),
  ticketInstanceKey: z.string(),
  ticketType: z.string().nullable().optional(),
  urgency: z.string().nullable().optional(),
  source: z.string().nullable().optional(),
  priority: z.string().nullable().optional(),
  startedAt: z.string(),
  /** A due time agreed at intake: replaces the rule's budget (natural time to this instant). */
  agreedDueAt: z.string().nullable().optional(),
  slaRule: clockRule.optional(),
  /** Start of the running segment; null while paused; absent before the first computation. */
  segmentStartedAt: z.string().nullable().optional(),
  consumedMinutes: z.number().optional(),
  extendedMinutes: z.number().optional(),
  /** Set by a `wl-sla-extended` message, folded into `extendedMinutes` by the next computation. */
  extendMinutes: z.number().optional(),
  /** Set by a `wl-sla-resumed` message. */
  slaResume: z.boolean().optional(),
  dueAt: z.string().optional(),
  remindAt: z.string().optional(),
  slaFlag: z.enum(['yellow', 'red']).nullable().optional(),
});
export type ClockVariables = z.infer<typeof clockVariables>;

/**
 * Timers are armed on the engine's (real) clock and never in the past: the embedded engine must
 * not enter an event-based gateway with an already-due timer, and the injectable business "now"
 * may lie behind real time. A reminder or due time already reached fires this long after now.
 */
export const TIMER_GRACE_MS = 1_500;
export const timerAt = (iso: string): string => new Date(Math.max(new Date(iso).getTime(), Date.now() + TIMER_GRACE_MS)).toISOString();

/** One level up the urgency ladder: normal → urgent → critical (critical stays). */
export function raisePriority(priority: string | null | undefined): string {
  const i = PRIORITY_LADDER.indexOf((priority ?? 'normal') as (typeof PRIORITY_LADDER)[number]);
  return PRIORITY_LADDER[Math.min(Math.max(i, 0) + 1, PRIORITY_LADDER.length - 1)]!;
}
