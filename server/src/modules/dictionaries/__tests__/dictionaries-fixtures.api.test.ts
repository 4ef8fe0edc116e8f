import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { dictionaryRoutes } from '../dictionary.routes.js';
import { dictionaryFixtures } from './dictionaries.fixtures.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const unique = uniqueHex;

describeEachDb('dictionaries route fixtures', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'fx');
  });

  test('given the dictionaries routes, then each has a fixture', () => {
    assert.deepEqual(
      dictionaryRoutes.filter((r) => !dictionaryFixtures[r.id]).map((r) => r.id),
      [],
    );
  });

  for (const route of dictionaryRoutes) {
    test(`given the fixture of ${route.id}, when the group admin sends it, then it succeeds`, async () => {
      for (const target of [world.a, world.b]) {
        const req = await dictionaryFixtures[route.id]!({ server: ctx.server, world, target, marker: '样例', unique });
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
