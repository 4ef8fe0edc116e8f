/**
 * Business-time arithmetic (pure, no I/O). A calendar gives working intervals per weekday in its
 * own time zone, plus per-date overrides: `holiday` (no work that day) and `workday` (调休: a
 * weekend day worked with Monday's intervals). Natural mode counts wall-clock minutes.
 *
 * Instants are UTC `Date`s; minutes may be fractional (pauses measure to the millisecond).
 */
import type { OverrideKind, Weekday, WorkingHours } from '@warmline/contracts';

export interface CalendarSpec {
  timeZone: string;
  workingHours: WorkingHours;
  /** `YYYY-MM-DD` (local date) → kind. */
  overrides: ReadonlyMap<string, OverrideKind>;
}

/** `natural` counts every minute; a calendar counts working minutes only. */
export type TimeBasis = { mode: 'natural' } | { mode: 'business'; calendar: CalendarSpec };

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Give up when no working time is found within this many days (e.g. a calendar without hours). */
const MAX_DAYS = 3_700;
const WEEKDAY_BY_INDEX: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at the instant `ms`, in ms (Asia/Shanghai: +8 h, no DST). */
function zoneOffset(timeZone: string, ms: number): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - (ms - (ms % 1000));
}

/** Local calendar date (as a UTC-midnight ms "day number") of the instant `ms`. */
function localDay(timeZone: string, ms: number): number {
  const local = ms + zoneOffset(timeZone, ms);
  return local - (((local % DAY) + DAY) % DAY);
}

/** The UTC instant of local wall time `day + minutes` in `timeZone`. */
function localToUtc(timeZone: string, day: number, minutes: number): number {
  const wall = day + minutes * MINUTE;
  let guess = wall - zoneOffset(timeZone, wall);
  guess = wall - zoneOffset(timeZone, guess);
  return guess;
}

const dateKey = (day: number) => new Date(day).toISOString().slice(0, 10);
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The working intervals of one local day, as UTC ms ranges in order. */
export function workingIntervalsOfDay(calendar: CalendarSpec, day: number): Array<[number, number]> {
  const override = calendar.overrides.get(dateKey(day));
  if (override === 'holiday') return [];
  const weekday = WEEKDAY_BY_INDEX[new Date(day).getUTCDay()]!;
  const intervals = override === 'workday' ? calendar.workingHours.mon : calendar.workingHours[weekday];
  return intervals.map((i) => [
    localToUtc(calendar.timeZone, day, toMinutes(i.start)),
    localToUtc(calendar.timeZone, day, toMinutes(i.end)),
  ]);
}

/**
 * The instant `minutes` working minutes after `start`. Time outside working hours does not count,
 * so a start at night begins counting at the next working interval. 0 minutes answers `start`.
 */
export function addBusinessMinutes(start: Date, minutes: number, basis: TimeBasis): Date {
  if (basis.mode === 'natural') return new Date(start.getTime() + minutes * MINUTE);
  if (minutes <= 0) return new Date(start.getTime());
  const { calendar } = basis;
  let remaining = minutes * MINUTE;
  let cursor = start.getTime();
  let day = localDay(calendar.timeZone, cursor);
  for (let i = 0; i < MAX_DAYS; i += 1, day += DAY) {
    for (const [from, to] of workingIntervalsOfDay(calendar, day)) {
      if (to <= cursor) continue;
      const begin = Math.max(from, cursor);
      if (to - begin >= remaining) return new Date(begin + remaining);
      remaining -= to - begin;
      cursor = to;
    }
  }
  throw new Error(`no working time within ${MAX_DAYS} days: the calendar has no usable working hours`);
}

/** Working minutes between `a` and `b` (0 when `b` is not after `a`). */
export function businessMinutesBetween(a: Date, b: Date, basis: TimeBasis): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  if (basis.mode === 'natural') return (to - from) / MINUTE;
  const { calendar } = basis;
  let total = 0;
  const lastDay = localDay(calendar.timeZone, to);
  for (let day = localDay(calendar.timeZone, from); day <= lastDay; day += DAY) {
    for (const [s, e] of workingIntervalsOfDay(calendar, day)) {
      const overlap = Math.min(e, to) - Math.max(s, from);
      if (overlap > 0) total += overlap;
    }
  }
  return total / MINUTE;
}

/** Whether `at` falls inside a working interval. */
export function isWorkingTime(at: Date, calendar: CalendarSpec): boolean {
  const ms = at.getTime();
  return workingIntervalsOfDay(calendar, localDay(calendar.timeZone, ms)).some(([s, e]) => ms >= s && ms < e);
}
