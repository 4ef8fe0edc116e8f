import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TicketPoolItem } from '@warmline/contracts';
import { buildWorld, describeEachDb, type ApiClient, type World } from '../../../testing/index.js';
import type { TicketScenario } from '../../ticket-process/__tests__/ticket-scenario.js';
import { superviseTicket } from '../../ticket-process/ticket-process.service.js';
import { ticketProjectorOf } from '../ticket-projector.js';
import { addStation, clockSettled, dispatchTo, rowReaches, startTicket, type ExtraStation } from './ticket-read-side.helpers.js';

/**
 * Ticket pools through HTTP: each pool holds the right statuses, each user sees only the tickets of
 * their scope (station heads their stations, workers their own), filters, sorting, paging, counts.
 */
describeEachDb('ticket pools', (ctx) => {
  let world: World;
  let s2: ExtraStation;
  const t: Record<string, TicketScenario> = {};

  const pool = async (who: ApiClient, name: string, query = '') => {
    const res = await who.get(`/api/subsidiaries/${world.a.id}/ticket-pools/${name}?pageSize=200${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: TicketPoolItem[]; total: number };
  };
  const ids = (page: { items: TicketPoolItem[] }) => page.items.map((i) => i.id);
  const has = (page: { items: TicketPoolItem[] }, s: TicketScenario) => ids(page).includes(s.ticketId);

  before(async () => {
    world = await buildWorld(ctx.server, 'tpl');
    const chains = await ctx.server.admin.put(`/api/subsidiaries/${world.a.id}/approval-chains`, {
      chains: { return: [], redispatch: [], closeWithoutCallback: [] },
      reason: '工单池测试',
    });
    assert.equal(chains.status, 200);
    // given a second station in A with its own head and worker
    s2 = await addStation(ctx.server, world, world.a, 'tpl');
    const start = () => startTicket(ctx.server, world, world.a);
    // and tickets in every pool
    t.atA = await start(); // to confirm at the world's station
    await t.atA.dispatch();
    t.atS2 = await start(); // to confirm at station 2
    await dispatchTo(t.atS2, s2.stationId);
    t.assignedS2 = await start(); // assigned to station 2's worker
    await dispatchTo(t.assignedS2, s2.stationId);
    await t.assignedS2.complete('station-confirm', { confirmDecision: 'assign', workerId: s2.workerId }, s2.head);
    t.returned = await start();
    await t.returned.dispatch();
    await t.returned.complete('station-confirm', { confirmDecision: 'return', returnReason: '不属本站' }, t.returned.as('station_head'));
    t.skip = await startTicket(
      ctx.server,
      world,
      world.a,
      { type_code: 'skip_level_complaint' },
      { ticketType: 'skip_level_complaint', skipLevel: true },
    );
    t.working = await start(); // in progress with the world's repair worker
    await t.working.dispatch();
    await t.working.assign();
    await t.working.accept();
    t.supervised = await start();
    t.red = await start(); // waiting for dispatch, overdue
    await rowReaches(t.atA, 'pending_confirm');
    await rowReaches(t.atS2, 'pending_confirm');
    await rowReaches(t.assignedS2, 'pending_accept');
    await rowReaches(t.returned, 'returned');
    await rowReaches(t.skip, 'skip_level');
    await rowReaches(t.working, 'in_progress');
    // the real clocks' first due times are on the rows before the test plays its own flags
    await clockSettled(t.red, 'pending_dispatch');
    await clockSettled(t.atS2, 'pending_confirm');
    await clockSettled(t.assignedS2, 'pending_accept');
    const tenant = await t.supervised.tenant();
    await superviseTicket(ctx.server.services, tenant, {
      ticketId: t.supervised.ticketId,
      ticketInstanceKey: t.supervised.ticketInstanceKey,
      requirement: '限期处理',
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
      orderedBy: world.a.userIds.group_admin,
    });
    await ticketProjectorOf(ctx.server.services).reproject(world.a.code, t.supervised.ticketId);
    const flag = (s: TicketScenario, f: 'red' | 'yellow', dueAt: string, priority: string) =>
      ctx.server.services.sla.emitFlag({
        tenantId: world.a.code,
        ticketId: s.ticketId,
        ticketInstanceKey: s.ticketInstanceKey,
        flag: f,
        stage: f === 'red' ? 'overdue' : 'near',
        dueAt,
        priority,
      });
    flag(t.red, 'red', new Date(Date.now() - 3_600_000).toISOString(), 'urgent');
    // station 2's tickets: the assigned one due earlier and critical, the one to confirm later and normal
    flag(t.assignedS2, 'yellow', new Date(Date.now() + 3_600_000).toISOString(), 'critical');
    flag(t.atS2, 'yellow', new Date(Date.now() + 7_200_000).toISOString(), 'normal');
    await rowReaches(t.red, 'pending_dispatch', (r) => r.sla_flag === 'red');
    await rowReaches(t.atS2, 'pending_confirm', (r) => r.sla_flag === 'yellow');
    await rowReaches(t.assignedS2, 'pending_accept', (r) => r.sla_flag === 'yellow');
  });

  it('agents: each of their pools holds the tickets of its statuses and flags', async () => {
    const agent = world.a.as.agent;
    // when the agent opens each pool, then each holds exactly its kind of ticket
    const unassigned = await pool(agent, 'unassigned');
    assert.ok(has(unassigned, t.red) && has(unassigned, t.supervised));
    assert.ok(!has(unassigned, t.atA) && !has(unassigned, t.returned));
    assert.ok(unassigned.items.every((i) => i.status === 'pending_dispatch'));
    const assigned = await pool(agent, 'assigned');
    for (const s of [t.atA, t.atS2, t.assignedS2, t.working]) assert.ok(has(assigned, s), `assigned holds ${s.ticketId}`);
    assert.ok(!has(assigned, t.red) && !has(assigned, t.returned) && !has(assigned, t.skip));
    const returned = await pool(agent, 'returned');
    assert.deepEqual(ids(returned), [t.returned.ticketId]);
    assert.equal(returned.items[0].statusLabel, '已退回');
    const skip = await pool(agent, 'skip_level');
    assert.deepEqual(ids(skip), [t.skip.ticketId]);
    assert.equal(skip.items[0].skipLevel, true);
    const supervised = await pool(agent, 'supervised');
    assert.deepEqual(ids(supervised), [t.supervised.ticketId]);
  });

  it('red and yellow flags are in the answer and filter the pools', async () => {
    const agent = world.a.as.agent;
    // when the agent filters the unassigned pool by the red flag
    const red = await pool(agent, 'unassigned', '&slaFlag=red');
    // then only the overdue ticket is there, flagged red, priority raised
    assert.deepEqual(ids(red), [t.red.ticketId]);
    assert.equal(red.items[0].slaFlag, 'red');
    assert.equal(red.items[0].priority, 'urgent');
    const none = await pool(agent, 'unassigned', '&slaFlag=none');
    assert.ok(!has(none, t.red) && has(none, t.supervised));
  });

  it('filters by number, station, worker, type, source, flags and due window; sorts; pages', async () => {
    const agent = world.a.as.agent;
    // number prefix
    assert.deepEqual(ids(await pool(agent, 'assigned', `&ticketNo=T${t.working.ticketId}`)), [t.working.ticketId]);
    // station and worker
    const atS2 = await pool(agent, 'assigned', `&stationId=${s2.stationId}`);
    assert.deepEqual(ids(atS2).sort(), [t.atS2.ticketId, t.assignedS2.ticketId].sort());
    assert.equal(atS2.items.find((i) => i.id === t.assignedS2.ticketId)!.workerName, '第二站维修工tpl');
    assert.equal(atS2.items[0].stationName, '第二站tpl');
    assert.deepEqual(ids(await pool(agent, 'assigned', `&workerId=${world.a.userIds.repair_worker}`)), [t.working.ticketId]);
    // status, type, source, supervised / skip-level flags
    assert.deepEqual(ids(await pool(agent, 'assigned', `&stationId=${s2.stationId}&status=pending_accept`)), [t.assignedS2.ticketId]);
    assert.deepEqual(ids(await pool(agent, 'skip_level', '&typeCode=skip_level_complaint&source=phone&skipLevel=true')), [t.skip.ticketId]);
    assert.deepEqual(ids(await pool(agent, 'skip_level', '&typeCode=repair')), []);
    assert.deepEqual(ids(await pool(agent, 'unassigned', '&supervised=true')), [t.supervised.ticketId]);
    // due window: only station 2's ticket to confirm is due after 1.5 h from now
    const after = new Date(Date.now() + 5_400_000).toISOString();
    assert.deepEqual(ids(await pool(agent, 'assigned', `&stationId=${s2.stationId}&dueAfter=${encodeURIComponent(after)}`)), [
      t.atS2.ticketId,
    ]);
    assert.deepEqual(ids(await pool(agent, 'assigned', `&stationId=${s2.stationId}&dueBefore=${encodeURIComponent(after)}`)), [
      t.assignedS2.ticketId,
    ]);
    // sorting by due time, priority and creation
    const q = `&stationId=${s2.stationId}`;
    assert.deepEqual(ids(await pool(agent, 'assigned', `${q}&sort=dueAt&order=asc`)), [t.assignedS2.ticketId, t.atS2.ticketId]);
    assert.deepEqual(ids(await pool(agent, 'assigned', `${q}&sort=dueAt&order=desc`)), [t.atS2.ticketId, t.assignedS2.ticketId]);
    assert.deepEqual(ids(await pool(agent, 'assigned', `${q}&sort=priority&order=desc`)), [t.assignedS2.ticketId, t.atS2.ticketId]);
    assert.deepEqual(ids(await pool(agent, 'assigned', `${q}&sort=createdAt&order=asc`)), [t.atS2.ticketId, t.assignedS2.ticketId]);
    // paging
    const res = await agent.get(
      `/api/subsidiaries/${world.a.id}/ticket-pools/assigned?stationId=${s2.stationId}&sort=createdAt&pageSize=1&page=2`,
    );
    assert.equal(res.status, 200);
    assert.deepEqual({ total: res.body.total, ids: ids(res.body) }, { total: 2, ids: [t.assignedS2.ticketId] });
  });

  it("station heads see only their own stations' tickets", async () => {
    // when station 2's head opens the to-confirm and assigned pools
    const toConfirm = await pool(s2.head, 'to_confirm');
    const assigned = await pool(s2.head, 'station_assigned');
    // then only station 2's tickets are there
    assert.deepEqual(ids(toConfirm), [t.atS2.ticketId]);
    assert.deepEqual(ids(assigned), [t.assignedS2.ticketId]);
    // and the world station's head sees its own ticket to confirm, not station 2's
    const headA = await pool(world.a.as.station_head, 'to_confirm');
    assert.ok(has(headA, t.atA) && !has(headA, t.atS2));
    assert.ok(!has(await pool(world.a.as.station_head, 'station_assigned'), t.assignedS2));
    // and the counts follow the same scope
    const counts = await s2.head.get(`/api/subsidiaries/${world.a.id}/ticket-pools`);
    assert.equal(counts.status, 200);
    assert.deepEqual(counts.body, {
      unassigned: 0,
      assigned: 2,
      returned: 0,
      supervised: 0,
      skip_level: 0,
      to_confirm: 1,
      station_assigned: 1,
    });
  });

  it('workers see only the tickets assigned to them', async () => {
    // when station 2's worker and the world's repair worker open the pools
    assert.deepEqual(ids(await pool(s2.worker, 'station_assigned')), [t.assignedS2.ticketId]);
    assert.deepEqual(ids(await pool(s2.worker, 'to_confirm')), []);
    assert.deepEqual(ids(await pool(world.a.as.repair_worker, 'station_assigned')), [t.working.ticketId]);
    assert.deepEqual(ids(await pool(world.a.as.repair_worker, 'unassigned')), []);
    const counts = await world.a.as.repair_worker.get(`/api/subsidiaries/${world.a.id}/ticket-pools`);
    assert.equal(counts.body.station_assigned, 1);
    assert.equal(counts.body.to_confirm, 0);
  });

  it('agents, supervisors, subsidiary admins and the group see the whole subsidiary; counts match the pools', async () => {
    for (const who of [world.a.as.agent, world.a.as.supervisor, world.a.as.subsidiary_admin, ctx.server.admin]) {
      const counts = (await who.get(`/api/subsidiaries/${world.a.id}/ticket-pools`)).body as Record<string, number>;
      for (const name of ['unassigned', 'assigned', 'returned', 'supervised', 'skip_level', 'to_confirm', 'station_assigned']) {
        assert.equal(counts[name], (await pool(who, name)).total, name);
      }
      assert.ok(counts.to_confirm >= 2);
    }
  });

  it('refuses an unknown pool and a bad filter with field details', async () => {
    const bad = await world.a.as.agent.get(`/api/subsidiaries/${world.a.id}/ticket-pools/everything`);
    assert.equal(bad.status, 400);
    const filter = await world.a.as.agent.get(`/api/subsidiaries/${world.a.id}/ticket-pools/assigned?dueBefore=tomorrow`);
    assert.equal(filter.status, 400);
    assert.ok(filter.body.details.some((d: { field: string }) => d.field === 'query.dueBefore'));
  });
});
