import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { before, test } from 'node:test';
import { BUILTIN_ROLES } from '@warmline/contracts';
import { routeTable } from '../../routes.js';
import { isTenantRoute } from '../route-table.js';
import {
  buildWorld,
  dbFingerprint,
  describeEachDb,
  loadAllFixtures,
  sendFixture,
  WORLD_PASSWORD,
  type RouteFixtures,
  type TestServer,
  type World,
} from '../../testing/index.js';

const MARK_A = '甲方标记';
const MARK_B = '乙方标记';
const unique = () => crypto.randomBytes(3).toString('hex');

async function fingerprintOfB(server: TestServer, world: World) {
  const tenant = await server.services.tenants.byId(world.b.id);
  const group = server.services.dbs.group;
  const bPath = (await server.services.orgs.get(world.b.id))!.path;
  const [orgs] = await group.query('SELECT id, name, enabled, updated_at FROM org_units WHERE path LIKE ? ORDER BY id', {
    replacements: [`${bPath}%`],
  });
  const ids = (orgs as { id: number }[]).map((o) => o.id).join(',') || '0';
  const [users] = await group.query(`SELECT * FROM users WHERE org_id IN (${ids}) ORDER BY id`);
  const [groupAudit] = await group.query(`SELECT COUNT(*) AS n FROM audit_logs WHERE org_id IN (${ids})`);
  const scrub = (rows: unknown) =>
    (rows as Record<string, unknown>[]).map(({ last_login_at: _a, failed_logins: _b, locked_until: _c, ...rest }) => rest);
  return JSON.stringify({ tenant: await dbFingerprint(tenant.db), orgs, users: scrub(users), groupAudit });
}

/**
 * Tenant isolation, generated from the route table: for every route and every builtin role, a user of
 * subsidiary A aims a valid request at subsidiary B's data. It must be refused (403/404), or succeed
 * without returning or changing anything of B. A positive control shows each request is valid for its
 * own tenant, so the refusals come from isolation and not from a broken request.
 */
describeEachDb('tenant isolation matrix (every route × every role)', (ctx) => {
  let world: World;
  let fixtures: RouteFixtures;
  let bSecrets: string[];

  before(async () => {
    world = await buildWorld(ctx.server, 'iso');
    fixtures = await loadAllFixtures();
    bSecrets = [MARK_B, world.b.code, ...Object.values(world.b.usernames)];
  });

  test('given the route table, then every route has a fixture', () => {
    const missing = routeTable.filter((r) => !fixtures[r.id]).map((r) => r.id);
    assert.deepEqual(missing, [], `routes without a fixture: ${missing.join(', ')}`);
  });

  for (const route of routeTable.filter((r) => r.access !== 'public')) {
    test(`given ${route.method.toUpperCase()} /api${route.path} aimed at subsidiary B, when each role of A calls it, then B stays unreachable`, async () => {
      for (const role of BUILTIN_ROLES) {
        const req = await fixtures[route.id]({ server: ctx.server, world, target: world.b, marker: MARK_B, unique });
        const before = await fingerprintOfB(ctx.server, world);
        const asA = await ctx.server.login(world.a.usernames[role.code], WORLD_PASSWORD);
        const res = await sendFixture(asA, route, req);
        const where = `${route.id} as ${role.code}@A → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        assert.ok(res.status < 500, where);
        if (isTenantRoute(route)) assert.equal(res.status, 403, where);
        if (res.status < 300 && !Buffer.isBuffer(res.body)) {
          const text = JSON.stringify(res.body ?? '');
          for (const secret of bSecrets) assert.ok(!text.includes(secret), `${where}: response leaks "${secret}"`);
        }
        assert.equal(await fingerprintOfB(ctx.server, world), before, `${where}: B's data changed`);
      }
    });

    test(`given ${route.method.toUpperCase()} /api${route.path} aimed at the caller's own subsidiary, when permitted, then it succeeds`, async () => {
      const req = await fixtures[route.id]({ server: ctx.server, world, target: world.a, marker: MARK_A, unique });
      const subAdminRole = BUILTIN_ROLES.find((r) => r.code === 'subsidiary_admin')!;
      const permitted =
        !req.asGroupAdmin && (route.access === 'authenticated' || (subAdminRole.permissions as readonly string[]).includes(route.access));
      const client = permitted ? await ctx.server.login(world.a.usernames.subsidiary_admin, WORLD_PASSWORD) : ctx.server.admin;
      const res = await sendFixture(client, route, req);
      assert.ok(
        res.status >= 200 && res.status < 300,
        `${route.id} as ${permitted ? 'subsidiary_admin@A' : 'admin'} → ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`,
      );
    });
  }
});
