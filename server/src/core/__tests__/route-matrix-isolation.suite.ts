import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { BUILTIN_ROLES } from '@warmline/contracts';
import { routeTable } from '../../routes.js';
import { isTenantRoute } from '../route-table.js';
import {
  buildWorld,
  dbFingerprint,
  describeEachDb,
  type TestDialect,
  loadAllFixtures,
  sendFixture,
  WORLD_PASSWORD,
  type RouteFixtures,
  type TestServer,
  type World,
} from '../../testing/index.js';
import { uniqueHex } from '../../testing/unique-hex.js';

const MARK_A = '甲方标记';
const MARK_B = '乙方标记';
const unique = uniqueHex;

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
export function isolationMatrix(dialect: TestDialect) {
  describeEachDb(
    'tenant isolation matrix (every route × every role)',
    (ctx) => {
      let world: World;
      let fixtures: RouteFixtures;
      let bSecrets: string[];
      /** Signed-in clients by user name, reused across routes (a login costs a bcrypt hash); dropped after routes that can end sessions. */
      const clients = new Map<string, Awaited<ReturnType<TestServer['login']>>>();
      const signedIn = async (username: string) => {
        let client = clients.get(username);
        if (!client) {
          client = await ctx.server.login(username, WORLD_PASSWORD);
          clients.set(username, client);
        }
        return client;
      };
      const endsSessions = (path: string) => path.startsWith('/auth/') || path.endsWith('/password');

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
            const asA = await signedIn(world.a.usernames[role.code]);
            const res = await sendFixture(asA, route, req);
            if (endsSessions(route.path)) clients.clear();
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
            !req.asGroupAdmin &&
            (route.access === 'authenticated' || (subAdminRole.permissions as readonly string[]).includes(route.access));
          const client = permitted ? await signedIn(world.a.usernames.subsidiary_admin) : ctx.server.admin;
          const res = await sendFixture(client, route, req);
          if (endsSessions(route.path)) clients.clear();
          assert.ok(
            res.status >= 200 && res.status < 300,
            `${route.id} as ${permitted ? 'subsidiary_admin@A' : 'admin'} → ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`,
          );
        });
      }
    },
    {},
    [dialect],
  );
}
