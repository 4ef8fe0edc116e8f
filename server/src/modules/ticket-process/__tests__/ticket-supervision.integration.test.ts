import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { UserTask } from '@warmline/engine';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { superviseTicket } from '../ticket-process.service.js';
import { supervisionModel } from '../supervision.model.js';
import { TicketScenario, eventually } from './ticket-scenario.js';

/** Supervision (督办): ordered by the group on a running ticket, reported on, reviewed, kept. */
describeEachDb('ticket supervision scenarios', (ctx) => {
  let world: World;

  before(async () => {
    world = await buildWorld(ctx.server, 'ts');
  });

  const supervisionTask = async (t: TicketScenario, elementId: string): Promise<UserTask> =>
    eventually(`${elementId} of ticket ${t.ticketId}`, async () => {
      const tasks = await ctx.server.services.engine.searchUserTasks({ tenantId: t.tenantId, state: 'created', elementId });
      return tasks.find((x) => x.variables.ticketId === t.ticketId);
    });

  const complete = async (
    t: TicketScenario,
    elementId: string,
    data: Record<string, unknown>,
    who = t.as('subsidiary_admin'),
    expected = 200,
  ) => {
    const task = await supervisionTask(t, elementId);
    const res = await who.post(`/api/subsidiaries/${world.a.id}/tasks/${task.taskKey}/complete`, { data });
    assert.equal(res.status, expected, JSON.stringify(res.body));
  };

  it('progress reports, overdue reminder, a rejected result, then an accepted one — all kept', async () => {
    // given a running ticket the group supervises with a deadline 1.5 s away
    const t = await new TicketScenario(ctx.server, world, world.a).start();
    await t.dispatch();
    const tenant = await t.tenant();
    const { supervisionId } = await superviseTicket(ctx.server.services, tenant, {
      ticketId: t.ticketId,
      ticketInstanceKey: t.ticketInstanceKey,
      requirement: '三日内解决并反馈整改结果',
      deadline: new Date(Date.now() + 1500).toISOString(),
      orderedBy: 1,
    });
    // then the ticket is marked supervised and the subsidiary has the report task
    assert.equal((await t.vars()).supervised, true);
    const report = await supervisionTask(t, 'supervision-report');
    assert.deepEqual(report.candidateGroups, ['subsidiary-service']);

    // when the subsidiary reports progress without finishing
    await complete(t, 'supervision-report', { progress: '已安排站部上门排查', done: false });
    // and the deadline passes
    const overdue = await eventually('supervision overdue', async () => {
      const row = await supervisionModel(tenant.db).findByPk(supervisionId);
      return row?.status === 'overdue' ? row : undefined;
    });
    // then the record is overdue and the ticket carries the flag; the report task is still open
    assert.ok(overdue.overdue_at);
    await eventually('the ticket flagged as supervision overdue', async () => (await t.vars()).supervisionOverdue === true);

    // when the subsidiary reports it done and the group rejects the result
    await complete(t, 'supervision-report', { progress: '已更换阀门', done: true, result: '阀门已更换，室温 18℃' });
    await complete(t, 'supervision-review', { reviewDecision: 'reject', reviewComment: '室温未达标，继续整改' }, ctx.server.admin);
    // then the subsidiary must report again; the second result is accepted
    await complete(t, 'supervision-report', { progress: '加装循环泵', done: true, result: '室温 21℃，用户确认满意' });
    await complete(t, 'supervision-review', { reviewDecision: 'accept' }, ctx.server.admin);

    // then the supervision record is closed with every report and the final result kept
    const closed = await eventually('supervision closed', async () => {
      const row = await supervisionModel(tenant.db).findByPk(supervisionId);
      return row?.status === 'closed' ? row : undefined;
    });
    const reports = JSON.parse(closed.reports ?? '[]') as { progress: string; done: boolean }[];
    assert.deepEqual(
      reports.map((r) => r.progress),
      ['已安排站部上门排查', '已更换阀门', '加装循环泵'],
    );
    assert.equal(closed.result, '室温 21℃，用户确认满意');
    await eventually('the ticket no longer supervised', async () => (await t.vars()).supervised === false);
  });

  it('a subsidiary user cannot review its own supervision', async () => {
    // given a supervision reported done
    const t = await new TicketScenario(ctx.server, world, world.a).start();
    await superviseTicket(ctx.server.services, await t.tenant(), {
      ticketId: t.ticketId,
      ticketInstanceKey: t.ticketInstanceKey,
      requirement: '尽快处理',
      deadline: new Date(Date.now() + 3_600_000).toISOString(),
      orderedBy: 1,
    });
    await complete(t, 'supervision-report', { progress: '已处理', done: true, result: '已恢复供热' });
    // when the subsidiary admin tries to accept it
    await complete(t, 'supervision-review', { reviewDecision: 'accept' }, t.as('subsidiary_admin'), 403);
    // then the review still waits for the group
    await supervisionTask(t, 'supervision-review');
  });
});
