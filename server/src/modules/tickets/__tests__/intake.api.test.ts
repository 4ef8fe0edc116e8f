import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World, type WorldSubsidiary } from '../../../testing/index.js';
import { createCustomer, createHouse, createUnit, type HouseSetup } from '../../houses/__tests__/house-fixture-helpers.js';
import { supervisionModel } from '../../ticket-process/supervision.model.js';
import { eventually } from '../../ticket-process/__tests__/ticket-scenario.js';
import { freshMobile } from './intake.fixtures.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

describeEachDb(
  'ticket intake',
  (ctx) => {
    let world: World;
    before(async () => {
      world = await buildWorld(ctx.server, 'itk');
    });

    const setup = (sub: WorldSubsidiary): HouseSetup => ({ admin: ctx.server.admin, subsidiaryId: sub.id, marker: '受理', unique: uid });
    const base = (sub: WorldSubsidiary) => `/api/subsidiaries/${sub.id}/tickets`;
    const body = (extra: Record<string, unknown>) => ({
      typeCode: 'repair',
      urgency: 'normal',
      source: 'phone',
      title: '暖气不热',
      ...extra,
    });
    const openTask = (sub: WorldSubsidiary, elementId: string, ticketId: number) =>
      eventually(`${elementId} of ticket ${ticketId}`, async () =>
        (await ctx.server.services.engine.searchUserTasks({ tenantId: sub.code, state: 'created', elementId })).find(
          (t) => t.variables.ticketId === ticketId,
        ),
      );

    /** Wait until a new ticket's first task is open: its process start has finished writing (SQLite has one writer). */
    const settled = async (ticketId: number, sub = world.a, elementId = 'dispatch') => {
      await openTask(sub, elementId, ticketId);
      await new Promise((r) => setTimeout(r, 200));
    };

    test('given a caller number of a customer with one house, when an agent takes the call, then customer, house, address and contact are filled and the dispatch task waits', async () => {
      // given
      const phone = freshMobile();
      const c = await createCustomer(setup(world.a), [phone]);
      const h = await createHouse(setup(world.a), { customerId: c.id });
      // when (the number as the switch delivers it, with a +86 prefix)
      const res = await world.a.as.agent.post(base(world.a), body({ callerPhone: `+86 ${phone}`, categoryCode: null }));
      // then
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const t = res.body;
      assert.equal(t.customerId, c.id);
      assert.equal(t.houseId, h.id);
      assert.equal(t.callerPhone, phone);
      assert.equal(t.contactPhone, phone);
      assert.equal(t.contactName, '用户受理');
      assert.match(t.address, /受理/);
      assert.equal(t.typeName, '报修');
      assert.equal(t.status, 'pending_dispatch');
      assert.equal(t.agentId, world.a.userIds.agent);
      assert.match(t.ticketNo, new RegExp(`^${world.a.code.toUpperCase()}-\\d{8}-\\d{4}$`));
      assert.ok(t.instanceKey);
      // the process runs: the dispatch task of this ticket is open
      await settled(t.id);
      // and the timeline holds the created entry
      const tenant = await ctx.server.services.tenants.byId(world.a.id);
      const [events] = await tenant.db.query(`SELECT kind, actor_id FROM ticket_events WHERE ticket_id = ${t.id} AND kind = 'created'`);
      assert.deepEqual(events, [{ kind: 'created', actor_id: world.a.userIds.agent }]);
    });

    test('given a house, when a ticket is taken for it, then its customer comes with it; the detail shows history and same-unit open tickets', async () => {
      // given a unit with two houses, one of them with a ticket already
      const s = setup(world.a);
      const unit = await createUnit(s);
      const c = await createCustomer(s, [freshMobile()]);
      const h = await createHouse(s, { unitId: unit.unitId, customerId: c.id });
      const neighbour = await createHouse(s, { unitId: unit.unitId });
      const earlier = await world.a.as.agent.post(base(world.a), body({ houseId: h.id, title: '上次报修' }));
      const next = await world.a.as.agent.post(base(world.a), body({ houseId: neighbour.id, title: '邻居漏水' }));
      // when
      const res = await world.a.as.supervisor.post(base(world.a), body({ houseId: h.id, urgency: 'urgent' }));
      for (const t of [earlier, next, res]) await settled(t.body.id);
      // then
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.customerId, c.id);
      assert.equal(res.body.priority, 'urgent');
      const detail = await world.a.as.agent.get(`${base(world.a)}/${res.body.id}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.customer.id, c.id);
      assert.equal(detail.body.house.id, h.id);
      assert.deepEqual(
        detail.body.history.map((x: { id: number }) => x.id),
        [earlier.body.id],
      );
      assert.deepEqual(
        detail.body.sameUnitOpen.map((x: { id: number }) => x.id),
        [next.body.id],
      );
    });

    test('given a number with several houses, then intake asks for the house; with it, it succeeds', async () => {
      const phone = freshMobile();
      const c = await createCustomer(setup(world.a), [phone]);
      await createHouse(setup(world.a), { customerId: c.id });
      const second = await createHouse(setup(world.a), { customerId: c.id });
      const ambiguous = await world.a.as.agent.post(base(world.a), body({ callerPhone: phone }));
      assert.equal(ambiguous.status, 400);
      assert.deepEqual(ambiguous.body.details, [{ field: 'body.houseId', message: '该号码对应 2 处房屋，请选择房屋' }]);
      const chosen = await world.a.as.agent.post(base(world.a), body({ callerPhone: phone, houseId: second.id }));
      assert.equal(chosen.status, 201);
      assert.equal(chosen.body.houseId, second.id);
      assert.equal(chosen.body.callerPhone, phone);
      await settled(chosen.body.id);
    });

    test('given a due time agreed with the caller, when the ticket is taken, then the SLA clock counts to it and the ticket shows it; a past one is refused', async () => {
      // given: a time two days ahead, to the second
      const agreed = new Date(Math.floor(Date.now() / 1000) * 1000 + 2 * 24 * 3_600_000).toISOString();
      // when
      const res = await world.a.as.agent.post(base(world.a), body({ callerPhone: freshMobile(), dueAt: agreed }));
      // then: the SLA clock's computation (written onto the ticket's instance) is the agreed instant, not the rule's
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const computed = await eventually('the clock to compute the due time', async () => {
        const vars = (await ctx.server.services.engine.getInstance(world.a.code, res.body.instanceKey))?.variables;
        return typeof vars?.dueAt === 'string' ? vars.dueAt : undefined;
      });
      assert.equal(computed, agreed);
      await settled(res.body.id);
      // and the ticket shows it
      assert.equal((await world.a.as.agent.get(`${base(world.a)}/${res.body.id}`)).body.dueAt, agreed);
      // and a time already past answers 400 on the field
      const past = await world.a.as.agent.post(
        base(world.a),
        body({ callerPhone: freshMobile(), dueAt: new Date(Date.now() - 60_000).toISOString() }),
      );
      assert.equal(past.status, 400);
      assert.deepEqual(past.body.details, [{ field: 'body.dueAt', message: '约定完成时间必须晚于当前时间' }]);
    });

    test('given no agreed time, when a ticket is taken, then it shows the due time of its SLA rule before anyone acts on it, with no flag entry on its timeline', async () => {
      // when
      const res = await world.a.as.agent.post(base(world.a), body({ callerPhone: freshMobile() }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.dueAt, null);
      const computed = await eventually('the clock to compute the due time', async () => {
        const vars = (await ctx.server.services.engine.getInstance(world.a.code, res.body.instanceKey))?.variables;
        return typeof vars?.dueAt === 'string' ? vars.dueAt : undefined;
      });
      // then: the row shows it while the ticket still waits for dispatch
      const shown = await eventually('the ticket to show its due time', async () => {
        const t = (await world.a.as.agent.get(`${base(world.a)}/${res.body.id}`)).body;
        return t.dueAt ? t : undefined;
      });
      assert.equal(shown.dueAt, computed);
      assert.equal(shown.status, 'pending_dispatch');
      assert.equal(shown.slaFlag, null);
      await settled(res.body.id);
      // and no flag change is recorded: the due time is not an event
      const timeline = await world.a.as.agent.get(`${base(world.a)}/${res.body.id}/timeline`);
      assert.equal(timeline.status, 200);
      assert.ok(JSON.stringify(timeline.body).includes('"created"'), 'timeline lists the intake');
      assert.ok(!JSON.stringify(timeline.body).includes('sla_flag'), 'no flag entry');
    });

    test('unknown type, urgency, source and category answer 400 with every field named in Chinese, and nothing is written', async () => {
      const tenant = await ctx.server.services.tenants.byId(world.a.id);
      const [[before]] = (await tenant.db.query('SELECT COUNT(*) AS n FROM tickets')) as [{ n: number }[], unknown];
      const res = await world.a.as.agent.post(
        base(world.a),
        body({ callerPhone: freshMobile(), typeCode: 'nope', urgency: 'whenever', source: 'pigeon', categoryCode: 'no_cat' }),
      );
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.details, [
        { field: 'body.typeCode', message: '工单类型“nope”不存在或已停用' },
        { field: 'body.urgency', message: '紧急程度“whenever”不存在或已停用' },
        { field: 'body.source', message: '工单来源“pigeon”不存在或已停用' },
        { field: 'body.categoryCode', message: '知识库分类“no_cat”不存在或已停用' },
      ]);
      const nothing = await world.a.as.agent.post(base(world.a), body({}));
      assert.equal(nothing.status, 400);
      assert.equal(nothing.body.details[0].field, 'body.callerPhone');
      const [[after]] = (await tenant.db.query('SELECT COUNT(*) AS n FROM tickets')) as [{ n: number }[], unknown];
      assert.equal(Number(after!.n), Number(before!.n));
    });

    test('a type the admin adds is usable at once; a knowledge-base category of the type is taken, one of another type refused', async () => {
      // given a new type and a category bound to it
      const code = `pipe_${uid()}`;
      assert.equal((await ctx.server.admin.post('/api/ticket-types', { code, name: `管网巡检${code}` })).status, 201);
      const cat = await ctx.server.admin.post('/api/knowledge-base/categories', { code: `k_${uid()}`, name: '管网漏点', ticketType: code });
      const other = await ctx.server.admin.post('/api/knowledge-base/categories', {
        code: `k_${uid()}`,
        name: '缴费',
        ticketType: 'consultation',
      });
      // when an agent takes a ticket of it
      const res = await world.a.as.agent.post(
        base(world.a),
        body({ callerPhone: freshMobile(), typeCode: code, categoryCode: cat.body.code }),
      );
      // then
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.typeCode, code);
      assert.equal(res.body.categoryCode, cat.body.code);
      await settled(res.body.id);
      const wrong = await world.a.as.agent.post(
        base(world.a),
        body({ callerPhone: freshMobile(), typeCode: code, categoryCode: other.body.code }),
      );
      assert.deepEqual(wrong.body.details, [{ field: 'body.categoryCode', message: '该分类不属于所选工单类型' }]);
    });

    test('30 parallel intakes get 30 distinct consecutive numbers; each subsidiary has its own prefix and sequence', async () => {
      // when 30 agents' requests arrive at once in A, and one in B
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          world.a.as.agent.post(base(world.a), body({ callerPhone: freshMobile(), title: `并发受理${i}` })),
        ),
      );
      const inB = await world.b.as.agent.post(base(world.b), body({ callerPhone: freshMobile() }));
      // then
      for (const r of results) assert.equal(r.status, 201, JSON.stringify(r.body));
      const numbers = results.map((r) => r.body.ticketNo as string);
      assert.equal(new Set(numbers).size, 30);
      const seqs = numbers.map((n) => Number(n.split('-')[2])).sort((a, b) => a - b);
      assert.deepEqual(
        seqs,
        Array.from({ length: 30 }, (_, i) => seqs[0]! + i),
      );
      assert.ok(numbers.every((n) => n.startsWith(`${world.a.code.toUpperCase()}-`)));
      assert.equal(inB.status, 201);
      assert.match(inB.body.ticketNo, new RegExp(`^${world.b.code.toUpperCase()}-\\d{8}-0001$`));
      for (const r of [...results, inB]) await settled(r.body.id, r === inB ? world.b : world.a);
    });

    test('supervised intake starts the group supervision; a skip-level complaint lands at the skip-level takeover', async () => {
      // when a supervised ticket is taken
      const deadline = new Date(Date.now() + 48 * 3_600_000).toISOString();
      const sup = await world.a.as.agent.post(
        base(world.a),
        body({ callerPhone: freshMobile(), supervised: true, supervision: { requirement: '两日内恢复供热并回复', deadline } }),
      );
      assert.equal(sup.status, 201, JSON.stringify(sup.body));
      assert.equal(sup.body.supervised, true);
      const tenant = await ctx.server.services.tenants.byId(world.a.id);
      const rec = await supervisionModel(tenant.db).findOne({ where: { ticket_id: sup.body.id } });
      assert.equal(rec?.requirement, '两日内恢复供热并回复');
      assert.equal((await ctx.server.services.engine.getInstance(world.a.code, sup.body.instanceKey))?.variables.supervised, true);
      // a supervised flag without its requirement is refused
      const bare = await world.a.as.agent.post(base(world.a), body({ callerPhone: freshMobile(), supervised: true }));
      assert.equal(bare.body.details[0].field, 'body.supervision');

      // when a skip-level complaint is taken
      const skip = await world.a.as.agent.post(base(world.a), body({ callerPhone: freshMobile(), typeCode: 'skip_level_complaint' }));
      assert.equal(skip.status, 201);
      assert.equal(skip.body.skipLevel, true);
      assert.equal(skip.body.status, 'skip_level');
      await settled(skip.body.id, world.a, 'skip-level-takeover');
      await settled(sup.body.id);
    });

    test("A's agent cannot take a ticket in B, read B's ticket or B's caller context; a worker cannot take tickets", async () => {
      const inB = await world.b.as.agent.post(base(world.b), body({ callerPhone: freshMobile() }));
      await settled(inB.body.id, world.b);
      assert.equal((await world.a.as.agent.post(base(world.b), body({ callerPhone: freshMobile() }))).status, 403);
      assert.equal((await world.a.as.agent.get(`${base(world.b)}/${inB.body.id}`)).status, 403);
      assert.equal((await world.a.as.agent.get(`/api/subsidiaries/${world.b.id}/caller-context?phone=13800000000`)).status, 403);
      assert.equal((await world.a.as.repair_worker.post(base(world.a), body({ callerPhone: freshMobile() }))).status, 403);
    });

    test('the caller context shows the matched customer, houses, history and blacklist status', async () => {
      const phone = freshMobile();
      const c = await createCustomer(setup(world.a), [phone]);
      const h = await createHouse(setup(world.a), { customerId: c.id });
      const bl = await ctx.server.admin.post(`/api/subsidiaries/${world.a.id}/customers/${c.id}/blacklist`, {
        blacklisted: true,
        reason: '恶意骚扰',
      });
      assert.equal(bl.status, 200, JSON.stringify(bl.body));
      const t = await world.a.as.agent.post(base(world.a), body({ callerPhone: phone }));
      await settled(t.body.id);
      const res = await world.a.as.agent.get(`/api/subsidiaries/${world.a.id}/caller-context?phone=${phone}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.blacklisted, true);
      assert.deepEqual(
        res.body.customers.map((x: { id: number; houses: { id: number }[] }) => [x.id, x.houses.map((y) => y.id)]),
        [[c.id, [h.id]]],
      );
      assert.deepEqual(
        res.body.history.map((x: { id: number }) => x.id),
        [t.body.id],
      );
      const bad = await world.a.as.agent.get(`/api/subsidiaries/${world.a.id}/caller-context?phone=abc`);
      assert.deepEqual(bad.body.details, [{ field: 'query.phone', message: '电话号码格式不正确' }]);
    });
  },
  { LOG_LEVEL: 'error' },
);
