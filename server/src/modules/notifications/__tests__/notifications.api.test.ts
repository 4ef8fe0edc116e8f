import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { userModel } from '../../users/user.model.js';
import { planForEngineEvent } from '../notification-rules.js';
import { complete, createTicket, eventually, openStream, openTask, outboxRows } from './notification-harness.js';
import { SseReader } from './sse-reader.js';

type Item = { id: number; kind: string; title: string; body: string; ticketId: number | null; ticketNo: string | null };

describeEachDb('notifications: recipients, outbox, SSE push', (ctx) => {
  let world: World;

  before(async () => {
    world = await buildWorld(ctx.server, 'nt');
    await userModel(ctx.server.services.dbs.group).update({ mobile: '13800000001' }, { where: { id: world.a.userIds.repair_worker } });
  });

  test('given the station head listening on the stream, when an agent dispatches a ticket to the station, then the head gets the in-app notification pushed within seconds', async () => {
    // given
    const stream = await openStream(world.a.as.station_head);
    const ticket = await createTicket(ctx.server, world.a);
    try {
      // when
      await complete(ctx.server, world.a, ticket.id, 'dispatch', { stationId: world.a.stationId }, world.a.as.agent);
      // then
      const got = await stream.next<Item>('dispatch notification', (n) => n.ticketId === ticket.id, 5_000);
      assert.equal(got.kind, 'dispatched');
      assert.equal(got.title, '新工单待确认');
      assert.equal(got.body, `新工单待确认：${ticket.no} 暖气不热（长春市朝阳区暖心小区3号楼2单元501）`);
      const list = await world.a.as.station_head.get('/api/notifications');
      assert.equal(list.status, 200);
      assert.ok(list.body.items.some((n: Item) => n.id === got.id));
      assert.ok(list.body.unread >= 1);
    } finally {
      stream.close();
    }
  });

  test('given a dispatched ticket, when the station head assigns the worker, then the worker gets an in-app message and an SMS kept in the outbox for admins', async () => {
    // given
    const ticket = await createTicket(ctx.server, world.a);
    await complete(ctx.server, world.a, ticket.id, 'dispatch', { stationId: world.a.stationId }, world.a.as.agent);
    // when
    await complete(
      ctx.server,
      world.a,
      ticket.id,
      'station-confirm',
      { confirmDecision: 'assign', workerId: world.a.userIds.repair_worker },
      world.a.as.station_head,
    );
    // then
    const rows = await eventually('worker rows sent', async () => {
      const r = await outboxRows(ctx.server, 'ticket_id = ? AND user_id = ? AND kind = ?', [
        ticket.id,
        world.a.userIds.repair_worker,
        'task_assigned',
      ]);
      return r.length === 2 && r.every((x) => x.status === 'sent') ? r : undefined;
    });
    const sms = rows.find((r) => r.channel === 'sms')!;
    assert.equal(sms.provider, 'keep');
    assert.equal(sms.address, '13800000001');
    assert.match(sms.body, new RegExp(`^新派工待接单：${ticket.no}`));
    const outbox = await world.a.as.subsidiary_admin.get('/api/notification-outbox?channel=sms&status=sent');
    assert.equal(outbox.status, 200);
    assert.ok(outbox.body.items.some((i: { id: number; userName: string }) => i.id === sms.id && i.userName === '维修人员A'));
    // the worker has no right to read the outbox
    assert.equal((await world.a.as.repair_worker.get('/api/notification-outbox')).status, 403);
  });

  test('given a worker assigned, when the ticket is reassigned to another worker, then both workers are told', async () => {
    // given
    const ticket = await createTicket(ctx.server, world.a);
    await complete(ctx.server, world.a, ticket.id, 'dispatch', { stationId: world.a.stationId }, world.a.as.agent);
    await complete(
      ctx.server,
      world.a,
      ticket.id,
      'station-confirm',
      { confirmDecision: 'assign', workerId: world.a.userIds.repair_worker },
      world.a.as.station_head,
    );
    const first = await openTask(ctx.server, world.a, ticket.id, 'worker-accept');
    // when
    await ctx.server.services.engine.publishMessage({
      tenantId: world.a.code,
      name: 'wl-ticket-reassign',
      correlationKey: String(ticket.id),
      variables: { workerId: world.a.userIds.grid_worker, reassignReason: '原维修人员请假' },
      timeToLiveMs: 10_000,
    });
    // then
    const rows = await eventually('reassign notices', async () => {
      const r = await outboxRows(ctx.server, "ticket_id = ? AND kind = 'reassigned' AND channel = 'inapp'", [ticket.id]);
      return r.length === 2 ? r : undefined;
    });
    const to = (id: number) => rows.find((r) => r.user_id === id)?.title;
    assert.equal(to(world.a.userIds.grid_worker), '改派工单待接单');
    assert.equal(to(world.a.userIds.repair_worker), '工单已改派他人');
    assert.notEqual((await openTask(ctx.server, world.a, ticket.id, 'worker-accept')).taskKey, first.taskKey);
  });

  test('given a dispatched ticket and a void request needing station then subsidiary approval, when each level is reached, then that level’s approvers are notified', async () => {
    // given
    const ticket = await createTicket(ctx.server, world.a);
    await complete(ctx.server, world.a, ticket.id, 'dispatch', { stationId: world.a.stationId }, world.a.as.agent);
    await openTask(ctx.server, world.a, ticket.id, 'station-confirm');
    // when
    await ctx.server.services.engine.publishMessage({
      tenantId: world.a.code,
      name: 'wl-ticket-void-requested',
      correlationKey: String(ticket.id),
      variables: { requestReason: '重复工单' },
      timeToLiveMs: 10_000,
    });
    // then
    const byKind = (userId: number) =>
      outboxRows(ctx.server, "ticket_id = ? AND user_id = ? AND kind = 'approval_requested' AND channel = 'inapp'", [ticket.id, userId]);
    const head = await eventually('station head approval notice', async () => (await byKind(world.a.userIds.station_head))[0]);
    assert.equal(head.title, '待审批：作废申请');
    assert.equal((await byKind(world.a.userIds.subsidiary_admin)).length, 0, 'subsidiary level not reached yet');
    await complete(ctx.server, world.a, ticket.id, 'approve', { decision: 'approve' }, world.a.as.station_head);
    const admin = await eventually('subsidiary approver notice', async () => (await byKind(world.a.userIds.subsidiary_admin))[0]);
    assert.match(admin.body, new RegExp(ticket.no));
    assert.equal((await byKind(world.b.userIds.subsidiary_admin)).length, 0, 'B’s approver hears nothing');
  });

  test('given the SLA clock flags a ticket, when yellow then red, then worker / heads / agent and heads / supervisors are notified, once each even when replayed', async () => {
    // given
    const ticket = await createTicket(ctx.server, world.a, { start: false });
    const tenant = await ctx.server.services.tenants.byId(world.a.id);
    await tenant.db.query('UPDATE tickets SET worker_id = ? WHERE id = ?', { replacements: [world.a.userIds.repair_worker, ticket.id] });
    const flag = (f: 'yellow' | 'red') =>
      ctx.server.services.sla.emitFlag({
        tenantId: world.a.code,
        ticketId: ticket.id,
        ticketInstanceKey: '',
        flag: f,
        stage: f === 'red' ? 'overdue' : 'near',
        dueAt: '2026-11-24T08:00:00.000Z',
        priority: 'normal',
      });
    // when
    flag('yellow');
    flag('yellow');
    flag('red');
    await ctx.server.services.notifications.idle();
    // then
    const rows = await outboxRows(ctx.server, "ticket_id = ? AND channel = 'inapp' AND subsidiary_id = ?", [ticket.id, world.a.id]);
    const to = (kind: string) =>
      rows
        .filter((r) => r.kind === kind)
        .map((r) => r.user_id)
        .sort((x, y) => x - y);
    const u = world.a.userIds;
    assert.deepEqual(
      to('due_soon'),
      [u.station_head, u.agent, u.repair_worker].sort((x, y) => x - y),
    );
    assert.deepEqual(
      to('overdue'),
      [u.station_head, u.supervisor].sort((x, y) => x - y),
    );
    assert.match(rows.find((r) => r.kind === 'overdue')!.body, /^工单已超时：.*时限 2026-11-24 16:00$/);
  });

  test('given a task.created event already notified, when the engine event is replayed, then no second notification is stored', async () => {
    // given
    const ticket = await createTicket(ctx.server, world.a);
    await complete(ctx.server, world.a, ticket.id, 'dispatch', { stationId: world.a.stationId }, world.a.as.agent);
    const task = await openTask(ctx.server, world.a, ticket.id, 'station-confirm');
    const count = async () => (await outboxRows(ctx.server, 'ticket_id = ? AND subsidiary_id = ?', [ticket.id, world.a.id])).length;
    const first = await eventually('first notification', async () => ((await count()) > 0 ? await count() : undefined));
    // when
    const event = { type: 'task.created' as const, tenantId: world.a.code, task };
    await ctx.server.services.notifications.notify(await planForEngineEvent(ctx.server.services, event));
    await ctx.server.services.notifications.notify(await planForEngineEvent(ctx.server.services, event));
    // then
    assert.equal(await count(), first);
  });

  test('given a stream ticket, when it is used twice or is garbage, then the second use and the garbage answer 401', async () => {
    const t = await world.a.as.agent.post('/api/notifications/stream-ticket');
    const first = await SseReader.open(`${ctx.server.url}${t.body.streamUrl as string}`);
    assert.equal(first.status, 200);
    first.close();
    const again = await SseReader.open(`${ctx.server.url}${t.body.streamUrl as string}`);
    assert.equal(again.status, 401);
    const bogus = await SseReader.open(`${ctx.server.url}/api/notifications/stream?ticket=${'a'.repeat(32)}`);
    assert.equal(bogus.status, 401);
  });

  test('given notifications while disconnected, when the stream reopens with Last-Event-ID, then the missed ones are replayed in order', async () => {
    // given
    const head = world.a.as.station_head;
    const before = await head.get('/api/notifications?pageSize=1');
    const lastId = before.body.items[0]?.id ?? 0;
    const t1 = await createTicket(ctx.server, world.a);
    const t2 = await createTicket(ctx.server, world.a);
    for (const t of [t1, t2]) await complete(ctx.server, world.a, t.id, 'dispatch', { stationId: world.a.stationId }, world.a.as.agent);
    await eventually(
      'both stored',
      async () =>
        (
          await outboxRows(ctx.server, "ticket_id IN (?, ?) AND user_id = ? AND channel = 'inapp'", [
            t1.id,
            t2.id,
            world.a.userIds.station_head,
          ])
        ).length === 2,
    );
    // when
    const t = await head.post('/api/notifications/stream-ticket');
    const stream = await SseReader.open(`${ctx.server.url}${t.body.streamUrl as string}`, { 'last-event-id': String(lastId) });
    try {
      // then
      await stream.next<Item>('second missed', (n) => n.ticketId === t2.id);
      const ids = stream.notifications<Item>().map((n) => n.ticketId);
      assert.ok(ids.indexOf(t1.id) >= 0 && ids.indexOf(t1.id) < ids.indexOf(t2.id));
    } finally {
      stream.close();
    }
  });

  test('given A’s notifications, when B’s users list, stream, read or see the outbox, then nothing of A reaches them', async () => {
    // given
    const streamB = await openStream(world.b.as.station_head);
    const ticket = await createTicket(ctx.server, world.a, { title: '甲方独有标题' });
    await complete(ctx.server, world.a, ticket.id, 'dispatch', { stationId: world.a.stationId }, world.a.as.agent);
    const aRow = await eventually(
      'A row',
      async () => (await outboxRows(ctx.server, "ticket_id = ? AND subsidiary_id = ? AND channel = 'inapp'", [ticket.id, world.a.id]))[0],
    );
    await new Promise((r) => setTimeout(r, 2_500)); // a poll of the hub has run
    try {
      // when / then
      assert.equal(streamB.notifications<Item>().filter((n) => n.ticketNo === ticket.no).length, 0);
      for (const role of ['station_head', 'subsidiary_admin', 'agent'] as const) {
        const list = await world.b.as[role].get('/api/notifications?pageSize=200');
        assert.ok(!JSON.stringify(list.body).includes('甲方独有标题'), `${role}@B list`);
        assert.equal((await world.b.as[role].post(`/api/notifications/${aRow.id}/read`)).status, 404, `${role}@B read`);
      }
      const outbox = await world.b.as.subsidiary_admin.get('/api/notification-outbox?pageSize=200');
      assert.equal(outbox.status, 200);
      assert.ok(!JSON.stringify(outbox.body).includes(ticket.no));
    } finally {
      streamB.close();
    }
  });

  test('given unread notifications, when one is read and then all, then the unread count drops to zero', async () => {
    const head = world.a.as.station_head;
    const list = await head.get('/api/notifications?unread=true');
    assert.ok(list.body.items.length > 0);
    const read = await head.post(`/api/notifications/${list.body.items[0].id as number}/read`);
    assert.equal(read.status, 200);
    assert.ok(read.body.readAt);
    assert.equal((await head.get('/api/notifications')).body.unread, list.body.unread - 1);
    const all = await head.post('/api/notifications/read-all');
    assert.equal(all.body.updated, list.body.unread - 1);
    assert.equal((await head.get('/api/notifications')).body.unread, 0);
  });
});
