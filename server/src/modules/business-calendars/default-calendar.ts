import type { CalendarOverride, WorkingHours } from '@warmline/contracts';

export const DEFAULT_CALENDAR_NAME = '标准工作日历';

const office = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

/** Monday–Friday 08:30–12:00 and 13:30–17:30 (7.5 working hours a day). */
export const STANDARD_WORKING_HOURS: WorkingHours = { mon: office, tue: office, wed: office, thu: office, fri: office, sat: [], sun: [] };

const range = (from: string, to: string, name: string): CalendarOverride[] => {
  const out: CalendarOverride[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push({ date: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return out;
};
const workday = (date: string, name: string): CalendarOverride => ({ date, kind: 'workday', name: `${name}调休上班` });

/**
 * 2026 public holidays and make-up workdays (国务院办公厅关于2026年部分节假日安排的通知,
 * 2025-11-04). Weekend days inside a holiday span are listed too, so the year reads as published.
 */
export const CN_2026_OVERRIDES: CalendarOverride[] = [
  ...range('2026-01-01', '2026-01-03', '元旦'),
  workday('2026-01-04', '元旦'),
  workday('2026-02-14', '春节'),
  ...range('2026-02-15', '2026-02-23', '春节'),
  workday('2026-02-28', '春节'),
  ...range('2026-04-04', '2026-04-06', '清明节'),
  ...range('2026-05-01', '2026-05-05', '劳动节'),
  workday('2026-05-09', '劳动节'),
  ...range('2026-06-19', '2026-06-21', '端午节'),
  workday('2026-09-20', '国庆节'),
  ...range('2026-09-25', '2026-09-27', '中秋节'),
  ...range('2026-10-01', '2026-10-07', '国庆节'),
  workday('2026-10-10', '国庆节'),
];
