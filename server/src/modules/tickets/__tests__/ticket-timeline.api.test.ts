import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TicketTimeline } from '@warmline/contracts';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { ticketAttachmentModel } from '../ticket-attachment.model.js';
import { ticketEventModel } from '../ticket-event.model.js';
import { rowReaches, startTicket } from './ticket-read-side.helpers.js';

/**
 * The timeline endpoint: a ticket walked through its whole life (with a station return that needs
 * approval) answers every step in order with who did it, approvals, attachments and linked calls,
 * within the same row-level scope as the pools.
 */
describeEachDb('ticket timeline', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'ttl');
    const res = await ctx.server.admin.put(`/api/subsidiaries/${world.a.id}/approval-chains`, {
      chains: { return: ['station'], redispatch: [], closeWithoutCallback: [] },
      reason: '轨迹测试：退回需站部审批',
    });
    assert.equal(res.status, 200);
  });

  const timelineOf = async (id: number, who = world.a.as.agent) => {
    const res = await who.get(`/api/subsidiaries/${world.a.id}/tickets/${id}/timeline`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as TicketTimeline;
  };

  it('has every step in order with operator names, approvals, attachments and linked calls', async () => {
    // given a ticket taken in by an agent, with a linked call and a photo recorded at intake
    const t = await startTicket(ctx.server, world, world.a, {}, {}, async (s) => {
      const tenant = await s.tenant();
      const intake = await ticketEventModel(tenant.db).create({
        ticket_id: s.ticketId,
        kind: 'created',
        actor_id: world.a.userIds.agent,
        actor_name: '坐席A',
        reason: null,
        data: JSON.stringify({ callId: 'CALL-0001' }),
        task_key: null,
      });
      await ticketAttachmentModel(tenant.db).create({
        ticket_id: s.ticketId,
        event_id: intake.id,
        kind: 'image',
        storage_key: `tickets/${s.ticketId}/photo-1.jpg`,
        file_name: '暖气片.jpg',
        mime: 'image/jpeg',
        size: 1234,
        sha256: 'a'.repeat(64),
        latitude: '43.88',
        longitude: '125.35',
        uploaded_by: world.a.userIds.agent,
      });
    });
    // when it is dispatched, returned by the station (approved by the station head), dispatched
    // again, assigned, accepted, handled and called back satisfied
    await t.dispatch();
    await t.complete('station-confirm', { confirmDecision: 'return', returnReason: '地址不属于本站' }, t.as('station_head'));
    await t.approve('station', 'approve');
    await rowReaches(t, 'returned');
    await t.dispatch();
    await t.assign();
    await t.accept();
    await t.handleResolved();
    await t.callback('satisfied');
    await rowReaches(t, 'closed');

    // then the timeline holds each step of the process in order, each with who handled it
    const tl = await timelineOf(t.ticketId);
    assert.equal(tl.ticket.status, 'closed');
    assert.equal(tl.ticket.statusLabel, '已办结');
    const steps = tl.entries.filter((e) => e.kind === 'task_created');
    assert.deepEqual(
      steps.map((s) => [s.data?.elementId, (s.data?.handledBy as { name: string } | undefined)?.name]),
      [
        ['dispatch', '坐席A'],
        ['station-confirm', '维修站负责人A'],
        ['dispatch', '坐席A'],
        ['station-confirm', '维修站负责人A'],
        ['worker-accept', '维修人员A'],
        ['handle', '维修人员A'],
        ['callback', '坐席A'],
      ],
    );
    assert.equal(steps[0].kindLabel, '流转');
    assert.equal(steps[1].summary, '待办：站部确认');
    // and the entries are in time order, the first being the intake with its operator, photo and call
    const times = tl.entries.map((e) => Date.parse(e.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal(tl.entries[0].kind, 'created');
    assert.equal(tl.entries[0].operatorName, '坐席A');
    assert.equal(tl.entries[0].attachments[0].fileName, '暖气片.jpg');
    assert.equal(tl.entries[0].attachments[0].uploadedByName, '坐席A');
    assert.equal(tl.entries[0].attachments[0].latitude, 43.88);
    assert.deepEqual(
      tl.calls.map((c) => c.callId),
      ['CALL-0001'],
    );
    assert.equal(tl.attachments.length, 1);
    // and the approval of the return: requested, then decided by the station head
    assert.deepEqual(
      tl.approvals.map((a) => [a.kind, a.operation, a.level, a.decision, a.operatorName]),
      [
        ['approval_requested', 'return', 'station', null, null],
        ['approval_decided', 'return', 'station', 'approve', '维修站负责人A'],
      ],
    );
    const decided = tl.entries.find((e) => e.kind === 'approval_decided')!;
    assert.equal(decided.summary, '站部退回审批同意');
    // and the ending
    assert.equal(tl.entries.at(-1)!.kind, 'closed');
    assert.equal(tl.entries.at(-1)!.kindLabel, '办结');
  });

  it("answers 403 outside the user's scope and 404 for an unknown ticket", async () => {
    // given a ticket at the world's station, assigned to the repair worker
    const t = await startTicket(ctx.server, world, world.a);
    await t.dispatch();
    await t.complete('station-confirm', { confirmDecision: 'assign', workerId: world.a.userIds.repair_worker }, t.as('station_head'));
    await rowReaches(t, 'pending_accept');
    // then its worker and station head may read it, the grid worker (not assigned) may not
    await timelineOf(t.ticketId, world.a.as.repair_worker);
    await timelineOf(t.ticketId, world.a.as.station_head);
    const other = await world.a.as.grid_worker.get(`/api/subsidiaries/${world.a.id}/tickets/${t.ticketId}/timeline`);
    assert.equal(other.status, 403);
    // and B's users are refused by the tenant check
    const b = await world.b.as.agent.get(`/api/subsidiaries/${world.a.id}/tickets/${t.ticketId}/timeline`);
    assert.equal(b.status, 403);
    const missing = await world.a.as.agent.get(`/api/subsidiaries/${world.a.id}/tickets/99999999/timeline`);
    assert.equal(missing.status, 404);
  });
});
