import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { createHouse, type HouseSetup } from '../../houses/__tests__/house-fixture-helpers.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

describeEachDb('customers', (ctx) => {
  let world: World;
  let base: string;
  let setup: HouseSetup;
  before(async () => {
    world = await buildWorld(ctx.server, 'cus');
    base = `/api/subsidiaries/${world.a.id}/customers`;
    setup = { admin: ctx.server.admin, subsidiaryId: world.a.id, marker: '客', unique: uid };
  });

  const detail = (field: string, res: { body: { details?: { field: string; message: string }[] } }) =>
    res.body.details?.find((d) => d.field === field);

  test('given several phones in several formats, when an agent creates a customer, then every number is stored normalised and the first is primary', async () => {
    const agent = world.a.as.agent!;
    const phones = ['+86 138-0431-0001', '0431-8765 4321', '8765-4322', '95598', '(0431)87654323'].map((number) => ({ number }));
    const res = await agent.post(base, { name: '张三', customerNo: `N${uid()}`, idCardLast4: '123x', phones, reason: '开户' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.idCardLast4, '123X');
    assert.deepEqual(
      res.body.phones.map((p: { normalized: string; kind: string; isPrimary: boolean }) => [p.normalized, p.kind, p.isPrimary]),
      [
        ['13804310001', 'mobile', true],
        ['043187654321', 'landline', false],
        ['043187654322', 'landline', false],
        ['95598', 'landline', false],
        ['043187654323', 'landline', false],
      ],
    );
    assert.equal(res.body.phones[1].raw, '0431-8765 4321');
    assert.deepEqual(res.body.houses, []);

    const got = await agent.get(`${base}/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.phones.length, 5);

    const audit = await ctx.server.admin.get(`/api/audit-logs?subsidiaryId=${world.a.id}&entityType=customer&entityId=${res.body.id}`);
    const entry = audit.body.items.find((i: { action: string }) => i.action === 'customer.create');
    assert.ok(entry, JSON.stringify(audit.body));
    assert.equal(entry.reason, '开户');
    assert.equal(entry.after.phones.length, 5);
  });

  test('given twenty phones, when created, then all are kept; given twenty-one, then 400', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ({ number: `1370000${String(i).padStart(4, '0')}` }));
    const ok = await ctx.server.admin.post(base, { name: '多号码', customerNo: `M${uid()}`, phones: twenty });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.phones.length, 20);
    const tooMany = await ctx.server.admin.post(base, {
      name: '多号码',
      customerNo: `M${uid()}`,
      phones: [...twenty, { number: '13799999999' }],
    });
    assert.equal(tooMany.status, 400);
    assert.match(detail('body.phones', tooMany)!.message, /最多 20 个电话/);
  });

  test('given bad fields, when creating a customer, then 400 names each field in Chinese and nothing is stored', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ name: '' }, 'body.name', /.+/],
      [{ customerNo: '用户 1' }, 'body.customerNo', /用户编号为 1–32 位/],
      [{ idCardLast4: '12' }, 'body.idCardLast4', /身份证后四位格式不正确/],
      [{ phones: [{ number: 'abc' }] }, 'body.phones.0.number', /^电话号码格式不正确$/],
      [{ phones: [{ number: '1381234567' }] }, 'body.phones.0.number', /^电话号码格式不正确$/],
      [{ phones: [{ number: '13812345678', kind: 'landline' }] }, 'body.phones.0.kind', /号码类型与号码不符/],
      [{ phones: [{ number: '138 1234 5678' }, { number: '+8613812345678' }] }, 'body.phones.1.number', /与第 1 个号码重复/],
      [
        {
          phones: [
            { number: '13812345678', isPrimary: true },
            { number: '13812345679', isPrimary: true },
          ],
        },
        'body.phones',
        /只能有一个主号码/,
      ],
      [{ extra: 1 }, 'body.extra', /不允许的字段/],
    ];
    const before = (await ctx.server.admin.get(`${base}?pageSize=1`)).body.total;
    for (const [patch, field, message] of cases) {
      const res = await ctx.server.admin.post(base, { name: '李四', customerNo: `V${uid()}`, ...patch });
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      const d = detail(field, res);
      assert.ok(d, `${field}: ${JSON.stringify(res.body.details)}`);
      assert.match(d.message, message);
    }
    assert.equal((await ctx.server.admin.get(`${base}?pageSize=1`)).body.total, before);
  });

  test('given an existing customer number, when another customer takes it, then 409 DUPLICATE on body.customerNo', async () => {
    const no = `D${uid()}`;
    assert.equal((await ctx.server.admin.post(base, { name: '甲', customerNo: no })).status, 201);
    const again = await ctx.server.admin.post(base, { name: '乙', customerNo: no });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'DUPLICATE');
    assert.equal(detail('body.customerNo', again)!.message, '用户编号已存在');
    const other = await ctx.server.admin.post(base, { name: '乙', customerNo: `D${uid()}` });
    const update = await ctx.server.admin.patch(`${base}/${other.body.id}`, { customerNo: no });
    assert.equal(update.status, 409);
    // The same number in subsidiary B is another billing system account: allowed.
    const inB = await ctx.server.admin.post(`/api/subsidiaries/${world.b.id}/customers`, { name: '丙', customerNo: no });
    assert.equal(inB.status, 201);
  });

  test('given a customer, when updated, then the change and the before/after audit are kept; an empty patch is 400', async () => {
    const created = await ctx.server.admin.post(base, { name: '王五', customerNo: `U${uid()}`, remark: '旧备注' });
    const res = await ctx.server.admin.patch(`${base}/${created.body.id}`, {
      name: '王五五',
      remark: null,
      idCardLast4: '0001',
      reason: '更正',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.name, '王五五');
    assert.equal(res.body.remark, null);
    assert.equal(res.body.idCardLast4, '0001');
    const audit = await ctx.server.admin.get(
      `/api/audit-logs?subsidiaryId=${world.a.id}&action=customer.update&entityId=${created.body.id}`,
    );
    assert.equal(audit.body.items[0].before.name, '王五');
    assert.equal(audit.body.items[0].after.name, '王五五');
    assert.equal((await ctx.server.admin.patch(`${base}/${created.body.id}`, {})).status, 400);
    assert.equal((await ctx.server.admin.patch(`${base}/999999`, { name: '无' })).status, 404);
  });

  test('given a customer with a house, when deleted, then 409; once the house is gone, the delete succeeds with its phones', async () => {
    const created = await ctx.server.admin.post(base, { name: '赵六', customerNo: `X${uid()}`, phones: [{ number: '13604310099' }] });
    const house = await createHouse(setup, { customerId: created.body.id });
    const blocked = await ctx.server.admin.delete(`${base}/${created.body.id}`, {});
    assert.equal(blocked.status, 409);
    assert.equal(blocked.body.code, 'CONFLICT');
    assert.match(blocked.body.message, /仍关联 1 处房屋/);
    assert.equal((await ctx.server.admin.get(`${base}/${created.body.id}`)).body.houses[0].id, house.id);

    assert.equal((await ctx.server.admin.delete(`/api/subsidiaries/${world.a.id}/houses/${house.id}`, {})).status, 204);
    const res = await ctx.server.admin.delete(`${base}/${created.body.id}`, { reason: '销户' });
    assert.equal(res.status, 204);
    assert.equal((await ctx.server.admin.get(`${base}/${created.body.id}`)).status, 404);
    const lookup = await ctx.server.admin.get(`/api/subsidiaries/${world.a.id}/phone-lookup?phone=13604310099`);
    assert.deepEqual(lookup.body.matches, []);
  });

  test('given a customer, when numbers are bound and unbound, then the list follows, primary moves on and duplicates are refused', async () => {
    const c = await ctx.server.admin.post(base, { name: '钱七', customerNo: `P${uid()}`, phones: [{ number: '13504310001' }] });
    const url = `${base}/${c.body.id}/phones`;
    const added = await world.a.as.agent!.post(url, { number: '8123-4567', label: '家', reason: '来电绑定' });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual(
      added.body.phones.map((p: { normalized: string; isPrimary: boolean; label: string | null }) => [p.normalized, p.isPrimary, p.label]),
      [
        ['13504310001', true, null],
        ['043181234567', false, '家'],
      ],
    );
    const dup = await ctx.server.admin.post(url, { number: '0431 8123 4567' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'DUPLICATE');
    const bad = await ctx.server.admin.post(url, { number: '12' });
    assert.equal(bad.status, 400);
    assert.equal(detail('body.number', bad)!.message, '电话号码格式不正确');

    const primaryId = added.body.phones[0].id;
    const removed = await ctx.server.admin.delete(`${url}/${primaryId}`, { reason: '停机' });
    assert.equal(removed.status, 200);
    assert.deepEqual(
      removed.body.phones.map((p: { normalized: string; isPrimary: boolean }) => [p.normalized, p.isPrimary]),
      [['043181234567', true]],
    );
    assert.equal((await ctx.server.admin.delete(`${url}/${primaryId}`, {})).status, 404);
    const newPrimary = await ctx.server.admin.post(url, { number: '13504310002', isPrimary: true });
    assert.deepEqual(
      newPrimary.body.phones.map((p: { normalized: string; isPrimary: boolean }) => [p.normalized, p.isPrimary]),
      [
        ['13504310002', true],
        ['043181234567', false],
      ],
    );
    const audit = await ctx.server.admin.get(
      `/api/audit-logs?subsidiaryId=${world.a.id}&action=customer.phone.unbind&entityId=${c.body.id}`,
    );
    assert.equal(audit.body.total, 1);
    assert.equal(audit.body.items[0].reason, '停机');
  });

  test('given a phone of another customer, when unbound through this customer, then 404', async () => {
    const one = await ctx.server.admin.post(base, { name: '甲', customerNo: `Q${uid()}`, phones: [{ number: '13504320001' }] });
    const two = await ctx.server.admin.post(base, { name: '乙', customerNo: `Q${uid()}` });
    const res = await ctx.server.admin.delete(`${base}/${two.body.id}/phones/${one.body.phones[0].id}`, {});
    assert.equal(res.status, 404);
  });

  test('given a customer, when blacklisted and released, then the flag, the reason and the audit follow; listing needs a reason', async () => {
    const c = await ctx.server.admin.post(base, { name: '孙八', customerNo: `K${uid()}`, phones: [{ number: '13304310001' }] });
    const url = `${base}/${c.body.id}/blacklist`;
    const noReason = await ctx.server.admin.post(url, { blacklisted: true });
    assert.equal(noReason.status, 400);
    assert.equal(detail('body.reason', noReason)!.message, '加入黑名单须填写原因');

    const on = await world.a.as.agent!.post(url, { blacklisted: true, reason: '恶意骚扰' });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.blacklisted, true);
    assert.equal(on.body.blacklistReason, '恶意骚扰');
    const listed = await ctx.server.admin.get(`${base}?blacklisted=true&pageSize=200`);
    assert.ok(listed.body.items.some((i: { id: number }) => i.id === c.body.id));
    const lookup = await ctx.server.admin.get(`/api/subsidiaries/${world.a.id}/phone-lookup?phone=13304310001`);
    assert.equal(lookup.body.matches[0].customer.blacklisted, true);
    assert.equal(lookup.body.matches[0].customer.blacklistReason, '恶意骚扰');

    const off = await ctx.server.admin.post(url, { blacklisted: false, reason: '误报' });
    assert.equal(off.body.blacklisted, false);
    assert.equal(off.body.blacklistReason, null);
    const audit = await ctx.server.admin.get(`/api/audit-logs?subsidiaryId=${world.a.id}&entityType=customer&entityId=${c.body.id}`);
    const actions = audit.body.items.map((i: { action: string }) => i.action);
    assert.ok(actions.includes('customer.blacklist.add') && actions.includes('customer.blacklist.remove'), actions.join());
  });

  test('given customers, when listed with q, then name and customer number by prefix and phone in any format find them, paged', async () => {
    const tag = uid();
    const a = await ctx.server.admin.post(base, { name: `检索甲${tag}`, customerNo: `S${tag}1`, phones: [{ number: '13204310077' }] });
    const b = await ctx.server.admin.post(base, { name: `检索乙${tag}`, customerNo: `S${tag}2`, phones: [{ number: '8555-0077' }] });
    const ids = async (q: string) =>
      (await ctx.server.admin.get(`${base}?q=${encodeURIComponent(q)}&pageSize=200`)).body.items.map((i: { id: number }) => i.id).sort();
    assert.deepEqual(await ids('检索'), [a.body.id, b.body.id].sort());
    assert.deepEqual(await ids(`检索乙${tag}`), [b.body.id]);
    assert.deepEqual(await ids(`S${tag}`), [a.body.id, b.body.id].sort());
    assert.deepEqual(await ids(`S${tag}1`), [a.body.id]);
    assert.deepEqual(await ids('+86 132 0431 0077'), [a.body.id]);
    assert.deepEqual(await ids('0431-85550077'), [b.body.id]);
    assert.deepEqual(await ids('85550077'), [b.body.id]);
    assert.deepEqual(await ids('1320431'), [a.body.id]);
    assert.deepEqual(await ids(tag), []);
    assert.deepEqual(await ids('检索%'), []);
    const page = await ctx.server.admin.get(`${base}?q=S${tag}&pageSize=1&page=2`);
    assert.equal(page.body.total, 2);
    assert.equal(page.body.items.length, 1);
    assert.equal(page.body.items[0].phones.length, 1);
  });

  test('given a user of subsidiary A, when reaching customers of B, then 403 TENANT_FORBIDDEN; a read-only role cannot write', async () => {
    const inB = await ctx.server.admin.post(`/api/subsidiaries/${world.b.id}/customers`, { name: '外部', customerNo: `B${uid()}` });
    const res = await world.a.as.agent!.get(`/api/subsidiaries/${world.b.id}/customers/${inB.body.id}`);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'TENANT_FORBIDDEN');
    const worker = await world.a.as.repair_worker!.post(base, { name: '无权', customerNo: `W${uid()}` });
    assert.equal(worker.status, 403);
    assert.equal(worker.body.code, 'FORBIDDEN');
    assert.equal((await world.a.as.repair_worker!.get(`${base}?pageSize=1`)).status, 200);
  });
});
