import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { BUILTIN_DICTIONARIES, CORE_TICKET_TYPES } from '@warmline/contracts';
import { ensureDictionaries } from '../../../bootstrap/ensure-dictionaries.js';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

describeEachDb('dictionaries', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'dic');
  });

  const items = async (code: string, includeDisabled = false) =>
    (await ctx.server.admin.get(`/api/dictionaries/${code}/items${includeDisabled ? '?includeDisabled=true' : ''}`)).body as {
      id: number;
      code: string;
      label: string;
      enabled: boolean;
      core: boolean;
    }[];

  const newCategory = async () => {
    const code = `c_${uid()}`;
    const res = await ctx.server.admin.post('/api/dictionaries', { code, name: `类别${code}` });
    assert.equal(res.status, 201);
    return code;
  };

  test('given a fresh install, then the builtin categories and items are seeded and the core ticket types are marked core', async () => {
    const res = await world.a.as.agent.get('/api/dictionaries');
    assert.equal(res.status, 200);
    for (const dict of BUILTIN_DICTIONARIES) {
      const cat = res.body.find((c: { code: string }) => c.code === dict.code);
      assert.ok(cat, dict.code);
      assert.equal(cat.builtin, true);
      assert.equal(cat.name, dict.name);
      assert.equal(cat.itemCount, dict.items.length);
    }
    const types = (await world.a.as.agent.get('/api/dictionaries/ticket_type/items')).body;
    assert.deepEqual(
      types.map((i: { code: string }) => i.code),
      [...CORE_TICKET_TYPES],
    );
    assert.ok(types.every((i: { core: boolean }) => i.core));
    assert.equal(types[0].label, '报修');
    const urgency = await items('urgency');
    assert.deepEqual(
      urgency.map((i) => [i.code, i.label, i.core]),
      [
        ['normal', '一般', false],
        ['urgent', '紧急', false],
        ['critical', '特急', false],
      ],
    );
  });

  test('given the seed runs again after admins changed things, then nothing is duplicated or overwritten', async () => {
    const urgent = (await items('urgency')).find((i) => i.code === 'urgent')!;
    await ctx.server.admin.patch(`/api/dictionaries/urgency/items/${urgent.id}`, { label: '加急' });
    await ensureDictionaries(ctx.server.services);
    const after = await items('urgency');
    assert.equal(after.length, 3);
    assert.equal(after.find((i) => i.code === 'urgent')!.label, '加急');
    await ctx.server.admin.patch(`/api/dictionaries/urgency/items/${urgent.id}`, { label: '紧急' });
  });

  test('given the group admin, when a custom category and its items are created, edited and deleted, then reads reflect it at once', async () => {
    const code = `c_${uid()}`;
    const cat = await ctx.server.admin.post('/api/dictionaries', { code, name: `维修部位${code}`, description: '报修时选择' });
    assert.equal(cat.status, 201);
    assert.equal(cat.body.builtin, false);
    assert.equal(cat.body.itemCount, 0);

    const pipe = await ctx.server.admin.post(`/api/dictionaries/${code}/items`, {
      code: 'pipe',
      label: '管道',
      sort: 20,
      extra: { hours: 24 },
    });
    assert.equal(pipe.status, 201);
    assert.deepEqual(pipe.body.extra, { hours: 24 });
    const valve = await ctx.server.admin.post(`/api/dictionaries/${code}/items`, { code: 'valve', label: '阀门', sort: 10 });
    assert.deepEqual(
      (await items(code)).map((i) => i.code),
      ['valve', 'pipe'],
      'ordered by sort',
    );

    const dupCode = await ctx.server.admin.post(`/api/dictionaries/${code}/items`, { code: 'pipe', label: '另一个' });
    assert.equal(dupCode.status, 409);
    assert.equal(dupCode.body.details[0].field, 'body.code');
    const dupLabel = await ctx.server.admin.post(`/api/dictionaries/${code}/items`, { code: 'pipe2', label: '管道' });
    assert.equal(dupLabel.status, 409);
    assert.equal(dupLabel.body.details[0].field, 'body.label');
    const sameCodeElsewhere = await ctx.server.admin.post('/api/dictionaries/urgency/items', {
      code: `pipe_${uid()}`,
      label: `管道${uid()}`,
    });
    assert.equal(sameCodeElsewhere.status, 201);
    await ctx.server.admin.delete(`/api/dictionaries/urgency/items/${sameCodeElsewhere.body.id}`, {});

    const renamed = await ctx.server.admin.patch(`/api/dictionaries/${code}/items/${pipe.body.id}`, { label: '供热管道', extra: null });
    assert.equal(renamed.body.label, '供热管道');
    assert.equal(renamed.body.extra, null);

    const disabled = await ctx.server.admin.patch(`/api/dictionaries/${code}/items/${valve.body.id}`, { enabled: false });
    assert.equal(disabled.body.enabled, false);
    assert.deepEqual(
      (await items(code)).map((i) => i.code),
      ['pipe'],
    );
    assert.deepEqual(
      (await items(code, true)).map((i) => i.code),
      ['valve', 'pipe'],
    );
    const listed = (await ctx.server.admin.get('/api/dictionaries')).body.find((c: { code: string }) => c.code === code);
    assert.equal(listed.itemCount, 2);
    assert.equal(listed.enabledItemCount, 1);

    assert.equal((await ctx.server.admin.delete(`/api/dictionaries/${code}/items/${valve.body.id}`, { reason: '不用' })).status, 204);
    assert.deepEqual(
      (await items(code, true)).map((i) => i.code),
      ['pipe'],
    );

    const catOff = await ctx.server.admin.patch(`/api/dictionaries/${code}`, { enabled: false, name: `停用类别${code}` });
    assert.equal(catOff.body.enabled, false);
    const visible = (await ctx.server.admin.get('/api/dictionaries')).body.map((c: { code: string }) => c.code);
    assert.ok(!visible.includes(code), 'disabled categories are hidden by default');
    const all = (await ctx.server.admin.get('/api/dictionaries?includeDisabled=true')).body.map((c: { code: string }) => c.code);
    assert.ok(all.includes(code));

    assert.equal((await ctx.server.admin.delete(`/api/dictionaries/${code}`, { reason: '清理' })).status, 204);
    assert.equal((await ctx.server.admin.get(`/api/dictionaries/${code}/items`)).status, 404);

    const audit = await ctx.server.admin.get('/api/audit-logs?entityType=dict_item&action=dict.item.create&pageSize=200');
    assert.ok(audit.body.items.some((i: { entityId: string }) => i.entityId === String(pipe.body.id)));
  });

  test('given a core ticket type, when deleting or disabling it, then 409 PROTECTED; relabelling and reordering are allowed', async () => {
    const repair = (await items('ticket_type')).find((i) => i.code === 'repair')!;
    const del = await ctx.server.admin.delete(`/api/dictionaries/ticket_type/items/${repair.id}`, {});
    assert.equal(del.status, 409);
    assert.equal(del.body.code, 'PROTECTED');
    const off = await ctx.server.admin.patch(`/api/dictionaries/ticket_type/items/${repair.id}`, { enabled: false });
    assert.equal(off.status, 409);
    assert.equal(off.body.code, 'PROTECTED');
    assert.equal(off.body.details[0].field, 'body.enabled');
    assert.ok((await items('ticket_type')).some((i) => i.code === 'repair' && i.enabled));

    const relabel = await ctx.server.admin.patch(`/api/dictionaries/ticket_type/items/${repair.id}`, { label: '维修', sort: 5 });
    assert.equal(relabel.status, 200);
    assert.equal(relabel.body.core, true);
    await ctx.server.admin.patch(`/api/dictionaries/ticket_type/items/${repair.id}`, { label: '报修', sort: 10 });
  });

  test('given an admin-added ticket type, then it can be disabled, re-enabled and deleted', async () => {
    const added = await ctx.server.admin.post('/api/dictionaries/ticket_type/items', { code: `t_${uid()}`, label: `表计问题${uid()}` });
    assert.equal(added.status, 201);
    assert.equal(added.body.core, false);
    assert.equal((await ctx.server.admin.patch(`/api/dictionaries/ticket_type/items/${added.body.id}`, { enabled: false })).status, 200);
    assert.ok(!(await items('ticket_type')).some((i) => i.id === added.body.id));
    assert.equal((await ctx.server.admin.patch(`/api/dictionaries/ticket_type/items/${added.body.id}`, { enabled: true })).status, 200);
    assert.ok((await items('ticket_type')).some((i) => i.id === added.body.id));
    assert.equal((await ctx.server.admin.delete(`/api/dictionaries/ticket_type/items/${added.body.id}`, {})).status, 204);
  });

  test('given a builtin category, when deleting or disabling it, then 409 PROTECTED', async () => {
    const del = await ctx.server.admin.delete('/api/dictionaries/urgency', {});
    assert.equal(del.status, 409);
    assert.equal(del.body.code, 'PROTECTED');
    const off = await ctx.server.admin.patch('/api/dictionaries/ticket_type', { enabled: false });
    assert.equal(off.body.code, 'PROTECTED');
    const renamed = await ctx.server.admin.patch('/api/dictionaries/phone_kind', { description: '电话类别' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.description, '电话类别');
  });

  test('given bad dictionary input, then 400 with the field named', async () => {
    const code = await newCategory();
    const big = await ctx.server.admin.post(`/api/dictionaries/${code}/items`, {
      code: 'big',
      label: '大',
      extra: { blob: 'x'.repeat(2100) },
    });
    assert.equal(big.status, 400);
    assert.match(big.body.details[0].field, /^body\.extra/);
    assert.match(big.body.details[0].message, /2048/);
    const arr = await ctx.server.admin.post(`/api/dictionaries/${code}/items`, { code: 'arr', label: '数组', extra: [1, 2] });
    assert.equal(arr.status, 400);
    const badCode = await ctx.server.admin.post('/api/dictionaries', { code: 'Bad-Code', name: '坏编码' });
    assert.equal(badCode.status, 400);
    assert.equal(badCode.body.details[0].field, 'body.code');
    const dup = await ctx.server.admin.post('/api/dictionaries', { code, name: '重复' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'DUPLICATE');
    assert.equal((await ctx.server.admin.get('/api/dictionaries/no_such_dict/items')).status, 404);
    const urgent = (await items('urgency'))[0]!;
    assert.equal(
      (await ctx.server.admin.patch(`/api/dictionaries/${code}/items/${urgent.id}`, { label: '错类别' })).status,
      404,
      'item of another category',
    );
  });

  test('given subsidiary staff, then they can read dictionaries but not change them', async () => {
    const a = world.a.as.subsidiary_admin;
    assert.equal((await a.get('/api/dictionaries')).status, 200);
    assert.equal((await world.b.as.repair_worker.get('/api/dictionaries/urgency/items')).status, 200);
    assert.equal((await a.post('/api/dictionaries', { code: `c_${uid()}`, name: '越权' })).status, 403);
    const urgent = (await items('urgency'))[0]!;
    assert.equal((await a.patch(`/api/dictionaries/urgency/items/${urgent.id}`, { label: '越权' })).status, 403);
    assert.equal((await a.delete(`/api/dictionaries/urgency/items/${urgent.id}`, {})).status, 403);
  });
});
