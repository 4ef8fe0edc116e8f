import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDb } from '../../testing/index.js';

describeEachDb('server core', (ctx) => {
  test('given a running server, when health is asked without a token, then it answers ok', async () => {
    const res = await ctx.server.client().get('/api/health');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
  });

  test('given no token, when a protected route is called, then 401 UNAUTHENTICATED', async () => {
    const res = await ctx.server.client().get('/api/org-units');
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'UNAUTHENTICATED');
  });

  test('given an unknown path, when called, then 404 with the error shape', async () => {
    const res = await ctx.server.admin.get('/api/nope');
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'NOT_FOUND');
    assert.ok(res.body.requestId);
  });

  test('given malformed JSON, when posted, then 400 with a field detail', async () => {
    const res = await ctx.server.client().request('POST', '/api/auth/login', '{"username":', {});
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'VALIDATION_FAILED');
    assert.equal(res.body.details[0].field, 'body');
  });

  test('given a body over the size limit, when posted, then 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await ctx.server.client().post('/api/auth/login', { username: 'x'.repeat(2_000_000), password: 'y' });
    assert.equal(res.status, 413);
    assert.equal(res.body.code, 'PAYLOAD_TOO_LARGE');
  });

  test('given the OpenAPI document, when fetched without a token, then it lists every route of the table', async () => {
    const { routeTable } = await import('../../routes.js');
    const res = await ctx.server.client().get('/api/openapi.json');
    assert.equal(res.status, 200);
    for (const route of routeTable) {
      const path = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
      assert.ok(res.body.paths[path]?.[route.method], `${route.method} ${path} missing from OpenAPI`);
      assert.equal(res.body.paths[path][route.method].operationId, route.id);
    }
  });

  test('given a field of the wrong type and a missing one, when posted, then the wrong one says what it should be and only the missing one says 必填', async () => {
    const res = await ctx.server.admin.post('/api/dictionaries', { code: 5, reason: '类型测试' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.details, [
      { field: 'body.code', message: '应为文本' },
      { field: 'body.name', message: '必填' },
    ]);
  });
});
