import assert from 'node:assert/strict';
import { afterEach, before, test } from 'node:test';
import { describeEachDb } from '../../../testing/index.js';
import { MINUTE, slaWorld, waitFor, type SlaTicket, type SlaWorld } from './sla-clock-harness.js';

const ago = (ms: number) => new Date(Date.now() - ms);
const flagOf = async (t: SlaTicket) => (await t.ticketVars()).slaFlag;

/**
 * The SLA clock on the real engine with natural-time rules of 60 minutes (reminder 30 minutes
 * before). Tickets start "in the past" so reminders and due times fall a second or two from now.
 */
describeEachDb('SLA clock: reminders, overdue, delay, pause and stop', (ctx) => {
  let w: SlaWorld;
  before(async () => {
    w = await slaWorld(ctx.server, 'sla_flags');
    const rule = (name: string, ticketType: string, pauseOnCustomerWait: boolean) =>
      ctx.server.admin.post('/api/sla-rules', {
        name,
        ticketType,
        handleMinutes: 60,
        remindBeforeMinutes: 30,
        timeMode: 'natural',
        pauseOnCustomerWait,
      });
    assert.equal((await rule('投诉一小时（等待客户暂停）', 'complaint', true)).status, 201);
    assert.equal((await rule('咨询一小时（不暂停）', 'consultation', false)).status, 201);
  });
  afterEach(() => w.reset());

  test('given a ticket 29 minutes into a 60-minute budget, when the reminder time passes, then the ticket turns yellow and listeners hear it', async () => {
    // Given: the reminder (30 minutes before due) falls ~1 s from now.
    const t = await w.startTicket({ ticketType: 'complaint', startedAt: ago(30 * MINUTE - 1_000) });
    await waitFor('the first computation', async () => (await t.clock()).variables.slaStage === 'normal');
    assert.equal(await flagOf(t), null);
    // When / Then
    await waitFor('the yellow flag', async () => (await flagOf(t)) === 'yellow');
    const vars = await t.ticketVars();
    assert.equal(vars.priority, undefined, 'a reminder does not touch the priority');
    const event = w.events.find((e) => e.ticketId === t.ticketId);
    assert.deepEqual(
      { flag: event?.flag, dueAt: event?.dueAt, tenant: event?.tenantId },
      { flag: 'yellow', dueAt: vars.dueAt, tenant: w.tenant },
    );
    // The flag is written by the reminder job before it completes: the clock reaches its next wait just after.
    await waitFor('the clock to wait for the due time', async () => (await t.clock()).activeElementIds.includes('wait-near-due'));
    await ctx.server.services.sla.stop(w.tenant, t.ticketId);
  });

  test('given a ticket a second before its due time, when it passes, then the ticket turns red and its priority goes up one level', async () => {
    const t = await w.startTicket({ ticketType: 'complaint', priority: 'urgent', startedAt: ago(60 * MINUTE - 1_500) });
    await waitFor('the red flag', async () => (await flagOf(t)) === 'red');
    const vars = await t.ticketVars();
    assert.equal(vars.priority, 'critical');
    assert.equal(vars.slaStage, 'overdue');
    assert.deepEqual(
      w.events.filter((e) => e.ticketId === t.ticketId).map((e) => [e.flag, e.priority]),
      [
        ['yellow', 'urgent'],
        ['red', 'critical'],
      ],
    );
    await ctx.server.services.sla.stop(w.tenant, t.ticketId);
  });

  test('given an overdue red ticket, when a 60-minute delay is approved (wl-sla-extend job), then the due time moves 60 minutes and the flag clears', async () => {
    // Given: overdue by a minute.
    const t = await w.startTicket({ ticketType: 'complaint', startedAt: ago(61 * MINUTE) });
    await waitFor('the red flag', async () => (await flagOf(t)) === 'red');
    const before = await t.ticketVars();
    assert.equal(before.priority, 'urgent');
    // When: the ticket process runs its wl-sla-extend job after the approval.
    await w.runDelayJob(t.ticketId, 60);
    // Then
    await waitFor('the flag to clear', async () => (await flagOf(t)) === null);
    const after = await t.ticketVars();
    assert.equal(new Date(after.dueAt as string).getTime() - new Date(before.dueAt as string).getTime(), 60 * MINUTE);
    assert.equal(after.slaStage, 'normal');
    assert.equal(after.priority, 'urgent', 'an extension does not lower the raised priority');
    await waitFor('the clock to record the extension', async () => (await t.clock()).variables.extendedMinutes === 60);
    assert.deepEqual(w.events.filter((e) => e.ticketId === t.ticketId).at(-1)?.flag, null);
    await ctx.server.services.sla.stop(w.tenant, t.ticketId);
  });

  test('given a rule that pauses while waiting on the customer, when paused 10 minutes and resumed, then the due time moves 10 minutes later', async () => {
    // Given: a fresh ticket; the service clock runs at an offset we control.
    w.setNow({ offsetMs: 0 });
    const t = await w.startTicket({ ticketType: 'complaint' });
    await waitFor('the first computation', async () => (await t.clock()).variables.slaStage === 'normal');
    const dueBefore = new Date((await t.ticketVars()).dueAt as string).getTime();
    // When: paused now …
    const pauseCalled = Date.now();
    await ctx.server.services.sla.pause(w.tenant, t.ticketId);
    await waitFor('the pause', async () => (await t.clock()).variables.slaStage === 'paused');
    assert.equal((await t.ticketVars()).slaPaused, true);
    assert.ok((await t.clock()).activeElementIds.includes('wait-paused-resumed'));
    // … and resumed 10 minutes later.
    w.setNow({ offsetMs: 10 * MINUTE });
    await ctx.server.services.sla.resume(w.tenant, t.ticketId);
    // Real time passes too between the two calls (seconds on a busy machine): it counts as paused.
    const pausedForReal = Date.now() - pauseCalled;
    await waitFor('the resume', async () => (await t.clock()).variables.slaStage === 'normal');
    // Then: the remaining budget continues from the resume.
    const vars = await t.ticketVars();
    assert.equal(vars.slaPaused, false);
    const shift = new Date(vars.dueAt as string).getTime() - dueBefore;
    assert.ok(shift > 10 * MINUTE - 1_000 && shift < 10 * MINUTE + pausedForReal + 1_000, `due time moved by ${shift} ms`);
    await ctx.server.services.sla.stop(w.tenant, t.ticketId);
  });

  test('given a rule that does not pause, when the ticket waits on the customer, then the clock keeps running with the same due time', async () => {
    const t = await w.startTicket({ ticketType: 'consultation' });
    await waitFor('the first computation', async () => (await t.clock()).variables.slaStage === 'normal');
    const dueBefore = (await t.ticketVars()).dueAt;
    await ctx.server.services.sla.pause(w.tenant, t.ticketId);
    const clock = await waitFor('the pause request to be handled', async () => {
      const c = await t.clock();
      return c.variables.slaPauseApplied === false && c.activeElementIds.includes('wait-normal-remind') ? c : undefined;
    });
    assert.equal(clock.variables.slaStage, 'normal');
    assert.equal(clock.variables.segmentStartedAt, clock.variables.startedAt, 'the running segment was not closed');
    assert.equal((await t.ticketVars()).dueAt, dueBefore);
    await ctx.server.services.sla.stop(w.tenant, t.ticketId);
  });

  test('given a running clock, when the ticket closes (stop), then the clock ends and its reminder never fires', async () => {
    const t = await w.startTicket({ ticketType: 'complaint', startedAt: ago(30 * MINUTE - 1_500) });
    await waitFor('the first computation', async () => (await t.clock()).variables.slaStage === 'normal');
    await ctx.server.services.sla.stop(w.tenant, t.ticketId);
    await waitFor('the clock to end', async () => (await t.clock()).state === 'completed');
    // The reminder was due ~1.5 s after the start: wait past it.
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(await flagOf(t), null);
    assert.deepEqual(
      w.events.filter((e) => e.ticketId === t.ticketId),
      [],
    );
  });
});
