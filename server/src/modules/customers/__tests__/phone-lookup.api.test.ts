import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { createHouse, createUnit, type HouseSetup } from '../../houses/__tests__/house-fixture-helpers.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

interface Match {
  subsidiaryId: number;
  subsidiaryName: string;
  customer: { id: number; name: string; blacklisted: boolean };
  phones: { normalized: string }[];
  houses: { id: number; address: string }[];
}

describeEachDb('phone lookup (来电匹配)', (ctx) => {
  let world: World;
  let inA: { id: number; houseId: number; address: string };
  let inB: { id: number };
  const lookupA = () => `/api/subsidiaries/${world.a.id}/phone-lookup`;

  before(async () => {
    world = await buildWorld(ctx.server, 'plk');
    const setupA: HouseSetup = { admin: ctx.server.admin, subsidiaryId: world.a.id, marker: '查', unique: uid };
    const a = await ctx.server.admin.post(`/api/subsidiaries/${world.a.id}/customers`, {
      name: '来电甲',
      customerNo: `L${uid()}`,
      phones: [{ number: '138 1234 0001' }, { number: '0431-8811 2233', label: '家' }],
    });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const unit = await createUnit(setupA, { community: '幸福小区', building: '3号楼', unit: '2单元' });
    const house = await createHouse(setupA, { unitId: unit.unitId, customerId: a.body.id, roomNo: '501' });
    inA = { id: a.body.id, houseId: house.id, address: '幸福小区 3号楼 2单元 501' };
    // Subsidiary B (area code 0432): the same local number means another line.
    const b = await ctx.server.admin.post(`/api/subsidiaries/${world.b.id}/customers`, {
      name: '来电乙',
      customerNo: `L${uid()}`,
      phones: [{ number: '13912340002' }, { number: '8811-2233' }],
    });
    assert.equal(b.status, 201, JSON.stringify(b.body));
    assert.equal(b.body.phones[1].normalized, '043288112233');
    inB = { id: b.body.id };
  });

  const ids = (matches: Match[]) => matches.map((m) => m.customer.id);

  for (const format of ['+86 138-1234-0001', '86 13812340001', '0086 138 1234 0001', '138 1234 0001', '13812340001', '013812340001']) {
    test(`given the mobile spelled ${JSON.stringify(format)}, when looked up, then the customer pops with phones and houses`, async () => {
      const res = await world.a.as.agent!.get(`${lookupA()}?phone=${encodeURIComponent(format)}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.phone, '13812340001');
      assert.deepEqual(ids(res.body.matches), [inA.id]);
      const m: Match = res.body.matches[0];
      assert.equal(m.subsidiaryId, world.a.id);
      assert.equal(m.subsidiaryName, '测试分公司A');
      assert.equal(m.customer.name, '来电甲');
      assert.equal(m.customer.blacklisted, false);
      assert.deepEqual(
        m.phones.map((p) => p.normalized),
        ['13812340001', '043188112233'],
      );
      assert.deepEqual(
        m.houses.map((h) => [h.id, h.address]),
        [[inA.houseId, inA.address]],
      );
    });
  }

  for (const format of ['0431-8811 2233', '(0431)88112233', '+86 431 8811 2233', '8811-2233', '88112233']) {
    test(`given the landline spelled ${JSON.stringify(format)} in subsidiary A (0431), when looked up, then A's customer is found`, async () => {
      const res = await world.a.as.agent!.get(`${lookupA()}?phone=${encodeURIComponent(format)}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.phone, '043188112233');
      assert.deepEqual(ids(res.body.matches), [inA.id]);
    });
  }

  test('given a local number, when looked up in B, then B completes it with its own area code (0432)', async () => {
    const res = await world.b.as.agent!.get(`/api/subsidiaries/${world.b.id}/phone-lookup?phone=8811-2233`);
    assert.equal(res.body.phone, '043288112233');
    assert.deepEqual(ids(res.body.matches), [inB.id]);
  });

  test('given a number nobody has, when looked up, then no match; given garbage, then 400 on query.phone', async () => {
    const none = await world.a.as.agent!.get(`${lookupA()}?phone=13700000000`);
    assert.equal(none.status, 200);
    assert.deepEqual(none.body.matches, []);
    assert.equal(none.body.truncated, false);
    const bad = await world.a.as.agent!.get(`${lookupA()}?phone=${encodeURIComponent('不是号码')}`);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.details, [{ field: 'query.phone', message: '电话号码格式不正确' }]);
    const badAll = await ctx.server.admin.get('/api/phone-lookup?phone=12');
    assert.equal(badAll.status, 400);
  });

  test('given a number shared by two customers, when looked up, then both pop', async () => {
    const shared = '13612340003';
    const one = await ctx.server.admin.post(`/api/subsidiaries/${world.a.id}/customers`, {
      name: '共用一',
      customerNo: `S${uid()}`,
      phones: [{ number: shared }],
    });
    const two = await ctx.server.admin.post(`/api/subsidiaries/${world.a.id}/customers`, { name: '共用二', customerNo: `S${uid()}` });
    await ctx.server.admin.post(`/api/subsidiaries/${world.a.id}/customers/${two.body.id}/phones`, { number: `+86${shared}` });
    const res = await world.a.as.agent!.get(`${lookupA()}?phone=${shared}`);
    assert.deepEqual(ids(res.body.matches), [one.body.id, two.body.id]);
    assert.deepEqual(res.body.matches[1].houses, []);
  });

  test('given a service number on a customer, when 95598 calls, then it matches as digits', async () => {
    const c = await ctx.server.admin.post(`/api/subsidiaries/${world.a.id}/customers`, {
      name: '服务号',
      customerNo: `S${uid()}`,
      phones: [{ number: '95598' }],
    });
    const res = await world.a.as.agent!.get(`${lookupA()}?phone=95598`);
    assert.equal(res.body.phone, '95598');
    assert.deepEqual(ids(res.body.matches), [c.body.id]);
  });

  test('given the group admin, when the group-level lookup runs, then it fans out and finds the customer in B, tagged with B', async () => {
    const res = await ctx.server.admin.get('/api/phone-lookup?phone=%2B86%20139%201234%200002');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(ids(res.body.matches), [inB.id]);
    assert.equal(res.body.matches[0].subsidiaryId, world.b.id);
    assert.equal(res.body.matches[0].subsidiaryName, '测试分公司B');
  });

  test('given a local number, when the group admin looks it up everywhere, then each subsidiary uses its own area code', async () => {
    const res = await ctx.server.admin.get('/api/phone-lookup?phone=88112233');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.matches.map((m: Match) => [m.subsidiaryId, m.customer.id]),
      [
        [world.a.id, inA.id],
        [world.b.id, inB.id],
      ],
    );
  });

  test("given a user of A, when the group-level lookup asks for B's number, then nothing of B is found", async () => {
    const res = await world.a.as.agent!.get('/api/phone-lookup?phone=13912340002');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.matches, []);
    const own = await world.a.as.agent!.get('/api/phone-lookup?phone=13812340001');
    assert.deepEqual(ids(own.body.matches), [inA.id]);
    assert.equal(own.body.matches[0].subsidiaryId, world.a.id);
    // A's local number: only A's database, with A's area code.
    const local = await world.a.as.agent!.get('/api/phone-lookup?phone=88112233');
    assert.equal(local.body.phone, '043188112233');
    assert.deepEqual(ids(local.body.matches), [inA.id]);
  });

  test("given a user of A, when asking for B's subsidiary lookup, then 403 TENANT_FORBIDDEN", async () => {
    const res = await world.a.as.agent!.get(`/api/subsidiaries/${world.b.id}/phone-lookup?phone=13912340002`);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'TENANT_FORBIDDEN');
  });

  test('given more than twenty customers on one number, when looked up, then twenty are listed and the answer says truncated', async () => {
    const number = '13512340009';
    const created = [];
    for (let i = 0; i < 21; i++) {
      const c = await ctx.server.admin.post(`/api/subsidiaries/${world.b.id}/customers`, {
        name: `物业${i}`,
        customerNo: `T${uid()}`,
        phones: [{ number }],
      });
      created.push(c.body.id as number);
    }
    const res = await world.b.as.agent!.get(`/api/subsidiaries/${world.b.id}/phone-lookup?phone=${number}`);
    assert.equal(res.body.matches.length, 20);
    assert.equal(res.body.truncated, true);
    assert.deepEqual(ids(res.body.matches), created.slice(0, 20));
  });
});
