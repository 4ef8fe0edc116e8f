import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDb } from '../../../testing/index.js';

describeEachDb('org tree and subsidiary databases', (ctx) => {
  let rootId: number;
  before(async () => {
    rootId = (await ctx.server.admin.get('/api/auth/me')).body.orgId;
  });

  test('given the group root, when a division, a subsidiary and a station are added, then the subsidiary database exists at once, migrated', async () => {
    const admin = ctx.server.admin;
    const division = await admin.post('/api/org-units', { parentId: rootId, type: 'division', code: 'org_div', name: '东部事业部' });
    assert.equal(division.status, 201);
    const sub = await admin.post('/api/org-units', {
      parentId: division.body.id,
      type: 'subsidiary',
      code: 'org_sub',
      name: '城东分公司',
      areaCode: '0431',
    });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    assert.equal(sub.body.subsidiaryId, sub.body.id);
    // No restart: the subsidiary's own database answers now, with its tables.
    const tenant = await ctx.server.services.tenants.byId(sub.body.id);
    const tables = (await tenant.db.getQueryInterface().showAllTables()).map(String);
    assert.ok(tables.includes('audit_logs'), `tables: ${tables.join(',')}`);
    assert.notEqual(tenant.db, ctx.server.services.dbs.group);
    const station = await admin.post('/api/org-units', { parentId: sub.body.id, type: 'station', code: 'org_st1', name: '一站' });
    assert.equal(station.status, 201);
    assert.equal(station.body.subsidiaryId, sub.body.id);
    const list = await admin.get('/api/org-units?type=station');
    assert.ok(list.body.some((o: { code: string }) => o.code === 'org_st1'));
  });

  test('given a parent type, when a child of a type it cannot hold is added, then 400 with a Chinese field message', async () => {
    const res = await ctx.server.admin.post('/api/org-units', { parentId: rootId, type: 'station', code: 'bad_st', name: '错站' });
    assert.equal(res.status, 400);
    assert.equal(res.body.details[0].field, 'body.type');
    assert.match(res.body.details[0].message, /集团下不能建立站部/);
  });

  test('given an existing code, when another org unit takes it, then 409 DUPLICATE on body.code and nothing is written', async () => {
    const before = (await ctx.server.admin.get('/api/org-units')).body.length;
    const res = await ctx.server.admin.post('/api/org-units', { parentId: rootId, type: 'division', code: 'org_div', name: '重复' });
    assert.equal(res.status, 409);
    assert.equal(res.body.details[0].field, 'body.code');
    assert.equal((await ctx.server.admin.get('/api/org-units')).body.length, before);
  });

  test('given org units, when renamed and deleted, then each change is audited with before and after', async () => {
    const admin = ctx.server.admin;
    const d = await admin.post('/api/org-units', { parentId: rootId, type: 'division', code: 'org_tmp', name: '临时事业部' });
    const upd = await admin.patch(`/api/org-units/${d.body.id}`, { name: '改名事业部', reason: '更名' });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.name, '改名事业部');
    const del = await admin.delete(`/api/org-units/${d.body.id}`, { reason: '撤销' });
    assert.equal(del.status, 204);
    const audit = await admin.get(`/api/audit-logs?entityType=org_unit&entityId=${d.body.id}`);
    const actions = audit.body.items.map((i: { action: string }) => i.action).sort();
    assert.deepEqual(actions, ['org.create', 'org.delete', 'org.update']);
    const update = audit.body.items.find((i: { action: string }) => i.action === 'org.update');
    assert.equal(update.before.name, '临时事业部');
    assert.equal(update.after.name, '改名事业部');
    assert.equal(update.reason, '更名');
    assert.equal(update.actorName, '系统管理员');
  });

  test('given a subsidiary, when someone tries to delete it, then 409 PROTECTED (its database is kept)', async () => {
    const subs = await ctx.server.admin.get('/api/org-units?type=subsidiary');
    const res = await ctx.server.admin.delete(`/api/org-units/${subs.body[0].id}`, {});
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'PROTECTED');
  });

  test('given the group root, when disabled or deleted, then refused', async () => {
    assert.equal((await ctx.server.admin.patch(`/api/org-units/${rootId}`, { enabled: false })).status, 400);
    assert.equal((await ctx.server.admin.delete(`/api/org-units/${rootId}`, {})).status, 409);
  });
});
