import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { effectiveChains } from '../approval-chain.service.js';
import { DEFAULT_APPROVAL_CHAINS } from '../default-approval-chains.js';

describeEachDb('approval chains API', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'apc');
  });

  test('given a fresh installation, then every operation has the seeded group default chain', async () => {
    const res = await ctx.server.admin.get('/api/approval-chains');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { subsidiaryId: null, chains: DEFAULT_APPROVAL_CHAINS, overridden: [] });
    assert.deepEqual(await effectiveChains(ctx.server.services, world.a.id), DEFAULT_APPROVAL_CHAINS);
  });

  test('given a subsidiary override, then that subsidiary uses it, others keep the group default, and null inherits again', async () => {
    const put = await ctx.server.admin.put(`/api/subsidiaries/${world.a.id}/approval-chains`, {
      chains: { void: ['subsidiary', 'group'], return: ['station'] },
      reason: '分公司自定义',
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.overridden.sort(), ['return', 'void']);
    const a = await effectiveChains(ctx.server.services, world.a.id);
    assert.deepEqual(a.void, ['subsidiary', 'group']);
    assert.deepEqual(a.return, ['station']);
    assert.deepEqual(a.delay, DEFAULT_APPROVAL_CHAINS.delay);
    assert.deepEqual(await effectiveChains(ctx.server.services, world.b.id), DEFAULT_APPROVAL_CHAINS);

    // A later group change reaches the operations A does not override.
    await ctx.server.admin.put('/api/approval-chains', { chains: { delay: ['station', 'subsidiary'] } });
    assert.deepEqual((await effectiveChains(ctx.server.services, world.a.id)).delay, ['station', 'subsidiary']);

    const reset = await ctx.server.admin.put(`/api/subsidiaries/${world.a.id}/approval-chains`, { chains: { void: null } });
    assert.deepEqual(reset.body.overridden, ['return']);
    assert.deepEqual(reset.body.chains.void, DEFAULT_APPROVAL_CHAINS.void);
    await ctx.server.admin.put('/api/approval-chains', { chains: { delay: DEFAULT_APPROVAL_CHAINS.delay } });
  });

  test('given duplicate or unknown levels or operations, then 400 names the field in Chinese and nothing changes', async () => {
    const before = await ctx.server.admin.get('/api/approval-chains');
    for (const chains of [{ void: ['station', 'station'] }, { void: ['boss'] }, { fire: ['station'] }, {}]) {
      const res = await ctx.server.admin.put('/api/approval-chains', { chains });
      assert.equal(res.status, 400, JSON.stringify(chains));
      assert.ok(
        res.body.details.some((d: { field: string }) => d.field.startsWith('body.chains')),
        JSON.stringify(res.body.details),
      );
      assert.match(res.body.details[0].message, /[\u4e00-\u9fa5]/);
    }
    assert.deepEqual((await ctx.server.admin.get('/api/approval-chains')).body, before.body);
  });

  test("given a subsidiary admin, then it reads its own subsidiary's chains, not another's, and cannot change them", async () => {
    const subAdmin = world.a.as.subsidiary_admin;
    assert.equal((await subAdmin.get(`/api/subsidiaries/${world.a.id}/approval-chains`)).status, 200);
    assert.equal((await subAdmin.get(`/api/subsidiaries/${world.b.id}/approval-chains`)).status, 403);
    assert.equal((await subAdmin.put(`/api/subsidiaries/${world.a.id}/approval-chains`, { chains: { void: [] } })).status, 403);
  });
});
