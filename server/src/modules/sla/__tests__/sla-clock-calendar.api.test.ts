import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachDb } from '../../../testing/index.js';
import { slaWorld, waitFor, type SlaTicket, type SlaWorld } from './sla-clock-harness.js';

const bj = (local: string) => new Date(`${local}+08:00`);

/** The ticket's variables once the clock's first computation has completed (the clock holds its rule). */
async function dueOnTicket(t: SlaTicket) {
  await waitFor('the first computation', async () => (await t.clock()).variables.slaRule);
  return t.ticketVars();
}

/**
 * The SLA clock on the real engine, counting on the standard calendar. The service's "now" is
 * fixed to the intake time (2026 dates lie in the past of the machine clock, so the clock is
 * stopped right after the computation is checked).
 */
describeEachDb('SLA clock on the business calendar', (ctx) => {
  let w: SlaWorld;
  before(async () => {
    w = await slaWorld(ctx.server, 'sla_cal');
    const calendars = await ctx.server.admin.get('/api/business-calendars');
    const rule = await ctx.server.admin.post('/api/sla-rules', {
      name: '测温一小时',
      ticketType: 'temperature_check',
      handleMinutes: 60,
      remindBeforeMinutes: 15,
      timeMode: 'business',
      calendarId: calendars.body[0].id,
    });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
  });
  after(() => w.reset());

  test('given a repair ticket taken on 09-30 16:00 under the default rule (900 working minutes), then its due time skips 国庆 and lands on 10-09 16:00', async () => {
    // Given
    w.setNow(bj('2026-09-30T16:00:00'));
    // When
    const t = await w.startTicket({ ticketType: 'repair', startedAt: bj('2026-09-30T16:00:00') });
    // Then
    const vars = await dueOnTicket(t);
    assert.equal(vars.dueAt, bj('2026-10-09T16:00:00').toISOString());
    const clock = await t.clock();
    assert.equal((clock.variables.slaRule as { name: string }).name, '默认时限');
    assert.equal(clock.variables.remindAt, bj('2026-10-09T14:00:00').toISOString());
    await ctx.server.services.sla.stop(w.tenant, t.ticketId);
    await waitFor('the clock to end', async () => (await t.clock()).state === 'completed');
  });

  test('given a one-hour business rule and a ticket on Friday 10-09 17:00, then the 调休 Saturday 10-10 counts and it is due Saturday 09:00', async () => {
    w.setNow(bj('2026-10-09T17:00:00'));
    const t = await w.startTicket({ ticketType: 'temperature_check', startedAt: bj('2026-10-09T17:00:00') });
    const vars = await dueOnTicket(t);
    assert.equal(vars.dueAt, bj('2026-10-10T09:00:00').toISOString());
    assert.equal((await t.clock()).variables.remindAt, bj('2026-10-10T08:45:00').toISOString());
    await ctx.server.services.sla.stop(w.tenant, t.ticketId);
    await waitFor('the clock to end', async () => (await t.clock()).state === 'completed');
  });

  test('given the same rule and a ticket on an ordinary Friday 10-16 17:00, then Saturday does not count and it is due Monday 09:00', async () => {
    w.setNow(bj('2026-10-16T17:00:00'));
    const t = await w.startTicket({ ticketType: 'temperature_check', startedAt: bj('2026-10-16T17:00:00') });
    const vars = await dueOnTicket(t);
    assert.equal(vars.dueAt, bj('2026-10-19T09:00:00').toISOString());
    await ctx.server.services.sla.stop(w.tenant, t.ticketId);
    await waitFor('the clock to end', async () => (await t.clock()).state === 'completed');
  });

  test('given a business-time rule and a due time agreed with the customer for Sunday 10:00, then the clock counts to that instant in natural time', async () => {
    // Given: Friday 10-16 17:00, the customer can only be home on Sunday morning.
    w.setNow(bj('2026-10-16T17:00:00'));
    // When
    const t = await w.startTicket({
      ticketType: 'temperature_check',
      startedAt: bj('2026-10-16T17:00:00'),
      agreedDueAt: bj('2026-10-18T10:00:00'),
    });
    // Then: not Monday 09:00 (the rule's business hour) but the agreed Sunday 10:00, reminded 15 minutes before.
    const vars = await dueOnTicket(t);
    assert.equal(vars.dueAt, bj('2026-10-18T10:00:00').toISOString());
    const clock = await t.clock();
    assert.equal(clock.variables.remindAt, bj('2026-10-18T09:45:00').toISOString());
    assert.deepEqual((({ name, timeMode }) => ({ name, timeMode }))(clock.variables.slaRule as { name: string; timeMode: string }), {
      name: '测温一小时（约定时间）',
      timeMode: 'natural',
    });
    await ctx.server.services.sla.stop(w.tenant, t.ticketId);
    await waitFor('the clock to end', async () => (await t.clock()).state === 'completed');
  });
});
