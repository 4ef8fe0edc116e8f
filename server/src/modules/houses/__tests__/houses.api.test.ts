import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { refreshHouseAddresses } from '../house-address.js';
import { createCustomer, createHouse, createUnit, createUnitIn, type FixtureUnit, type HouseSetup } from './house-fixture-helpers.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

describeEachDb('houses', (ctx) => {
  let world: World;
  let base: string;
  let s: HouseSetup;
  let unit: FixtureUnit;
  before(async () => {
    world = await buildWorld(ctx.server, 'hse');
    base = `/api/subsidiaries/${world.a.id}/houses`;
    s = { admin: ctx.server.admin, subsidiaryId: world.a.id, marker: '房', unique: uid };
    unit = await createUnit(s, { community: `阳光小区${uid()}`, building: '5号楼', unit: '1单元' });
  });

  const detail = (field: string, res: { body: { details?: { field: string; message: string }[] } }) =>
    res.body.details?.find((d) => d.field === field);

  test('given a unit and a customer, when an agent creates a house, then it carries the address, the building path and the customer with phones', async () => {
    const customer = await createCustomer(s, ['13700010001', '8800-0001']);
    const billingNo = `B${uid()}`;
    const res = await world.a.as.agent!.post(base, {
      unitId: unit.unitId,
      roomNo: '101',
      areaM2: 89.25,
      heatingStatus: 'heating',
      billingNo,
      customerId: customer.id,
      reason: '新建房屋',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.address, `${unit.names.community} 5号楼 1单元 101`);
    assert.equal(res.body.areaM2, 89.25);
    assert.equal(res.body.billingNo, billingNo);
    assert.deepEqual(
      res.body.buildingPath.map((p: { type: string }) => p.type),
      ['heat_source', 'substation', 'community', 'building', 'unit'],
    );
    assert.deepEqual(
      res.body.buildingPath.slice(2).map((p: { name: string }) => p.name),
      [unit.names.community, '5号楼', '1单元'],
    );
    assert.equal(res.body.customer.id, customer.id);
    assert.equal(res.body.customerNo, customer.customerNo);
    assert.deepEqual(
      res.body.customer.phones.map((p: { normalized: string }) => p.normalized),
      ['13700010001', '043188000001'],
    );
    const got = await world.a.as.station_head!.get(`${base}/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.address, res.body.address);

    const audit = await ctx.server.admin.get(`/api/audit-logs?subsidiaryId=${world.a.id}&entityType=house&entityId=${res.body.id}`);
    assert.equal(audit.body.items[0].action, 'house.create');
    assert.equal(audit.body.items[0].after.billingNo, billingNo);
    assert.equal(audit.body.items[0].reason, '新建房屋');
  });

  test('given bad fields, when creating a house, then 400 names each field in Chinese and nothing is stored', async () => {
    const good = { unitId: unit.unitId, roomNo: '909', billingNo: `B${uid()}` };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ unitId: 999_999 }, 'body.unitId', /单元不存在/],
      [{ unitId: unit.communityId }, 'body.unitId', /单元不存在/],
      [{ heatingStatus: 'frozen' }, 'body.heatingStatus', /供热状态须为.*heating（供热）/],
      [{ billingNo: '户号 1' }, 'body.billingNo', /缴费户号为 1–32 位/],
      [{ areaM2: -5 }, 'body.areaM2', /面积须大于 0/],
      [{ areaM2: 200_000 }, 'body.areaM2', /面积不能超过/],
      [{ customerId: 999_999 }, 'body.customerId', /热用户不存在/],
      [{ roomNo: '' }, 'body.roomNo', /.+/],
    ];
    const before = (await ctx.server.admin.get(`${base}?pageSize=1`)).body.total;
    for (const [patch, field, message] of cases) {
      const res = await ctx.server.admin.post(base, { ...good, ...patch });
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      const d = detail(field, res);
      assert.ok(d, `${field}: ${JSON.stringify(res.body.details)}`);
      assert.match(d.message, message);
    }
    assert.equal((await ctx.server.admin.get(`${base}?pageSize=1`)).body.total, before);
  });

  test('given an existing house, when another takes its billing number or its room, then 409 DUPLICATE', async () => {
    const first = await createHouse(s, { unitId: unit.unitId, roomNo: '201' });
    const sameBilling = await ctx.server.admin.post(base, { unitId: unit.unitId, roomNo: '202', billingNo: first.billingNo });
    assert.equal(sameBilling.status, 409);
    assert.equal(detail('body.billingNo', sameBilling)!.message, '缴费户号已存在');
    const sameRoom = await ctx.server.admin.post(base, { unitId: unit.unitId, roomNo: '201', billingNo: `B${uid()}` });
    assert.equal(sameRoom.status, 409);
    assert.equal(detail('body.roomNo', sameRoom)!.message, '该单元下已有此房号');
  });

  test('given a house, when moved to another unit with a new status and customer, then the address follows and the audit keeps before and after', async () => {
    const house = await createHouse(s, { unitId: unit.unitId, roomNo: '301' });
    const unit2 = await createUnitIn(s, unit.buildingId, `2单元${uid()}`);
    const customer = await createCustomer(s);
    const res = await ctx.server.admin.patch(`${base}/${house.id}`, {
      unitId: unit2,
      roomNo: '302',
      heatingStatus: 'suspended',
      customerId: customer.id,
      areaM2: null,
      reason: '报停',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.address, new RegExp(`^${unit.names.community} 5号楼 2单元\\w+ 302$`));
    assert.equal(res.body.heatingStatus, 'suspended');
    assert.equal(res.body.customer.id, customer.id);
    assert.equal(res.body.areaM2, null);
    const audit = await ctx.server.admin.get(`/api/audit-logs?subsidiaryId=${world.a.id}&action=house.update&entityId=${house.id}`);
    assert.equal(audit.body.items[0].before.roomNo, '301');
    assert.equal(audit.body.items[0].after.roomNo, '302');
    assert.equal(audit.body.items[0].before.heatingStatus, 'heating');

    const unlink = await ctx.server.admin.patch(`${base}/${house.id}`, { customerId: null });
    assert.equal(unlink.body.customer, null);
    const bad = await ctx.server.admin.patch(`${base}/${house.id}`, { heatingStatus: 'nope' });
    assert.equal(bad.status, 400);
    assert.equal((await ctx.server.admin.patch(`${base}/${house.id}`, {})).status, 400);
    assert.equal((await ctx.server.admin.patch(`${base}/999999`, { roomNo: '1' })).status, 404);
  });

  test('given houses in two communities, when listed with filters, then each filter narrows the page', async () => {
    // Letters only in the name, so the room-number search cannot hit it.
    const other = await createUnit(s, { community: `月亮小区${uid().replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]!)}` });
    const customer = await createCustomer(s);
    const h1 = await createHouse(s, { unitId: other.unitId, roomNo: '101', customerId: customer.id });
    const h2 = await createHouse(s, { unitId: other.unitId, roomNo: '102' });
    await ctx.server.admin.patch(`${base}/${h2.id}`, { heatingStatus: 'unconnected' });
    const second = await createUnitIn(s, other.buildingId, '3单元');
    const h3 = await createHouse(s, { unitId: second, roomNo: '101' });
    const list = async (q: string) => {
      const res = await world.a.as.agent!.get(`${base}?pageSize=200&${q}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items.map((i: { id: number }) => i.id).sort((a: number, b: number) => a - b);
    };
    assert.deepEqual(await list(`communityId=${other.communityId}`), [h1.id, h2.id, h3.id]);
    assert.deepEqual(await list(`communityId=${other.buildingId}`), [h1.id, h2.id, h3.id]);
    assert.deepEqual(await list(`unitId=${other.unitId}`), [h1.id, h2.id]);
    assert.deepEqual(await list(`communityId=${other.communityId}&heatingStatus=unconnected`), [h2.id]);
    assert.deepEqual(await list(`customerId=${customer.id}`), [h1.id]);
    assert.deepEqual(await list(`q=${encodeURIComponent(other.names.community)}`), [h1.id, h2.id, h3.id]);
    assert.deepEqual(await list(`q=${h3.billingNo}`), [h3.id]);
    assert.deepEqual(await list(`communityId=${other.communityId}&q=102`), [h2.id]);
    assert.deepEqual(await list(`communityId=${other.communityId}&q=3${encodeURIComponent('单元')}`), [h3.id]);
    assert.deepEqual(await list(`q=3${encodeURIComponent('单元')}`), []);
    assert.deepEqual(await list('communityId=999999'), []);
    const page = await ctx.server.admin.get(`${base}?communityId=${other.communityId}&pageSize=2&page=2`);
    assert.equal(page.body.total, 3);
    assert.equal(page.body.items.length, 1);
    const withCustomer = (await ctx.server.admin.get(`${base}?customerId=${customer.id}`)).body.items[0];
    assert.equal(withCustomer.customerName, '用户房');
    assert.equal(withCustomer.customerNo, customer.customerNo);
  });

  test('given a house, when deleted, then it is gone and audited; a second delete is 404', async () => {
    const house = await createHouse(s, { unitId: unit.unitId });
    const res = await ctx.server.admin.delete(`${base}/${house.id}`, { reason: '拆除' });
    assert.equal(res.status, 204);
    assert.equal((await ctx.server.admin.get(`${base}/${house.id}`)).status, 404);
    assert.equal((await ctx.server.admin.delete(`${base}/${house.id}`, {})).status, 404);
    const audit = await ctx.server.admin.get(`/api/audit-logs?subsidiaryId=${world.a.id}&action=house.delete&entityId=${house.id}`);
    assert.equal(audit.body.items[0].before.billingNo, house.billingNo);
    assert.equal(audit.body.items[0].reason, '拆除');
  });

  test('given a unit with houses, when the unit is deleted, then 409 names the houses; the node detail counts them', async () => {
    const u = await createUnit(s);
    await createHouse(s, { unitId: u.unitId });
    await createHouse(s, { unitId: u.unitId });
    const buildings = `/api/subsidiaries/${world.a.id}/buildings`;
    const del = await ctx.server.admin.delete(`${buildings}/${u.unitId}`, {});
    assert.equal(del.status, 409, JSON.stringify(del.body));
    assert.match(del.body.message, /该单元下仍有 2 户房屋/);
    assert.equal((await ctx.server.admin.get(`${buildings}/${u.unitId}`)).body.related.houses, 2);
    assert.equal((await ctx.server.admin.get(`${buildings}/${u.communityId}`)).body.related.houses, 2);
  });

  test('given houses under a community, when the community is renamed through the API, then every house shows the new name at once', async () => {
    const u = await createUnit(s, { community: `旧名小区${uid()}`, building: '8号楼', unit: '3单元' });
    const second = await createUnitIn(s, u.buildingId, '4单元');
    const h1 = await createHouse(s, { unitId: u.unitId, roomNo: '101' });
    const h2 = await createHouse(s, { unitId: second, roomNo: '202' });
    const renamed = `新名小区${uid()}`;
    const patch = await ctx.server.admin.patch(`/api/subsidiaries/${world.a.id}/buildings/${u.communityId}`, { name: renamed });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    assert.equal((await ctx.server.admin.get(`${base}/${h1.id}`)).body.address, `${renamed} 8号楼 3单元 101`);
    assert.equal((await ctx.server.admin.get(`${base}/${h2.id}`)).body.address, `${renamed} 8号楼 4单元 202`);
    // Refreshing again finds nothing stale.
    const tenant = await ctx.server.services.tenants.byId(world.a.id);
    assert.equal(await refreshHouseAddresses(tenant.db, u.communityId), 2);
    assert.equal((await ctx.server.admin.get(`${base}/${h1.id}`)).body.address, `${renamed} 8号楼 3单元 101`);
  });

  test('given a house in a building, when the building is moved to another community, then its address names the new community', async () => {
    const from = await createUnit(s, { community: `甲小区${uid()}`, building: '9号楼', unit: '1单元' });
    const to = await createUnit(s, { community: `乙小区${uid()}`, building: '1号楼', unit: '1单元' });
    const h = await createHouse(s, { unitId: from.unitId, roomNo: '909' });
    const moved = await ctx.server.admin.post(`/api/subsidiaries/${world.a.id}/buildings/${from.buildingId}/move`, {
      parentId: to.communityId,
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal((await ctx.server.admin.get(`${base}/${h.id}`)).body.address, `${to.names.community} 9号楼 1单元 909`);
  });

  test('given a status added to the house_status dictionary, when a house uses it, then it is accepted', async () => {
    const code = `st_${uid()}`;
    const added = await ctx.server.admin.post('/api/dictionaries/house_status/items', { code, label: `拆迁${uid()}` });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const res = await ctx.server.admin.post(base, {
      unitId: unit.unitId,
      roomNo: `9${uid()}`,
      billingNo: `B${uid()}`,
      heatingStatus: code,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.heatingStatus, code);
  });

  test('given a user of A, when reaching houses of B, then 403; a repair worker may read but not write', async () => {
    const inB = await createHouse({ ...s, subsidiaryId: world.b.id });
    const res = await world.a.as.agent!.get(`/api/subsidiaries/${world.b.id}/houses/${inB.id}`);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'TENANT_FORBIDDEN');
    assert.equal((await world.a.as.repair_worker!.get(`${base}?pageSize=1`)).status, 200);
    const write = await world.a.as.repair_worker!.post(base, { unitId: unit.unitId, roomNo: '1', billingNo: `B${uid()}` });
    assert.equal(write.status, 403);
  });
});
