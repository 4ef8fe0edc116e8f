import { z } from 'zod';
import { idSchema, optionalText, reasonSchema, text } from './common.js';

/** Weekday keys of a calendar's working hours, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: '周一',
  tue: '周二',
  wed: '周三',
  thu: '周四',
  fri: '周五',
  sat: '周六',
  sun: '周日',
};

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, '时间格式须为 HH:MM（00:00–24:00）');
const minutesOf = (v: string) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5));

/** One working interval of a day, local time of the calendar (`08:30`–`12:00`). */
export const workInterval = z
  .strictObject({ start: hhmm, end: hhmm })
  .refine((v) => minutesOf(v.start) < minutesOf(v.end), { message: '结束时间须晚于开始时间', path: ['end'] });
export type WorkInterval = z.infer<typeof workInterval>;

/** A day's intervals: sorted, not overlapping, at most 6. */
export const dayIntervals = z
  .array(workInterval)
  .max(6, '每天最多 6 个工作时段')
  .refine((list) => list.every((v, i) => i === 0 || minutesOf(list[i - 1]!.end) <= minutesOf(v.start)), {
    message: '工作时段须按时间先后排列且不能重叠',
  });

/** Working hours per weekday. A 调休 workday (override `workday`) uses Monday's intervals. */
export const workingHours = z
  .strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, dayIntervals])) as Record<Weekday, typeof dayIntervals>)
  .refine((v) => v.mon.length > 0, { message: '周一须有工作时段（调休上班日按周一的时段计算）', path: ['mon'] });
export type WorkingHours = z.infer<typeof workingHours>;

const timeZone = z
  .string()
  .trim()
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: '时区无效（例如 Asia/Shanghai）' },
  );

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export const calendarParams = z.strictObject({ id: idSchema });
export const calendarYearParams = z.strictObject({
  id: idSchema,
  year: z.coerce.number().int().min(2000, '年份须在 2000–2100 之间').max(2100, '年份须在 2000–2100 之间'),
});

export const calendarCreateBody = z.strictObject({
  name: text(64),
  description: optionalText(255),
  timeZone: timeZone.optional(),
  workingHours,
  reason: reasonSchema,
});

export const calendarUpdateBody = z
  .strictObject({
    name: text(64).optional(),
    description: z.string().trim().max(255).nullable().optional(),
    timeZone: timeZone.optional(),
    workingHours: workingHours.optional(),
    reason: reasonSchema,
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'reason'), { message: '至少需要修改一个字段' });

export const calendarDeleteBody = z.strictObject({ reason: reasonSchema });

export const businessCalendar = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  timeZone: z.string(),
  workingHours: z.record(z.string(), z.array(z.object({ start: z.string(), end: z.string() }))),
  /** Number of override days entered per year, e.g. `{ "2026": 33 }`. */
  overrideYears: z.record(z.string(), z.number().int()),
});
export type BusinessCalendar = z.infer<typeof businessCalendar>;

/** `holiday`: 法定节假日 (no work even on a weekday); `workday`: 调休上班 (work on a weekend day). */
export const OVERRIDE_KINDS = { holiday: '法定节假日', workday: '调休上班' } as const;
export type OverrideKind = keyof typeof OVERRIDE_KINDS;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式须为 YYYY-MM-DD')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, '日期无效');

export const calendarOverride = z.strictObject({
  date: isoDate,
  kind: z.enum(['holiday', 'workday'], { message: '类型须为 holiday（法定节假日）或 workday（调休上班）' }),
  name: text(64),
});
export type CalendarOverride = z.infer<typeof calendarOverride>;

/** PUT a whole year: the list replaces every override of that year. Dates are checked against the year by the server. */
export const calendarOverridesBody = z.strictObject({
  items: z
    .array(calendarOverride)
    .max(366, '一年最多 366 天')
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((it, i) => {
        if (seen.has(it.date)) ctx.addIssue({ code: 'custom', message: `日期 ${it.date} 重复`, path: [i, 'date'] });
        seen.add(it.date);
      });
    }),
  reason: reasonSchema,
});

export const calendarOverridesResponse = z.object({
  calendarId: z.number().int(),
  year: z.number().int(),
  items: z.array(calendarOverride),
});
export type CalendarOverrides = z.infer<typeof calendarOverridesResponse>;
