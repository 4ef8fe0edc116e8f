import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { roleRoutes } from '../role.routes.js';
import { roleFixtures } from './roles.fixtures.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const unique = uniqueHex;

describeEachDb('roles route fixtures', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'fx');
  });

  test('given the roles routes, then each has a fixture', () => {
    assert.deepEqual(
      roleRoutes.filter((r) => !roleFixtures[r.id]).map((r) => r.id),
      [],
    );
  });

  for (const route of roleRoutes) {
    test(`given the fixture of ${route.id}, when the group admin sends it, then it succeeds`, async () => {
      for (const target of [world.a, world.b]) {
        const req = await roleFixtures[route.id]!({ server: ctx.server, world, target, marker: '样例', unique });
        const res = await ctx.server.admin.request(
          route.method.toUpperCase(),
          req.path,
          route.method === 'get' ? undefined : (req.body ?? {}),
        );
        assert.ok(res.status >= 200 && res.status < 300, `${route.id} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      }
    });
  }
});
