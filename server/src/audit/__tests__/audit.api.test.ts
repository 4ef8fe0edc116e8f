import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDb } from '../../testing/index.js';
import { routeTable } from '../../routes.js';

describeEachDb('audit log', (ctx) => {
  test('given the route table, then no route edits or deletes audit records', () => {
    const writers = routeTable.filter((r) => r.path.includes('audit') && r.method !== 'get');
    assert.deepEqual(
      writers.map((r) => r.id),
      [],
    );
  });

  test('given changes by the admin, when the audit log is filtered and paged, then it answers newest first with totals', async () => {
    const admin = ctx.server.admin;
    const root = (await admin.get('/api/auth/me')).body.orgId;
    for (let i = 0; i < 3; i++) {
      const r = await admin.post('/api/org-units', { parentId: root, type: 'division', code: `aud_${i}`, name: `审计事业部${i}` });
      assert.equal(r.status, 201);
    }
    const page1 = await admin.get('/api/audit-logs?action=org.create&pageSize=2&page=1');
    assert.equal(page1.status, 200);
    assert.equal(page1.body.total, 3);
    assert.equal(page1.body.items.length, 2);
    assert.equal(page1.body.items[0].after.code, 'aud_2');
    const page2 = await admin.get('/api/audit-logs?action=org.create&pageSize=2&page=2');
    assert.equal(page2.body.items.length, 1);
    assert.equal(page2.body.items[0].after.code, 'aud_0');
    const future = await admin.get(`/api/audit-logs?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    assert.equal(future.body.total, 0);
  });

  test('given a change that fails half way, then neither the change nor its audit record is kept', async () => {
    const admin = ctx.server.admin;
    const before = (await admin.get('/api/audit-logs?action=org.create')).body.total;
    // A duplicate code fails inside the transaction after validation.
    const root = (await admin.get('/api/auth/me')).body.orgId;
    const res = await admin.post('/api/org-units', { parentId: root, type: 'division', code: 'aud_0', name: '重复' });
    assert.equal(res.status, 409);
    assert.equal((await admin.get('/api/audit-logs?action=org.create')).body.total, before);
  });
});
