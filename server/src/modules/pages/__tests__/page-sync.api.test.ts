import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryTypes } from 'sequelize';
import { describeEachDb, startSecondServer, type TestServer } from '../../../testing/index.js';
import { syncShippedPages } from '../page-sync.js';
import { samplePageSchema } from './page-samples.js';
import { pageDir, writePageFile } from './page-files.js';

const shippedFile = (key: string, title: string, extra: Record<string, unknown> = {}) => ({
  key,
  title,
  permission: 'org:read',
  menu: { group: '基础信息', order: 30 },
  schema: samplePageSchema(title),
  ...extra,
});

const syncAudits = async (server: TestServer, key: string) =>
  (
    await server.services.dbs.group.query<{ action: string }>(
      `SELECT action FROM audit_logs WHERE entity_type = 'page' AND entity_id = ? ORDER BY id`,
      { replacements: [key], type: QueryTypes.SELECT },
    )
  ).map((r) => r.action);

describeEachDb('shipped page sync', (ctx) => {
  const versionsOf = async (key: string) =>
    ((await ctx.server.admin.get(`/api/pages/${key}/versions`)).body.items as { version: number; source: string }[]).map((v) => [
      v.version,
      v.source,
    ]);

  test('given a new shipped file, when synced, then it becomes version 1 from the file; synced again unchanged, nothing is added', async () => {
    const dir = pageDir();
    writePageFile(dir, shippedFile('s-new', '新页面'));
    assert.deepEqual(await syncShippedPages(ctx.server.services, dir), { 's-new': 'created' });
    const page = await ctx.server.admin.get('/api/pages/s-new');
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.schema, samplePageSchema('新页面'));
    assert.deepEqual(await versionsOf('s-new'), [[1, 'shipped']]);

    assert.deepEqual(await syncShippedPages(ctx.server.services, dir), { 's-new': 'unchanged' });
    assert.deepEqual(await versionsOf('s-new'), [[1, 'shipped']]);
    assert.deepEqual(await syncAudits(ctx.server, 's-new'), ['page.sync.create']);
  });

  test('given a shipped file that changed while the page is still as shipped, when synced, then a new shipped version is live', async () => {
    const dir = pageDir();
    writePageFile(dir, shippedFile('s-upgrade', '旧版'));
    await syncShippedPages(ctx.server.services, dir);
    writePageFile(dir, shippedFile('s-upgrade', '新版', { menu: { group: '基础信息', order: 40, icon: 'fa fa-home' } }));
    assert.deepEqual(await syncShippedPages(ctx.server.services, dir), { 's-upgrade': 'updated' });

    const page = await ctx.server.admin.get('/api/pages/s-upgrade');
    assert.equal(page.body.version, 2);
    assert.equal(page.body.title, '新版');
    assert.deepEqual(page.body.menu, { group: '基础信息', order: 40, icon: 'fa fa-home' });
    assert.deepEqual(page.body.schema, samplePageSchema('新版'));
    assert.deepEqual(await versionsOf('s-upgrade'), [
      [2, 'shipped'],
      [1, 'shipped'],
    ]);
    assert.deepEqual(await syncAudits(ctx.server, 's-upgrade'), ['page.sync.create', 'page.sync.update']);
  });

  test('given a page an admin edited, when its shipped file changes, then the edit stays current and only title and menu follow the file', async () => {
    const dir = pageDir();
    writePageFile(dir, shippedFile('s-edited', '发布版'));
    await syncShippedPages(ctx.server.services, dir);
    const edited = samplePageSchema('管理员版');
    assert.equal((await ctx.server.admin.put('/api/pages/s-edited', { schema: edited })).status, 200);

    writePageFile(dir, shippedFile('s-edited', '升级版', { permission: 'dict:read' }));
    assert.deepEqual(await syncShippedPages(ctx.server.services, dir), { 's-edited': 'kept-edited' });
    const page = await ctx.server.admin.get('/api/pages/s-edited');
    assert.equal(page.body.version, 2);
    assert.deepEqual(page.body.schema, edited);
    assert.equal(page.body.title, '升级版');
    assert.equal(page.body.permission, 'dict:read');
    assert.deepEqual(await versionsOf('s-edited'), [
      [2, 'edited'],
      [1, 'shipped'],
    ]);

    // A rollback is an administrator's choice too: the newer file does not replace it either.
    assert.equal((await ctx.server.admin.post('/api/pages/s-edited/rollback', { version: 1 })).status, 200);
    assert.deepEqual(await syncShippedPages(ctx.server.services, dir), { 's-edited': 'kept-edited' });
    assert.deepEqual((await ctx.server.admin.get('/api/pages/s-edited')).body.schema, samplePageSchema('发布版'));
    assert.deepEqual(await syncAudits(ctx.server, 's-edited'), ['page.sync.create', 'page.save', 'page.sync.update', 'page.rollback']);
  });

  test('given a new file in the configured folder, when another server starts on the same databases, then its start-up sync serves the page', async () => {
    const dir = pageDir();
    writePageFile(dir, shippedFile('s-boot', '启动时同步'));
    const second = await startSecondServer(ctx.server, { pagesDir: dir });
    try {
      const res = await ctx.server.admin.get('/api/pages/s-boot');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.schema, samplePageSchema('启动时同步'));
    } finally {
      await second.close();
    }
  });
});
