import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { createApp } from '../../app.js';
import { routeTable } from '../../routes.js';
import { defineRoute } from '../route-table.js';
import { ApiClient, describeEachDb } from '../../testing/index.js';

/** Routes that misbehave on purpose, mounted beside the real table on a second listener. */
const faultyRoutes = [
  defineRoute({
    id: 'test.crash',
    method: 'get',
    path: '/test/crash',
    summary: 'crash',
    tag: 'test',
    access: 'authenticated',
    query: z.strictObject({}),
    handler: async () => {
      throw new Error('secret internal detail');
    },
  }),
  defineRoute({
    id: 'test.unaudited',
    method: 'post',
    path: '/test/unaudited',
    summary: 'writes without audit',
    tag: 'test',
    access: 'authenticated',
    body: z.strictObject({}),
    handler: async ({ services, tx }) => {
      await services.dbs.group.query("UPDATE org_units SET name = 'hacked' WHERE parent_id IS NULL", { transaction: tx });
      return { ok: true };
    },
  }),
];

describeEachDb('error handling', (ctx) => {
  let server: http.Server;
  let client: ApiClient;
  before(async () => {
    server = http.createServer(createApp(ctx.server.services, [...routeTable, ...faultyRoutes]));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, ctx.server.admin.token);
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('given a handler that throws an unknown error, then a generic 500 without internals', async () => {
    const res = await client.get('/api/test/crash');
    assert.equal(res.status, 500);
    assert.equal(res.body.code, 'INTERNAL');
    assert.ok(!JSON.stringify(res.body).includes('secret internal detail'));
    assert.ok(res.body.requestId);
  });

  test('given a mutating handler that writes no audit record, then it fails and its change is rolled back', async () => {
    const res = await client.post('/api/test/unaudited', {});
    assert.equal(res.status, 500);
    const me = await ctx.server.admin.get('/api/auth/me');
    const root = await ctx.server.admin.get(`/api/org-units/${me.body.orgId}`);
    assert.notEqual(root.body.name, 'hacked');
  });
});
