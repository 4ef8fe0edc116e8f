import type { SlaRule, SlaStage } from '@warmline/contracts';
import type { Services } from '../../services.js';
import { loadCalendarSpec } from '../business-calendars/business-calendar.service.js';
import { addBusinessMinutes, businessMinutesBetween, type TimeBasis } from '../business-calendars/business-time.js';

/** Where a ticket's clock stands: the running segment's start, minutes used before it, extensions granted. */
export interface ClockPosition {
  /** Start of the current running segment (intake, or the last resume). */
  segmentStart: Date;
  /** Rule minutes consumed in earlier segments (before pauses). */
  consumedMinutes: number;
  /** Minutes added by approved delays. */
  extendedMinutes: number;
}

export interface Schedule {
  dueAt: Date;
  remindAt: Date;
  remainingMinutes: number;
}

export type RuleTiming = Pick<SlaRule, 'handleMinutes' | 'remindBeforeMinutes' | 'timeMode' | 'calendarId'>;

export async function timeBasisOf(services: Services, rule: Pick<SlaRule, 'timeMode' | 'calendarId'>): Promise<TimeBasis> {
  if (rule.timeMode === 'natural' || !rule.calendarId) return { mode: 'natural' };
  return { mode: 'business', calendar: await loadCalendarSpec(services, rule.calendarId) };
}

/** Pure: due and reminder instants from the remaining budget, counted on the rule's time basis. */
export function schedule(rule: RuleTiming, basis: TimeBasis, pos: ClockPosition): Schedule {
  const remaining = Math.max(0, rule.handleMinutes + pos.extendedMinutes - pos.consumedMinutes);
  const dueAt = addBusinessMinutes(pos.segmentStart, remaining, basis);
  const remindAt = addBusinessMinutes(pos.segmentStart, Math.max(0, remaining - rule.remindBeforeMinutes), basis);
  return { dueAt, remindAt, remainingMinutes: remaining };
}

export async function scheduleFor(services: Services, rule: RuleTiming, pos: ClockPosition): Promise<Schedule> {
  return schedule(rule, await timeBasisOf(services, rule), pos);
}

export const stageAt = (s: Pick<Schedule, 'dueAt' | 'remindAt'>, now: Date): SlaStage =>
  now.getTime() >= s.dueAt.getTime() ? 'overdue' : now.getTime() >= s.remindAt.getTime() ? 'near' : 'normal';

export { businessMinutesBetween };
