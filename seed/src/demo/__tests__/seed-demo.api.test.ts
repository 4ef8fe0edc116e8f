import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { BUILTIN_ROLES } from '@warmline/contracts';
import { describeEachDb } from '@warmline/server/testing';
import { auditCount, samplePhones, tenantCounts } from '@warmline/server/seeding';
import { callerSpellings } from '../../gen/phones.js';
import { Prng } from '../../gen/prng.js';
import { DEMO_PASSWORD, demoAccounts } from '../demo-accounts.js';
import { DEMO_GROUP_NAME, DEMO_HOUSEHOLDS, DEMO_SUBSIDIARIES } from '../demo-org.js';
import { seedDemo, type DemoSeedSummary } from '../seed-demo.js';

describeEachDb('seed: demo data set', (ctx) => {
  let summary: DemoSeedSummary;
  const subsidiaryIds: Record<string, number> = {};

  before(async () => {
    summary = await seedDemo(ctx.server.services);
    const subs = await ctx.server.admin.get('/api/org-units?type=subsidiary');
    for (const s of subs.body) subsidiaryIds[s.code] = s.id;
  });

  test('given an empty installation, when the demo is seeded, then the org tree has the group, 2 divisions, 3 subsidiaries with databases and 18 stations', async () => {
    // Then
    assert.equal(summary.seeded, true);
    assert.ok(summary.seconds < 60, `demo seed took ${summary.seconds} s`);
    const all = await ctx.server.admin.get('/api/org-units');
    assert.equal(all.status, 200);
    const byType = (t: string) => all.body.filter((o: any) => o.type === t);
    assert.deepEqual(
      byType('group').map((o: any) => o.name),
      [DEMO_GROUP_NAME],
    );
    assert.deepEqual(
      byType('division').map((o: any) => o.name),
      ['中部事业部', '东部事业部'],
    );
    assert.deepEqual(
      byType('subsidiary').map((o: any) => [o.code, o.name, o.areaCode]),
      [
        ['changchun', '长春分公司', '0431'],
        ['jilin', '吉林分公司', '0432'],
        ['yanbian', '延边分公司', '0433'],
      ],
    );
    assert.equal(byType('station').length, 18);
    assert.ok(byType('team').length >= 3 && byType('grid').length >= 6);
    for (const s of DEMO_SUBSIDIARIES) {
      const stations = byType('station').filter((o: any) => o.subsidiaryId === subsidiaryIds[s.code]);
      assert.equal(stations.length, s.stations.length, s.code);
    }
  });

  test('given the seeded demo, then each subsidiary database holds its houses, customers and phones (5,000 houses in all), each customer with 1–3 phones', async () => {
    let houses = 0;
    for (const s of DEMO_SUBSIDIARIES) {
      const counts = await tenantCounts(ctx.server.services, subsidiaryIds[s.code]);
      assert.equal(counts.houses, s.households, s.code);
      assert.equal(counts.customers, s.households, s.code);
      assert.ok(counts.phones >= counts.customers && counts.phones <= 3 * counts.customers, `${s.code}: ${counts.phones} phones`);
      assert.ok(counts.phones > 1.2 * counts.customers, `${s.code}: some customers have several phones`);
      const listed = await ctx.server.admin.get(`/api/subsidiaries/${subsidiaryIds[s.code]}/houses?pageSize=1`);
      assert.equal(listed.status, 200);
      assert.equal(listed.body.total, s.households);
      houses += listed.body.total;
    }
    assert.equal(houses, DEMO_HOUSEHOLDS);
    assert.equal(DEMO_HOUSEHOLDS, 5_000);
  });

  test('given the seeded demo, then the building tree runs heat source → substation → community → building → unit and every community has a station of its subsidiary', async () => {
    const id = subsidiaryIds.changchun;
    const tree = await ctx.server.admin.get(`/api/subsidiaries/${id}/buildings`);
    assert.equal(tree.status, 200);
    const stations = (await ctx.server.admin.get('/api/org-units?type=station')).body
      .filter((o: any) => o.subsidiaryId === id)
      .map((o: any) => o.id);
    const heatSource = tree.body.nodes[0];
    assert.equal(heatSource.name, '长青热源厂');
    assert.deepEqual(
      [heatSource.type, heatSource.children[0].type, heatSource.children[0].children[0].type],
      ['heat_source', 'substation', 'community'],
    );
    const communities = tree.body.nodes.flatMap((h: any) => h.children.flatMap((s: any) => s.children));
    assert.ok(communities.length >= 8, `${communities.length} communities`);
    assert.ok(communities.every((c: any) => stations.includes(c.stationId)));
    assert.ok(new Set(communities.map((c: any) => c.stationId)).size > 1, 'communities spread over stations');
    const unit = communities[0].children[0].children[0];
    assert.deepEqual([unit.type, unit.name], ['unit', '1单元']);
    const houses = await ctx.server.admin.get(`/api/subsidiaries/${id}/houses?unitId=${unit.id}&pageSize=3`);
    assert.equal(houses.body.items[0].address, `${communities[0].name} 1号楼 1单元 101`);
    assert.match(houses.body.items[0].customerName, /^[\u4e00-\u9fa5]{2,3}$/);
  });

  test('given the seeded demo, when a user of every builtin role signs in with the demo password, then they are in with that role', async () => {
    const accounts = demoAccounts();
    for (const role of BUILTIN_ROLES) {
      const account = accounts.find((a) => a.role === role.code);
      assert.ok(account, `a demo account for ${role.code}`);
      const client = await ctx.server.login(account.username, DEMO_PASSWORD);
      const me = await client.get('/api/auth/me');
      assert.equal(me.status, 200);
      assert.deepEqual(
        me.body.roles.map((r: any) => r.code),
        [role.code],
      );
    }
    const users = await ctx.server.admin.get('/api/users?pageSize=200');
    assert.equal(users.status, 200, JSON.stringify(users.body));
    const agent = users.body.items.find((u: any) => u.username === 'cc.agent1');
    assert.deepEqual([agent.agentNo, agent.ipPhone], ['CC1001', 'sip:43101@pbx.changchun.warmline.local']);
    const worker = users.body.items.find((u: any) => u.username === 'cc.st01.repair1');
    assert.match(worker.mobileDeviceId, /^android-cc-[0-9a-f]{12}$/);
    assert.match(worker.mobile, /^1[3-9]\d{9}$/);
  });

  test('given the seeded demo, when an agent looks up a seeded customer by phone in any spelling, then the customer is found', async () => {
    const agent = await ctx.server.login('cc.agent1', DEMO_PASSWORD);
    const rng = new Prng(7);
    const sample = await samplePhones(ctx.server.services, subsidiaryIds.changchun, 60, () => rng.next());
    const landline = sample.find((p) => p.kind === 'landline');
    const mobile = sample.find((p) => p.kind === 'mobile');
    assert.ok(landline && mobile);
    for (const phone of [landline, mobile]) {
      for (const spelling of callerSpellings(phone.normalized, phone.kind, '0431')) {
        const res = await agent.get(`/api/phone-lookup?phone=${encodeURIComponent(spelling)}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.ok(
          res.body.matches.some((m: any) => m.customer.id === phone.customerId && m.subsidiaryId === subsidiaryIds.changchun),
          `${spelling} → customer ${phone.customerId}`,
        );
        assert.ok(
          res.body.matches.every((m: any) => m.subsidiaryId === subsidiaryIds.changchun),
          'an agent sees only their subsidiary',
        );
      }
    }
  });

  test('given the seeded demo, then each database holds exactly one seed.demo audit record, and seeding again changes nothing', async () => {
    assert.equal(await auditCount(ctx.server.services, 'seed.demo'), 1);
    for (const s of DEMO_SUBSIDIARIES) assert.equal(await auditCount(ctx.server.services, 'seed.demo', subsidiaryIds[s.code]), 1, s.code);
    const before = await Promise.all(DEMO_SUBSIDIARIES.map((s) => tenantCounts(ctx.server.services, subsidiaryIds[s.code])));
    const users = (await ctx.server.admin.get('/api/users?pageSize=1')).body.total;

    const again = await seedDemo(ctx.server.services);

    assert.equal(again.seeded, false);
    assert.deepEqual(await Promise.all(DEMO_SUBSIDIARIES.map((s) => tenantCounts(ctx.server.services, subsidiaryIds[s.code]))), before);
    assert.equal((await ctx.server.admin.get('/api/users?pageSize=1')).body.total, users);
    assert.equal(await auditCount(ctx.server.services, 'seed.demo'), 1);
  });
});
