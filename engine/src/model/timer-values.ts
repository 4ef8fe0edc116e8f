import { CronExpressionParser } from 'cron-parser';
import { excerpt } from './problems.js';

/**
 * Static timer values as Zeebe accepts them: ISO 8601 durations (`PT15M`, `P1DT2H`), date-times with
 * an offset or zone (`2025-01-01T08:00:00+08:00`, `…Z`, `…+08:00[Asia/Shanghai]`), repeating
 * intervals (`R5/PT10M`, `R/2025-01-01T08:00:00Z/P1D`) and six-field cron expressions (seconds first,
 * `0 0 9 * * MON-FRI`) or cron macros (`@daily`).
 */

const DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(?:\.\d+)?S)?)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})(\[[A-Za-z0-9_+\-/]+\])?$/;
const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

export const isIsoDuration = (value: string): boolean => DURATION.test(value.trim());

export function isIsoDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value.trim());
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m.map((x) => (x === undefined ? x : Number(x)) as number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || (s ?? 0) > 59) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return false;
  if (m[8]) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: m[8].slice(1, -1) });
    } catch {
      return false;
    }
  }
  return true;
}

/** `R[n]/duration` or `R[n]/start/duration`. */
export function isRepeatingInterval(value: string): boolean {
  const parts = value.trim().split('/');
  if (!/^R\d*$/.test(parts[0] ?? '')) return false;
  if (parts.length === 2) return isIsoDuration(parts[1]);
  if (parts.length === 3) return isIsoDateTime(parts[1]) && isIsoDuration(parts[2]);
  return false;
}

/** A cron cycle the embedded scheduler (cron-parser) and Zeebe (six fields, seconds first) both accept. */
export function isCronCycle(value: string): boolean {
  const v = value.trim();
  if (CRON_MACROS.has(v.toLowerCase())) return true;
  if (v.split(/\s+/).length !== 6) return false;
  try {
    CronExpressionParser.parse(v);
    return true;
  } catch {
    return false;
  }
}

export type TimerKind = 'timeDuration' | 'timeDate' | 'timeCycle';

/** Why a static timer value is invalid (Chinese and English), or undefined when it is valid. */
export function timerValueError(kind: TimerKind, value: string): { zh: string; en: string } | undefined {
  const raw = value.trim();
  const v = excerpt(raw, 80);
  switch (kind) {
    case 'timeDuration':
      return isIsoDuration(raw)
        ? undefined
        : {
            zh: `定时器时长「${v}」不是 ISO 8601 时长（例如 PT15M、P1DT2H）`,
            en: `timer duration "${v}" is not an ISO 8601 duration (e.g. PT15M, P1DT2H)`,
          };
    case 'timeDate':
      return isIsoDateTime(raw)
        ? undefined
        : {
            zh: `定时器日期「${v}」不是带时区的 ISO 8601 日期时间（例如 2025-01-01T08:00:00+08:00）`,
            en: `timer date "${v}" is not an ISO 8601 date-time with offset (e.g. 2025-01-01T08:00:00+08:00)`,
          };
    case 'timeCycle':
      return isRepeatingInterval(raw) || isCronCycle(raw)
        ? undefined
        : {
            zh: `定时器周期「${v}」既不是 ISO 8601 重复间隔（例如 R5/PT10M）也不是六段 cron 表达式（例如 0 0 9 * * MON-FRI）`,
            en: `timer cycle "${v}" is neither an ISO 8601 repeating interval (e.g. R5/PT10M) nor a six-field cron expression (e.g. 0 0 9 * * MON-FRI)`,
          };
  }
}
