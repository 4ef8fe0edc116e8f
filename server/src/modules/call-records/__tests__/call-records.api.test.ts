import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World, type WorldSubsidiary } from '../../../testing/index.js';
import { createCustomer, createHouse, type HouseSetup } from '../../houses/__tests__/house-fixture-helpers.js';
import { eventually } from '../../ticket-process/__tests__/ticket-scenario.js';
import { freshCaller } from './call-records.fixtures.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

describeEachDb(
  'call records',
  (ctx) => {
    let world: World;
    before(async () => {
      world = await buildWorld(ctx.server, 'clr');
    });

    const setup = (sub: WorldSubsidiary): HouseSetup => ({ admin: ctx.server.admin, subsidiaryId: sub.id, marker: '来电', unique: uid });
    const calls = (sub: WorldSubsidiary) => `/api/subsidiaries/${sub.id}/call-records`;
    const tickets = (sub: WorldSubsidiary) => `/api/subsidiaries/${sub.id}/tickets`;
    const intake = (extra: Record<string, unknown>) => ({
      typeCode: 'repair',
      urgency: 'normal',
      source: 'phone',
      title: '暖气不热',
      ...extra,
    });
    const settled = (sub: WorldSubsidiary, ticketId: number) =>
      eventually(`dispatch task of ticket ${ticketId}`, async () =>
        (await ctx.server.services.engine.searchUserTasks({ tenantId: sub.code, state: 'created', elementId: 'dispatch' })).find(
          (t) => t.variables.ticketId === ticketId,
        ),
      );
    const count = async (sub: WorldSubsidiary, table: string) => {
      const tenant = await ctx.server.services.tenants.byId(sub.id);
      const [[row]] = (await tenant.db.query(`SELECT COUNT(*) AS n FROM ${table}`)) as [{ n: number }[], unknown];
      return Number(row!.n);
    };

    test('given a customer with one house, when an agent registers a call from their number as the switch spells it, then the record holds the normalised number, the agent, the customer and the house, and is audited', async () => {
      // given
      const phone = freshCaller();
      const c = await createCustomer(setup(world.a), [phone]);
      const h = await createHouse(setup(world.a), { customerId: c.id });
      // when
      const res = await world.a.as.agent.post(calls(world.a), { callerNumber: `+86 ${phone}`, calleeNumber: '96000' });
      // then
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.direction, 'inbound');
      assert.equal(res.body.callerNumber, phone);
      assert.equal(res.body.calleeNumber, '96000');
      assert.equal(res.body.agentId, world.a.userIds.agent);
      assert.equal(res.body.customerId, c.id);
      assert.equal(res.body.customerName, '用户来电');
      assert.equal(res.body.houseId, h.id);
      assert.equal(res.body.ticketId, null);
      assert.ok(Math.abs(Date.parse(res.body.startedAt) - Date.now()) < 60_000);
      const tenant = await ctx.server.services.tenants.byId(world.a.id);
      const [audits] = await tenant.db.query(
        `SELECT actor_id FROM audit_logs WHERE action = 'call-record.create' AND entity_id = '${res.body.id}'`,
      );
      assert.deepEqual(audits, [{ actor_id: world.a.userIds.agent }]);
      // and a stranger's number is registered without a customer; a malformed one is refused on its field
      const stranger = await world.a.as.agent.post(calls(world.a), { callerNumber: freshCaller() });
      assert.equal(stranger.status, 201);
      assert.equal(stranger.body.customerId, null);
      const bad = await world.a.as.agent.post(calls(world.a), { callerNumber: '12' });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.details, [{ field: 'body.callerNumber', message: '电话号码格式不正确' }]);
    });

    test('given a registered call, when the ticket is taken with its callRecordId, then the record links to the ticket, the timeline shows the linked call, and a second intake with it is refused with nothing written', async () => {
      // given
      const phone = freshCaller();
      const c = await createCustomer(setup(world.a), [phone]);
      await createHouse(setup(world.a), { customerId: c.id });
      const call = await world.a.as.agent.post(calls(world.a), { callerNumber: phone });
      // when
      const res = await world.a.as.agent.post(tickets(world.a), intake({ callerPhone: phone, callRecordId: call.body.id }));
      // then
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await settled(world.a, res.body.id);
      const byTicket = await world.a.as.agent.get(`${calls(world.a)}?ticketId=${res.body.id}`);
      assert.deepEqual(
        byTicket.body.items.map((i: { id: number; ticketNo: string }) => [i.id, i.ticketNo]),
        [[call.body.id, res.body.ticketNo]],
      );
      const timeline = await world.a.as.agent.get(`${tickets(world.a)}/${res.body.id}/timeline`);
      const linked = timeline.body.entries.filter((e: { kind: string }) => e.kind === 'call_linked');
      assert.equal(linked.length, 1);
      assert.equal(linked[0].kindLabel, '关联通话');
      assert.equal(linked[0].summary, `关联来电：${phone}`);
      assert.equal(linked[0].operatorId, world.a.userIds.agent);
      assert.deepEqual(
        timeline.body.calls.map((x: { callId: string }) => x.callId),
        [String(call.body.id)],
      );
      // and the same call cannot lead to a second ticket
      const before = await count(world.a, 'tickets');
      const again = await world.a.as.agent.post(tickets(world.a), intake({ callerPhone: phone, callRecordId: call.body.id }));
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.deepEqual(again.body.details, [{ field: 'body.callRecordId', message: '该通话已关联其他工单' }]);
      assert.equal(await count(world.a, 'tickets'), before);
      // an unknown record is a field error
      const unknown = await world.a.as.agent.post(tickets(world.a), intake({ callerPhone: phone, callRecordId: 2_000_000_000 }));
      assert.equal(unknown.status, 400);
      assert.deepEqual(unknown.body.details, [{ field: 'body.callRecordId', message: '通话记录不存在' }]);
    });

    test('given a call and a ticket, when the agent links them afterwards, then the record shows the ticket and the timeline the call; linking it to another ticket answers 409', async () => {
      // given
      const phone = freshCaller();
      const call = await world.a.as.agent.post(calls(world.a), { callerNumber: phone, note: '用户称楼上漏水' });
      const t1 = await world.a.as.agent.post(tickets(world.a), intake({ callerPhone: freshCaller() }));
      const t2 = await world.a.as.agent.post(tickets(world.a), intake({ callerPhone: freshCaller() }));
      await settled(world.a, t1.body.id);
      await settled(world.a, t2.body.id);
      // when
      const res = await world.a.as.agent.post(`${calls(world.a)}/${call.body.id}/link`, { ticketId: t1.body.id });
      // then
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.ticketId, t1.body.id);
      assert.equal(res.body.ticketNo, t1.body.ticketNo);
      const timeline = await world.a.as.agent.get(`${tickets(world.a)}/${t1.body.id}/timeline`);
      assert.equal(timeline.body.entries.filter((e: { kind: string }) => e.kind === 'call_linked').length, 1);
      // the same link again changes nothing; another ticket is refused
      assert.equal((await world.a.as.agent.post(`${calls(world.a)}/${call.body.id}/link`, { ticketId: t1.body.id })).status, 200);
      const other = await world.a.as.agent.post(`${calls(world.a)}/${call.body.id}/link`, { ticketId: t2.body.id });
      assert.equal(other.status, 409);
      const again = await world.a.as.agent.get(`${tickets(world.a)}/${t1.body.id}/timeline`);
      assert.equal(again.body.entries.filter((e: { kind: string }) => e.kind === 'call_linked').length, 1);
      // the end of the call and a note
      const ended = new Date(Date.now() + 120_000).toISOString();
      const upd = await world.a.as.agent.patch(`${calls(world.a)}/${call.body.id}`, { endedAt: ended, note: '已转维修站' });
      assert.equal(upd.status, 200);
      assert.equal(upd.body.endedAt, ended);
      assert.equal(upd.body.note, '已转维修站');
      const early = await world.a.as.agent.patch(`${calls(world.a)}/${call.body.id}`, { endedAt: '2020-01-01T00:00:00.000Z' });
      assert.deepEqual(early.body.details, [{ field: 'body.endedAt', message: '结束时间不能早于开始时间' }]);
    });

    test('a number lists its own calls and those of the customers it belongs to (their other numbers too), newest first; by customer likewise; without a filter 400', async () => {
      // given a customer with two numbers, calls from both, and a stranger's call
      const [home, mobile] = [freshCaller(), freshCaller()];
      const c = await createCustomer(setup(world.a), [home, mobile]);
      await createHouse(setup(world.a), { customerId: c.id });
      const first = await world.a.as.agent.post(calls(world.a), {
        callerNumber: home,
        startedAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
      const second = await world.a.as.agent.post(calls(world.a), { callerNumber: mobile });
      await world.a.as.agent.post(calls(world.a), { callerNumber: freshCaller() });
      // when
      const byNumber = await world.a.as.agent.get(`${calls(world.a)}?phone=${home}`);
      const byCustomer = await world.a.as.agent.get(`${calls(world.a)}?customerId=${c.id}`);
      // then
      assert.equal(byNumber.status, 200);
      assert.deepEqual(
        byNumber.body.items.map((i: { id: number }) => i.id),
        [second.body.id, first.body.id],
      );
      assert.equal(byNumber.body.items[0].agentName, byNumber.body.items[1].agentName);
      assert.deepEqual(
        byCustomer.body.items.map((i: { id: number }) => i.id),
        [second.body.id, first.body.id],
      );
      const none = await world.a.as.agent.get(calls(world.a));
      assert.equal(none.status, 400);
      assert.deepEqual(none.body.details, [{ field: 'query.phone', message: '请按号码、热用户或工单查询' }]);
      // and subsidiary B sees none of A's calls
      const inB = await world.b.as.agent.get(`${calls(world.b)}?phone=${home}`);
      assert.equal(inB.status, 200);
      assert.equal(inB.body.total, 0);
    });

    test('a station head (no ticket:create) cannot register calls: 403 and nothing written', async () => {
      const before = await count(world.a, 'call_records');
      const res = await world.a.as.station_head.post(calls(world.a), { callerNumber: freshCaller() });
      assert.equal(res.status, 403);
      assert.equal(await count(world.a, 'call_records'), before);
    });
  },
  { LOG_LEVEL: 'error' },
);
