import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TicketProcessView } from '@warmline/contracts';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { eventually, rowReaches, startTicket } from './ticket-read-side.helpers.js';

/**
 * The ticket's process diagram (decision 0016): the XML of the version its instance runs and what
 * ran and waits — after dispatch, and after the close (the instance has ended) — within the same
 * row-level scope as the timeline.
 */
describeEachDb('ticket process view', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'tpv');
  });

  const viewOf = async (id: number, who = world.a.as.agent) => {
    const res = await who.get(`/api/subsidiaries/${world.a.id}/tickets/${id}/process`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as TicketProcessView;
  };

  it('after dispatch: intake and dispatch completed, the station confirmation current, the XML of the running version', async () => {
    // given a ticket taken in and dispatched to the station
    const t = await startTicket(ctx.server, world, world.a);
    await t.dispatch();
    await rowReaches(t, 'pending_confirm');
    // when its process view is read
    const view = await eventually('station-confirm active', async () => {
      const v = await viewOf(t.ticketId);
      return v.active.includes('station-confirm') ? v : undefined;
    });
    // then the path so far is completed and the station confirmation is where it waits
    assert.equal(view.processId, 'wl-ticket');
    assert.equal(view.state, 'active');
    assert.equal(view.stateLabel, '办理中');
    for (const el of ['intake', 'main-start', 'dispatch']) assert.ok(view.completed.includes(el), `${el} completed: ${view.completed}`);
    assert.deepEqual(view.active, ['station-confirm']);
    for (const el of ['station-confirm', 'worker-accept', 'handle', 'callback', 'closed']) {
      assert.ok(!view.completed.includes(el), `${el} not completed yet`);
    }
    assert.ok(view.takenFlows.length >= 3, `flows taken: ${view.takenFlows}`);
    // and the XML is the deployed version the instance runs, holding every element named
    assert.ok(view.version! >= 1);
    assert.match(view.xml!, /<bpmn:process id="wl-ticket"/);
    for (const el of [...view.completed, ...view.active, ...view.takenFlows])
      assert.ok(view.xml!.includes(`id="${el}"`), `${el} in the XML`);
  });

  it('after the close: the end event completed, nothing active, the instance ended', async () => {
    // given a ticket walked to its close
    const t = await startTicket(ctx.server, world, world.a);
    await t.dispatch();
    await t.assign();
    await t.accept();
    await t.handleResolved();
    await t.callback('satisfied');
    await rowReaches(t, 'closed');
    // when its process view is read
    const view = await eventually('process completed', async () => {
      const v = await viewOf(t.ticketId);
      return v.state === 'completed' ? v : undefined;
    });
    // then every step of the path is completed, the end event included, and nothing waits
    assert.equal(view.stateLabel, '已结束');
    for (const el of ['intake', 'dispatch', 'station-confirm', 'worker-accept', 'handle', 'callback', 'close', 'closed']) {
      assert.ok(view.completed.includes(el), `${el} completed: ${view.completed}`);
    }
    assert.deepEqual(view.active, []);
    for (const el of ['voided', 'cancelled', 'approve-return']) assert.ok(!view.completed.includes(el), `${el} not on the path`);
    assert.match(view.xml!, /id="closed"/);
  });

  it("answers 403 outside the user's scope and 404 for an unknown ticket", async () => {
    // given a ticket assigned to the repair worker
    const t = await startTicket(ctx.server, world, world.a);
    await t.dispatch();
    await t.complete('station-confirm', { confirmDecision: 'assign', workerId: world.a.userIds.repair_worker }, t.as('station_head'));
    await rowReaches(t, 'pending_accept');
    // then its worker and station head may read its diagram, the grid worker and B's users may not
    assert.ok((await viewOf(t.ticketId, world.a.as.repair_worker)).xml);
    assert.ok((await viewOf(t.ticketId, world.a.as.station_head)).xml);
    assert.equal((await world.a.as.grid_worker.get(`/api/subsidiaries/${world.a.id}/tickets/${t.ticketId}/process`)).status, 403);
    assert.equal((await world.b.as.agent.get(`/api/subsidiaries/${world.a.id}/tickets/${t.ticketId}/process`)).status, 403);
    assert.equal((await world.a.as.agent.get(`/api/subsidiaries/${world.a.id}/tickets/99999999/process`)).status, 404);
  });
});
