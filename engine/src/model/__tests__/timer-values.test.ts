import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCronCycle, isIsoDateTime, isIsoDuration, isRepeatingInterval, timerValueError } from '../index.js';

describe('static timer values (Zeebe formats)', () => {
  test('given ISO 8601 durations, then valid ones pass and others fail', () => {
    for (const v of ['PT15M', 'P1D', 'P1DT2H', 'PT0.5S', 'P2W', 'P1Y2M3DT4H5M6S', ' PT1H ']) assert.ok(isIsoDuration(v), v);
    for (const v of ['P', 'PT', '15M', 'PT-5M', 'P1H', 'PT1D', '5 minutes', '', 'P1DT']) assert.ok(!isIsoDuration(v), v);
  });

  test('given date-times, then only ISO 8601 with an offset or zone pass', () => {
    for (const v of [
      '2025-01-01T08:00:00+08:00',
      '2025-01-01T00:00:00Z',
      '2024-02-29T23:59:59.123Z',
      '2025-06-01T08:00+08:00',
      '2025-01-01T08:00:00+08:00[Asia/Shanghai]',
    ])
      assert.ok(isIsoDateTime(v), v);
    for (const v of [
      '2025-01-01T08:00:00',
      '2025-02-30T08:00:00Z',
      '2023-02-29T08:00:00Z',
      '2025-13-01T08:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01',
      'tomorrow',
      '2025-01-01T08:00:00+08:00[Not/AZone]',
    ])
      assert.ok(!isIsoDateTime(v), v);
  });

  test('given repeating intervals, then R[n]/duration and R[n]/start/duration pass', () => {
    for (const v of ['R5/PT10M', 'R/P1D', 'R3/2025-01-01T08:00:00+08:00/PT1H']) assert.ok(isRepeatingInterval(v), v);
    for (const v of ['R5', 'R-1/PT1M', 'RX/PT1M', 'R5/PT1M/2025-01-01T08:00:00Z', 'R5/tomorrow']) assert.ok(!isRepeatingInterval(v), v);
  });

  test('given cron cycles, then six-field (seconds first) expressions and macros pass', () => {
    for (const v of ['0 0 9 * * MON-FRI', '0 */15 * * * *', '0 0 12 L * *', '@daily', '@hourly']) assert.ok(isCronCycle(v), v);
    for (const v of ['0 9 * * *', '0 0 25 * * *', '60 * * * * *', 'every day', '@sometimes', '0 0 0 1W * ?']) assert.ok(!isCronCycle(v), v);
  });

  test('given a timer kind and value, then timerValueError explains invalid values in both languages', () => {
    assert.equal(timerValueError('timeDuration', 'PT5M'), undefined);
    assert.equal(timerValueError('timeCycle', '0 0 9 * * MON-FRI'), undefined);
    assert.equal(timerValueError('timeCycle', 'R/PT1H'), undefined);
    const bad = timerValueError('timeDate', 'PT5M')!;
    assert.match(bad.zh, /ISO 8601 日期时间/);
    assert.match(bad.en, /ISO 8601 date-time/);
    assert.ok(timerValueError('timeDuration', 'x'.repeat(10_000))!.en.length < 300);
  });
});
