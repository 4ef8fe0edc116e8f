import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { superviseTicket } from '../../ticket-process/ticket-process.service.js';
import type { TicketStart } from '../../ticket-process/ticket-start.schema.js';
import { ticketModel } from '../ticket.model.js';
import { ticketProjectorOf } from '../ticket-projector.js';
import { clockSettled, eventsOf, eventually, rowOf, rowReaches, startTicket, type RowOverrides } from './ticket-read-side.helpers.js';

/**
 * The ticket projector on the real server and engine: tickets driven through the task API as the
 * people whose steps they are; the row and the timeline follow from the engine's events alone.
 */
describeEachDb('ticket projector', (ctx) => {
  let world: World;
  const start = (row?: RowOverrides, s?: Partial<TicketStart>) => startTicket(ctx.server, world, world.a, row, s);

  before(async () => {
    world = await buildWorld(ctx.server, 'tpj');
    // given no approval is needed for returns, re-dispatch and voids (approvals have their own test below)
    const res = await ctx.server.admin.put(`/api/subsidiaries/${world.a.id}/approval-chains`, {
      chains: { return: [], redispatch: [], closeWithoutCallback: [], void: [] },
      reason: '投影测试',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  it('follows a whole lifecycle: every open task sets the status, the variables are mirrored, the end closes the row', async () => {
    // given a repair ticket taken in
    const t = await start();
    // then it waits for dispatch
    await rowReaches(t, 'pending_dispatch');
    // when the agent dispatches it to the station
    await t.dispatch();
    // then the station has to confirm it, and the row names the station
    await rowReaches(t, 'pending_confirm', (r) => Number(r.station_id) === world.a.stationId && r.worker_id === null);
    // when the station head assigns the repair worker
    await t.assign();
    const assigned = await rowReaches(t, 'pending_accept');
    assert.equal(Number(assigned.worker_id), world.a.userIds.repair_worker);
    // when the worker accepts, handles, and the agent calls back satisfied
    await t.accept();
    await rowReaches(t, 'in_progress');
    await t.handleResolved();
    await rowReaches(t, 'pending_callback');
    await t.callback('satisfied');
    // then the row is closed with the time it closed, and still names station and worker
    const closed = await rowReaches(t, 'closed', (r) => r.closed_at !== null);
    assert.equal(Number(closed.worker_id), world.a.userIds.repair_worker);
    assert.equal(Number(closed.station_id), world.a.stationId);
    assert.equal(closed.instance_key, t.ticketInstanceKey);
    // and the timeline holds one entry per step of the process, in order, and the ending
    const events = await eventsOf(t);
    const steps = events.filter((e) => e.kind === 'task_created').map((e) => JSON.parse(e.data!).elementId as string);
    assert.deepEqual(steps, ['dispatch', 'station-confirm', 'worker-accept', 'handle', 'callback']);
    assert.deepEqual(
      events.filter((e) => e.kind === 'closed').map((e) => JSON.parse(e.data!).ticketStatus),
      ['closed'],
    );
  });

  it('a station return puts the row in `returned`; the next dispatch moves it on', async () => {
    // given a dispatched ticket
    const t = await start();
    await t.dispatch();
    await rowReaches(t, 'pending_confirm');
    // when the station head returns it
    await t.complete('station-confirm', { confirmDecision: 'return', returnReason: '地址不属于本站' }, t.as('station_head'));
    // then it is in the agents' returned pool
    await rowReaches(t, 'returned');
    // when the agent dispatches it again
    await t.dispatch();
    // then the station has it again
    await rowReaches(t, 'pending_confirm');
  });

  it('a dissatisfied callback goes back to dispatch as pending_dispatch, not returned', async () => {
    // given a ticket the station closed directly, called back dissatisfied
    const t = await start();
    await t.dispatch();
    await t.complete('station-confirm', { confirmDecision: 'closeDirectly', confirmNote: '电话指导' }, t.as('station_head'));
    await rowReaches(t, 'pending_callback');
    await t.callback('dissatisfied', { callbackNote: '仍然不热' });
    // then the row waits for dispatch again
    await rowReaches(t, 'pending_dispatch');
  });

  it('skip-level tickets are projected as skip_level with the flag; voiding ends them voided', async () => {
    // given a skip-level complaint
    const t = await start({ type_code: 'skip_level_complaint' }, { ticketType: 'skip_level_complaint', skipLevel: true });
    // then it waits for the group's takeover with the flag set
    const row = await rowReaches(t, 'skip_level');
    assert.equal(Boolean(row.skip_level), true);
    // when a void is requested (no approval needed for voids here)
    await t.publish('wl-ticket-void-requested', { requestReason: '重复工单' });
    // then the row ends voided
    await rowReaches(t, 'voided', (r) => r.closed_at !== null);
    assert.ok((await eventsOf(t)).some((e) => e.kind === 'voided'));
  });

  it('approvals of a return land in the timeline: requested and decided with level and comment', async () => {
    // given returns need the station's approval
    const chains = await ctx.server.admin.put(`/api/subsidiaries/${world.a.id}/approval-chains`, {
      chains: { return: ['station'], redispatch: [], closeWithoutCallback: [], void: [] },
      reason: '投影测试：退回需审批',
    });
    assert.equal(chains.status, 200);
    const t = await start();
    await t.dispatch();
    // when the station head returns it and then rejects the return at approval
    await t.complete('station-confirm', { confirmDecision: 'return', returnReason: '不归本站' }, t.as('station_head'));
    await t.approve('station', 'reject');
    // then the timeline has the request and the decision, and the ticket is back at the station
    await rowReaches(t, 'pending_confirm');
    const events = await eventually('approval entries', async () => {
      const all = await eventsOf(t);
      return all.some((e) => e.kind === 'approval_decided') ? all : undefined;
    });
    const requested = events.find((e) => e.kind === 'approval_requested')!;
    assert.deepEqual(
      { operation: JSON.parse(requested.data!).operation, level: JSON.parse(requested.data!).level },
      { operation: 'return', level: 'station' },
    );
    const decided = JSON.parse(events.find((e) => e.kind === 'approval_decided')!.data!);
    assert.deepEqual(decided, { operation: 'return', level: 'station', decision: 'reject', comment: '理由不充分，驳回' });
    await ctx.server.admin.put(`/api/subsidiaries/${world.a.id}/approval-chains`, {
      chains: { return: [], redispatch: [], closeWithoutCallback: [], void: [] },
      reason: '恢复',
    });
  });

  it('an SLA flag lands on the row (flag, due time, priority) and in the timeline once, however often it is heard', async () => {
    // given a ticket waiting for dispatch, its row showing the due time its real SLA clock computed
    const t = await start();
    await clockSettled(t, 'pending_dispatch');
    // when the SLA clock reports it overdue (twice: the same event replayed)
    const dueAt = new Date(Date.now() - 60_000).toISOString();
    const flag = {
      tenantId: world.a.code,
      ticketId: t.ticketId,
      ticketInstanceKey: t.ticketInstanceKey,
      flag: 'red' as const,
      stage: 'overdue' as const,
      dueAt,
      priority: 'urgent',
    };
    ctx.server.services.sla.emitFlag(flag);
    ctx.server.services.sla.emitFlag(flag);
    // then the row is red, due then, urgent, with one timeline entry
    const row = await rowReaches(t, 'pending_dispatch', (r) => r.sla_flag === 'red');
    assert.equal(new Date(row.due_at!).toISOString(), dueAt);
    assert.equal(row.priority, 'urgent');
    assert.equal((await eventsOf(t)).filter((e) => e.kind === 'sla_flag').length, 1);
  });

  it('replaying an engine event changes nothing twice; a stale replay does not move the status back', async () => {
    // given a ticket at the station, the dispatch task's creation event kept
    const t = await start();
    const dispatchTask = await t.task('dispatch');
    await t.dispatch();
    await rowReaches(t, 'pending_confirm');
    const confirmTask = await t.task('station-confirm');
    const before = (await eventsOf(t)).length;
    const rowBefore = await rowOf(t);
    // when both creation events are heard again
    const projector = ticketProjectorOf(ctx.server.services);
    projector.onEngineEvent({ type: 'task.created', tenantId: world.a.code, task: confirmTask });
    projector.onEngineEvent({ type: 'task.created', tenantId: world.a.code, task: dispatchTask });
    await new Promise((r) => setTimeout(r, 100));
    await projector.idle();
    // then the row and the timeline are unchanged
    const rowAfter = await rowOf(t);
    assert.equal(rowAfter.status, 'pending_confirm');
    assert.equal(new Date(rowAfter.updated_at).getTime(), new Date(rowBefore.updated_at).getTime());
    assert.equal((await eventsOf(t)).length, before);
  });

  it('a run that completes a task and opens the next is synced once; a completion heard alone still syncs the row', async () => {
    // given a dispatched ticket, its dispatch task completed and its station-confirm task open
    const t = await start();
    await t.dispatch();
    await rowReaches(t, 'pending_confirm');
    const [done] = await ctx.server.services.engine.searchUserTasks({
      tenantId: world.a.code,
      instanceKey: t.ticketInstanceKey,
      elementId: 'dispatch',
      state: 'completed',
    });
    const confirmTask = await t.task('station-confirm');
    const projector = ticketProjectorOf(ctx.server.services);
    await projector.idle();
    // and the row knocked back (so a sync has something to write), the engine's instance reads counted
    const tenant = await t.tenant();
    const knockBack = () => ticketModel(tenant.db).update({ status: 'pending_dispatch' }, { where: { id: t.ticketId } });
    const engine = ctx.server.services.engine;
    const getInstance = engine.getInstance.bind(engine);
    let reads = 0;
    engine.getInstance = async (tenantId, instanceKey) => {
      if (instanceKey === t.ticketInstanceKey) reads++;
      return getInstance(tenantId, instanceKey);
    };
    try {
      // when the completion and the creation of one run are heard one after the other
      await knockBack();
      projector.onEngineEvent({ type: 'task.completed', tenantId: world.a.code, task: done });
      projector.onEngineEvent({ type: 'task.created', tenantId: world.a.code, task: confirmTask });
      await projector.idle();
      // then the engine was read once and the row is back in step
      assert.equal(reads, 1);
      assert.equal((await rowOf(t)).status, 'pending_confirm');
      // when a completion is heard alone
      await knockBack();
      reads = 0;
      projector.onEngineEvent({ type: 'task.completed', tenantId: world.a.code, task: done });
      await projector.idle();
      // then it syncs the row itself
      assert.equal(reads, 1);
      assert.equal((await rowOf(t)).status, 'pending_confirm');
    } finally {
      engine.getInstance = getInstance;
    }
  });

  it('reproject repairs a row whose write was lost, and supervision is mirrored', async () => {
    // given a dispatched ticket whose row was knocked back (a failed action write)
    const t = await start();
    await t.dispatch();
    await rowReaches(t, 'pending_confirm');
    const tenant = await t.tenant();
    await ticketModel(tenant.db).update({ status: 'pending_dispatch', station_id: null }, { where: { id: t.ticketId } });
    // and the group supervises it
    await superviseTicket(ctx.server.services, tenant, {
      ticketId: t.ticketId,
      ticketInstanceKey: t.ticketInstanceKey,
      requirement: '请两日内处理完毕',
      deadline: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      orderedBy: world.a.userIds.group_admin,
    });
    // when the row is reprojected
    const row = await ticketProjectorOf(ctx.server.services).reproject(world.a.code, t.ticketId);
    // then it is back in step with the engine
    assert.equal(row?.status, 'pending_confirm');
    assert.equal(Number(row?.station_id), world.a.stationId);
    assert.equal(Boolean(row?.supervised), true);
  });
});
