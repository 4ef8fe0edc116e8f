import { CronExpressionParser } from 'cron-parser';
import { isCronCycle } from '../../model/index.js';

/**
 * When a timer start event fires (Zeebe semantics): `timeDate` once; `timeCycle` as an ISO repeating
 * interval (`R5/PT10M`, `R/2025-01-01T08:00:00Z/P1D`: n times or forever) or a six-field cron
 * expression in UTC (forever).
 */
export interface StartTimer {
  type: 'timeDate' | 'timeCycle';
  value: string;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** `date` plus an ISO 8601 duration (calendar years and months, then days and time). */
export function addDuration(date: Date, iso: string): Date | undefined {
  const m = DURATION.exec(iso.trim());
  if (!m) return undefined;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const out = new Date(date.getTime());
  if (y || mo) out.setUTCFullYear(out.getUTCFullYear() + y, out.getUTCMonth() + mo);
  out.setTime(out.getTime() + ((w * 7 + d) * 86_400 + h * 3600 + mi * 60 + s) * 1000);
  return out.getTime() > date.getTime() ? out : undefined;
}

/** An ISO date-time with offset; a trailing `[Zone/Name]` is dropped (the offset is authoritative). */
export function parseDate(value: string): Date | undefined {
  const t = Date.parse(value.trim().replace(/\[[^\]]+\]$/, ''));
  return Number.isFinite(t) ? new Date(t) : undefined;
}

/**
 * The due time of firing number `n` (0 = the first), given the previous due time (`prev`, for n > 0)
 * or the time the schedule was created (`now`, for n = 0). Undefined: the timer fires no more.
 */
export function nextDue(timer: StartTimer, n: number, prev: Date | undefined, now: Date): Date | undefined {
  const value = timer.value.trim();
  if (timer.type === 'timeDate') return n === 0 ? parseDate(value) : undefined;
  if (isCronCycle(value)) {
    const from = prev && prev.getTime() > now.getTime() ? prev : now;
    return CronExpressionParser.parse(value, { currentDate: from, tz: 'UTC' }).next().toDate();
  }
  const parts = value.split('/');
  const reps = parts[0] === 'R' ? Infinity : Number(parts[0].slice(1));
  if (!(n < reps)) return undefined;
  const duration = parts[parts.length - 1];
  const start = parts.length === 3 ? parseDate(parts[1]) : undefined;
  let due = n === 0 ? (start ?? addDuration(now, duration)) : prev && addDuration(prev, duration);
  // A cycle that fell behind (the server was down) fires once now, then goes on from there.
  for (let guard = 0; due && n > 0 && due.getTime() < now.getTime() - 1000 && guard < 100_000; guard++) due = addDuration(due, duration);
  return due;
}
