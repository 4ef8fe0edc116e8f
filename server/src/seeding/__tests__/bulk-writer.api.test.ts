import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDb } from '../../testing/index.js';
import { tenantCounts, withTenantWriter, type SeedNode } from '../index.js';

describeEachDb('seeding: bulk writer', (ctx) => {
  let subsidiaryId: number;
  let stationId: number;
  let unit: SeedNode;
  let customerId: number;
  let houseId: number;

  before(async () => {
    const admin = ctx.server.admin;
    const me = await admin.get('/api/auth/me');
    const sub = await admin.post('/api/org-units', {
      parentId: me.body.orgId,
      type: 'subsidiary',
      code: 'bulk_sub',
      name: '批量分公司',
      areaCode: '0431',
    });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    subsidiaryId = sub.body.id;
    const st = await admin.post('/api/org-units', { parentId: subsidiaryId, type: 'station', code: 'bulk_st', name: '批量站' });
    assert.equal(st.status, 201, JSON.stringify(st.body));
    stationId = st.body.id;
  });

  test('given a tree, customers with phones in many spellings and houses, when written in bulk, then the API reads them back normalised', async () => {
    // Given / when
    const { counts } = await withTenantWriter(
      ctx.server.services,
      subsidiaryId,
      async (w) => {
        const hs = w.addNode({ parent: null, type: 'heat_source', name: '长青热源厂', code: 'BK-H01', extra: { 类型: '热电联产' } });
        const ss = w.addNode({ parent: hs, type: 'substation', name: '一号换热站', code: 'BK-H01-01' });
        const cm = w.addNode({ parent: ss, type: 'community', name: '阳光小区', stationId });
        const bd = w.addNode({ parent: cm, type: 'building', name: '3号楼' });
        unit = w.addNode({ parent: bd, type: 'unit', name: '2单元' });
        customerId = w.addCustomer({
          name: '王秀英',
          customerNo: 'BK0000001',
          idCardLast4: '123X',
          phones: [
            { number: '+86 139 1234 5678', label: '本人' },
            { number: '(0431)85123456', label: '家庭座机' },
            { number: '85654321' },
            { number: '139-1234-5678' },
          ],
        });
        houseId = w.addHouse({ unit, roomNo: '501', areaM2: 88.456, heatingStatus: 'heating', billingNo: 'JFBK0000001', customerId });
        // Many rows: several statements per table with a small batch size.
        for (let i = 0; i < 250; i += 1) {
          const c = w.addCustomer({
            name: `李${i}`,
            customerNo: `BK1${String(i).padStart(6, '0')}`,
            phones: [{ number: `1380000${String(i).padStart(4, '0')}` }],
          });
          w.addHouse({
            unit,
            roomNo: `${1000 + i}`,
            areaM2: null,
            heatingStatus: 'suspended',
            billingNo: `JFBK1${String(i).padStart(6, '0')}`,
            customerId: c,
          });
          await w.flushFull();
        }
      },
      { batchSize: 40 },
    );

    // Then: counts as written, and rows readable through the API
    assert.deepEqual(counts, { buildingNodes: 5, customers: 251, phones: 253, houses: 251 });
    const admin = ctx.server.admin;
    const customer = await admin.get(`/api/subsidiaries/${subsidiaryId}/customers/${customerId}`);
    assert.equal(customer.status, 200, JSON.stringify(customer.body));
    assert.equal(customer.body.name, '王秀英');
    assert.equal(customer.body.idCardLast4, '123X');
    assert.deepEqual(
      customer.body.phones.map((p: any) => [p.raw, p.normalized, p.kind, p.isPrimary, p.label]),
      [
        ['+86 139 1234 5678', '13912345678', 'mobile', true, '本人'],
        ['(0431)85123456', '043185123456', 'landline', false, '家庭座机'],
        ['85654321', '043185654321', 'landline', false, null],
      ],
    );
    assert.deepEqual(
      customer.body.houses.map((h: any) => [h.id, h.roomNo, h.address, h.areaM2]),
      [[houseId, '501', '阳光小区 3号楼 2单元 501', 88.46]],
    );
    const house = await admin.get(`/api/subsidiaries/${subsidiaryId}/houses/${houseId}`);
    assert.equal(house.status, 200, JSON.stringify(house.body));
    assert.deepEqual(
      house.body.buildingPath.map((n: any) => n.name),
      ['长青热源厂', '一号换热站', '阳光小区', '3号楼', '2单元'],
    );
    assert.equal(house.body.customer.customerNo, 'BK0000001');
    const list = await admin.get(`/api/subsidiaries/${subsidiaryId}/houses?pageSize=1`);
    assert.equal(list.body.total, 251);
    const byPhone = await admin.get(`/api/subsidiaries/${subsidiaryId}/customers?q=${encodeURIComponent('0431-8565 4321')}`);
    assert.deepEqual(
      byPhone.body.items.map((c: any) => c.id),
      [customerId],
    );
    const tree = await admin.get(`/api/subsidiaries/${subsidiaryId}/buildings`);
    assert.equal(tree.status, 200, JSON.stringify(tree.body));
    const community = tree.body.nodes[0].children[0].children[0];
    assert.equal(community.name, '阳光小区');
    assert.equal(community.stationId, stationId);
    const apiUnit = community.children[0].children[0];
    assert.deepEqual([apiUnit.id, apiUnit.path, apiUnit.depth], [unit.id, `${community.children[0].path}${unit.id}/`, 5]);
    assert.equal(unit.path, apiUnit.path);
  });

  test('given bulk-written rows, when the API creates more, then ids continue after them (and bulk writing continues after the API rows)', async () => {
    // Given: the rows of the previous test
    const before = await tenantCounts(ctx.server.services, subsidiaryId);
    // When
    const created = await ctx.server.admin.post(`/api/subsidiaries/${subsidiaryId}/customers`, {
      name: '赵敏',
      customerNo: 'API0001',
      phones: [{ number: '13700001111' }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { result: nextId } = await withTenantWriter(ctx.server.services, subsidiaryId, async (w) =>
      w.addCustomer({ name: '钱伟', customerNo: 'BK9000001', phones: [{ number: '13700002222' }] }),
    );
    // Then
    assert.ok(created.body.id > customerId);
    assert.equal(nextId, created.body.id + 1);
    const after = await tenantCounts(ctx.server.services, subsidiaryId);
    assert.equal(after.customers, before.customers + 2);
    const lookup = await ctx.server.admin.get(`/api/phone-lookup?phone=${encodeURIComponent('+86 137-0000-2222')}`);
    assert.equal(lookup.status, 200, JSON.stringify(lookup.body));
    assert.deepEqual(
      lookup.body.matches.map((m: any) => m.customer.id),
      [nextId],
    );
  });

  test('given a failure half-way, when the writer runs, then nothing of that run is written', async () => {
    // Given
    const before = await tenantCounts(ctx.server.services, subsidiaryId);
    // When
    await assert.rejects(
      withTenantWriter(ctx.server.services, subsidiaryId, async (w) => {
        for (let i = 0; i < 30; i += 1)
          w.addCustomer({ name: `孙${i}`, customerNo: `BKX${i}`, phones: [{ number: `1390000${String(i).padStart(4, '0')}` }] });
        w.addCustomer({ name: '坏号码', customerNo: 'BKX-bad', phones: [{ number: '12ab' }] });
      }),
      /电话号码格式不正确/,
    );
    await assert.rejects(
      withTenantWriter(
        ctx.server.services,
        subsidiaryId,
        async (w) => {
          for (let i = 0; i < 30; i += 1) w.addCustomer({ name: `周${i}`, customerNo: `BKY${i}`, phones: [] });
          await w.flushFull();
          w.addCustomer({ name: '重复编号', customerNo: 'BKY1', phones: [] });
        },
        { batchSize: 10 },
      ),
    );
    // Then
    assert.deepEqual(await tenantCounts(ctx.server.services, subsidiaryId), before);
  });

  test('given a node of the wrong level or a foreign station, when added, then the writer refuses it', async () => {
    await assert.rejects(
      withTenantWriter(ctx.server.services, subsidiaryId, async (w) => {
        w.addNode({ parent: null, type: 'community', name: '错层小区' });
      }),
      /公司下只能有热源/,
    );
    await assert.rejects(
      withTenantWriter(ctx.server.services, subsidiaryId, async (w) => {
        const hs = w.addNode({ parent: null, type: 'heat_source', name: '东郊热电厂' });
        const ss = w.addNode({ parent: hs, type: 'substation', name: '一号换热站' });
        w.addNode({ parent: ss, type: 'community', name: '外站小区', stationId: stationId + 1000 });
      }),
      /不属于批量分公司/,
    );
  });
});
