import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { TaskItem } from '@warmline/contracts';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { TicketScenario, eventually } from '../../ticket-process/__tests__/ticket-scenario.js';
import { intakeTicket } from '../../tickets/__tests__/ticket-actions.harness.js';

/**
 * 我的待办 lists tasks of tickets: every item names its ticket (id, number, type) — also the
 * approval steps, which run in their own `wl-approval` instance — and approvals say what is asked.
 */
describeEachDb('my tasks name their ticket', (ctx) => {
  let world: World;
  const ticket = () => new TicketScenario(ctx.server, world, world.a);
  const myTasks = async (role: string, query = '') => {
    const res = await world.a.as[role].get(`/api/subsidiaries/${world.a.id}/tasks?pageSize=100${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as TaskItem[];
  };

  before(async () => {
    world = await buildWorld(ctx.server, 'mtk');
    await ticket().chains({ delay: ['subsidiary'], void: ['station'] });
  });

  test('given a dispatched ticket, when its agent lists their tasks, then the dispatch step names the ticket', async () => {
    // given
    const t = await ticket().start({ ticketType: 'heating' });
    await t.task('dispatch');
    // when
    const items = await myTasks('agent', '&elementId=dispatch');
    // then
    const mine = items.find((i) => i.ticketId === t.ticketId);
    assert.ok(mine, 'the dispatch task of the ticket is listed');
    assert.equal(mine.ticketNo, `T${t.ticketId}`);
    assert.equal(mine.ticketType, 'heating');
    assert.equal(mine.operation, null);
  });

  test('given a delay asked for, when the subsidiary approver lists their tasks, then the approval carries the ticket, the operation and the reason', async () => {
    // given a ticket being handled whose worker asks for a delay
    const t = await ticket().start();
    await t.dispatch();
    await t.assign();
    await t.accept();
    await t.task('handle');
    await t.publish('wl-ticket-delay-requested', { delayMinutes: 60, requestReason: '等待配件到货' });
    await t.task('approve');
    // when
    const items = await eventually('the approval in my tasks', async () =>
      (await myTasks('subsidiary_admin', '&elementId=approve')).find((i) => i.ticketId === t.ticketId),
    );
    // then
    assert.equal(items.processId, 'wl-approval');
    assert.equal(items.ticketNo, `T${t.ticketId}`);
    assert.equal(items.operation, 'delay');
    assert.equal(items.requestReason, '等待配件到货');
    // and the agent, who is no approver, does not see it
    assert.ok(!(await myTasks('agent', '&elementId=approve')).some((i) => i.ticketId === t.ticketId));
    // and the station head's approval of another ticket names that ticket, not this one
    const other = await ticket().start();
    await other.dispatch();
    await other.assign();
    await other.publish('wl-ticket-void-requested', { requestReason: '客户撤回报修' });
    const stationItem = await eventually('the void approval in the station head tasks', async () =>
      (await myTasks('station_head', '&elementId=approve')).find((i) => i.ticketId === other.ticketId),
    );
    assert.equal(stationItem.operation, 'void');
    assert.equal(stationItem.ticketNo, `T${other.ticketId}`);
  });

  test('given a ticket the group supervises, when the subsidiary service desk lists its tasks, then the supervision report names the ticket number from the ticket row', async () => {
    // given a ticket taken in through the API, and the group ordering it supervised
    const ticketId = await intakeTicket(ctx.server, world.a);
    const ordered = await ctx.server.admin.post(`/api/subsidiaries/${world.a.id}/tickets/${ticketId}/supervise`, {
      requirement: '三日内上门并反馈',
      deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    assert.equal(ordered.status, 200, JSON.stringify(ordered.body));
    const row = await world.a.as.agent.get(`/api/subsidiaries/${world.a.id}/tickets/${ticketId}`);
    // when
    const item = await eventually('the supervision report in my tasks', async () =>
      (await myTasks('subsidiary_admin', '&elementId=supervision-report')).find((i) => i.ticketId === ticketId),
    );
    // then
    assert.equal(item.processId, 'wl-supervision');
    assert.equal(item.ticketNo, row.body.ticketNo);
    assert.equal(item.ticketType, 'repair');
  });
});
