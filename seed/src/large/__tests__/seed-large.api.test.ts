import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDb } from '@warmline/server/testing';
import { auditCount, tenantCounts } from '@warmline/server/seeding';
import { seedLarge } from '../seed-large.js';

describeEachDb('seed: large data set', (ctx) => {
  test('given no subsidiaries, when 3,001 households are seeded over 2, then both exist with stations and the households are spread evenly', async () => {
    const lines: string[] = [];
    const summary = await seedLarge(ctx.server.services, {
      households: 3_001,
      subsidiaries: 2,
      chunk: 1_000,
      batchSize: 300,
      onProgress: (l) => lines.push(l),
    });
    assert.equal(summary.households, 3_001);
    assert.equal(summary.added, 3_001);
    assert.equal(summary.customers, 3_001);
    assert.ok(summary.phones / summary.customers > 1.15 && summary.phones / summary.customers < 1.45, `${summary.phones} phones`);
    const subs = (await ctx.server.admin.get('/api/org-units?type=subsidiary')).body;
    assert.deepEqual(
      subs.map((s: any) => [s.code, s.areaCode]),
      [
        ['changchun', '0431'],
        ['jilin', '0432'],
      ],
    );
    const stations = (await ctx.server.admin.get('/api/org-units?type=station')).body;
    assert.equal(stations.length, 12);
    const counts = await Promise.all(summary.subsidiaryIds.map((id) => tenantCounts(ctx.server.services, id)));
    assert.deepEqual(
      counts.map((c) => c.houses),
      [1_501, 1_500],
    );
    // One transaction (and one audit record) per chunk.
    assert.equal(await auditCount(ctx.server.services, 'seed.large', summary.subsidiaryIds[0]), 2);
    assert.ok(lines.some((l) => l.includes('3,001/3,001')));
  });

  test('given the target is there, when seeded again, then nothing is added; given a larger target, then only the difference is added', async () => {
    const same = await seedLarge(ctx.server.services, { households: 3_001, subsidiaries: 2 });
    assert.equal(same.added, 0);
    assert.equal(same.households, 3_001);

    const more = await seedLarge(ctx.server.services, { households: 4_000, subsidiaries: 2, chunk: 700 });
    assert.equal(more.added, 999);
    assert.equal(more.households, 4_000);
    const house = await ctx.server.admin.get(`/api/subsidiaries/${more.subsidiaryIds[1]}/houses?pageSize=1`);
    assert.equal(house.body.total, 2_000);
    const customers = await ctx.server.admin.get(`/api/subsidiaries/${more.subsidiaryIds[1]}/customers?q=4320002000`);
    assert.equal(customers.body.total, 1, 'customer numbers continue after the existing ones');
  });
});
