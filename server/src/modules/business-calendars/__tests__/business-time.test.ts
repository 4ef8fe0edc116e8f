import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OverrideKind } from '@warmline/contracts';
import { addBusinessMinutes, businessMinutesBetween, isWorkingTime, type CalendarSpec, type TimeBasis } from '../business-time.js';
import { CN_2026_OVERRIDES, STANDARD_WORKING_HOURS } from '../default-calendar.js';

const calendar: CalendarSpec = {
  timeZone: 'Asia/Shanghai',
  workingHours: STANDARD_WORKING_HOURS,
  overrides: new Map<string, OverrideKind>(CN_2026_OVERRIDES.map((o) => [o.date, o.kind])),
};
const business: TimeBasis = { mode: 'business', calendar };
const natural: TimeBasis = { mode: 'natural' };
/** Local Beijing wall time → UTC instant. */
const bj = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => d.toISOString();
const DAY = 450; // 7.5 working hours

describe('business time on the standard calendar (Mon–Fri 08:30–12:00, 13:30–17:30, Asia/Shanghai)', () => {
  test('given a start inside the morning, when 60 minutes are added, then the due time is one hour later', () => {
    assert.equal(iso(addBusinessMinutes(bj('2026-11-24T09:00:00'), 60, business)), iso(bj('2026-11-24T10:00:00')));
  });

  test('given a start before lunch, when the budget runs past noon, then the lunch break does not count', () => {
    // 11:30 + 60 min: 30 min until 12:00, the other 30 after 13:30.
    assert.equal(iso(addBusinessMinutes(bj('2026-11-24T11:30:00'), 60, business)), iso(bj('2026-11-24T14:00:00')));
    assert.equal(businessMinutesBetween(bj('2026-11-24T11:30:00'), bj('2026-11-24T14:00:00'), business), 60);
  });

  test('given a start during lunch, when minutes are added, then counting begins at 13:30', () => {
    assert.equal(iso(addBusinessMinutes(bj('2026-11-24T12:40:00'), 30, business)), iso(bj('2026-11-24T14:00:00')));
  });

  test('given a start at night, when minutes are added, then counting begins at 08:30 the next working day', () => {
    assert.equal(iso(addBusinessMinutes(bj('2026-11-24T21:15:00'), 45, business)), iso(bj('2026-11-25T09:15:00')));
    assert.equal(iso(addBusinessMinutes(bj('2026-11-25T06:00:00'), 45, business)), iso(bj('2026-11-25T09:15:00')));
  });

  test('given a Friday afternoon start, when the budget crosses the weekend, then Saturday and Sunday do not count', () => {
    // Fri 2026-11-27 16:30 + 4 h: 60 min on Friday, 180 min on Monday morning → Mon 11:30.
    assert.equal(iso(addBusinessMinutes(bj('2026-11-27T16:30:00'), 240, business)), iso(bj('2026-11-30T11:30:00')));
    assert.equal(businessMinutesBetween(bj('2026-11-27T16:30:00'), bj('2026-11-30T11:30:00'), business), 240);
  });

  test('given a start on the eve of 国庆, when one working day is added, then the whole Golden Week and its weekend are skipped', () => {
    // Wed 2026-09-30 16:00: 90 min that day; 10-01..10-07 are holidays; Thu 10-08: 210 min morning + 150 min → 16:00.
    const due = addBusinessMinutes(bj('2026-09-30T16:00:00'), DAY, business);
    assert.equal(iso(due), iso(bj('2026-10-08T16:00:00')));
    assert.equal(businessMinutesBetween(bj('2026-09-30T16:00:00'), due, business), DAY);
  });

  test('given a start inside the 国庆 holiday, when minutes are added, then counting begins on 10-08', () => {
    assert.equal(iso(addBusinessMinutes(bj('2026-10-03T10:00:00'), 30, business)), iso(bj('2026-10-08T09:00:00')));
    assert.equal(businessMinutesBetween(bj('2026-10-01T00:00:00'), bj('2026-10-08T00:00:00'), business), 0);
  });

  test('given the 调休 Saturday 2026-10-10, when a Friday budget runs over, then Saturday counts as a workday with Monday hours', () => {
    // Fri 10-09 17:00 + 60 min: 30 min Friday, 30 min on the make-up Saturday → Sat 09:00.
    assert.equal(iso(addBusinessMinutes(bj('2026-10-09T17:00:00'), 60, business)), iso(bj('2026-10-10T09:00:00')));
    assert.ok(isWorkingTime(bj('2026-10-10T10:00:00'), calendar));
    assert.ok(!isWorkingTime(bj('2026-10-17T10:00:00'), calendar), 'an ordinary Saturday is not a workday');
  });

  test('given the 调休 Sunday 2026-09-20, when counting across that weekend, then Sunday counts and Saturday does not', () => {
    assert.equal(businessMinutesBetween(bj('2026-09-19T00:00:00'), bj('2026-09-21T00:00:00'), business), DAY);
  });

  test('given a start on 12-31, when the budget crosses the year, then 元旦 01-01..01-03 are skipped and the 调休 Sunday 01-04 counts', () => {
    // Thu 2026-12-31 17:00 + 60 min: 30 min on 12-31; 2027-01-01 is a Friday with no 2027 overrides loaded → works.
    assert.equal(iso(addBusinessMinutes(bj('2026-12-31T17:00:00'), 60, business)), iso(bj('2027-01-01T09:00:00')));
    // 2025-12-31 (Wed) 17:00 + 60 min: 2026-01-01..03 holidays, Sun 01-04 is a make-up workday.
    assert.equal(iso(addBusinessMinutes(bj('2025-12-31T17:00:00'), 60, business)), iso(bj('2026-01-04T09:00:00')));
  });

  test('given Asia/Shanghai, when counting across the dates other zones change clocks, then every day has exactly 7.5 hours', () => {
    // Europe and the US change clocks around these dates; Shanghai has no DST.
    assert.equal(businessMinutesBetween(bj('2026-03-02T00:00:00'), bj('2026-03-14T00:00:00'), business), 10 * DAY);
    assert.equal(businessMinutesBetween(bj('2026-10-26T00:00:00'), bj('2026-11-07T00:00:00'), business), 10 * DAY);
    assert.equal(iso(addBusinessMinutes(bj('2026-03-27T08:30:00'), 3 * DAY, business)), iso(bj('2026-03-31T17:30:00')));
  });

  test('given 春节 with make-up Saturdays on both sides, when counting the whole span, then only real workdays count', () => {
    // 2026-02-14 (Sat, workday) .. 2026-02-28 (Sat, workday): 02-14, 24, 25, 26, 27, 28 are working days.
    assert.equal(businessMinutesBetween(bj('2026-02-14T00:00:00'), bj('2026-03-01T00:00:00'), business), 6 * DAY);
  });

  test('given any start, when minutes are added and then measured back, then the two functions agree', () => {
    for (const start of ['2026-09-30T11:59:00', '2026-10-09T12:30:00', '2026-02-13T17:29:00', '2026-05-08T23:00:00']) {
      for (const minutes of [1, 29, 210, 451, 2000]) {
        const due = addBusinessMinutes(bj(start), minutes, business);
        assert.equal(businessMinutesBetween(bj(start), due, business), minutes, `${start} + ${minutes}`);
      }
    }
  });

  test('given zero minutes or an end before the start, then nothing is added or counted', () => {
    assert.equal(iso(addBusinessMinutes(bj('2026-10-03T10:00:00'), 0, business)), iso(bj('2026-10-03T10:00:00')));
    assert.equal(businessMinutesBetween(bj('2026-11-25T10:00:00'), bj('2026-11-24T10:00:00'), business), 0);
  });

  test('given a calendar with no working hours at all, when minutes are added, then it fails instead of looping', () => {
    const empty: CalendarSpec = { ...calendar, workingHours: { ...STANDARD_WORKING_HOURS, mon: [], tue: [], wed: [], thu: [], fri: [] } };
    assert.throws(() => addBusinessMinutes(bj('2026-11-24T09:00:00'), 10, { mode: 'business', calendar: empty }), /no working time/);
  });
});

describe('natural time', () => {
  test('given natural mode, when minutes are added across a holiday and a night, then every minute counts', () => {
    assert.equal(iso(addBusinessMinutes(bj('2026-09-30T16:00:00'), 2 * 24 * 60, natural)), iso(bj('2026-10-02T16:00:00')));
    assert.equal(businessMinutesBetween(bj('2026-10-01T00:00:00'), bj('2026-10-01T00:01:30'), natural), 1.5);
  });
});
