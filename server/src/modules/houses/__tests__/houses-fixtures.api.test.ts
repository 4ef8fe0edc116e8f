import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, sendFixture, type World } from '../../../testing/index.js';
import { customerRoutes } from '../../customers/customer.routes.js';
import { customerFixtures } from '../../customers/__tests__/customers.fixtures.js';
import { houseRoutes } from '../house.routes.js';
import { houseFixtures } from './houses.fixtures.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const unique = uniqueHex;
const routes = [...houseRoutes, ...customerRoutes];
const fixtures = { ...houseFixtures, ...customerFixtures };

describeEachDb('houses and customers route fixtures', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'hfx');
  });

  test('given the houses and customers routes, then each has a fixture', () => {
    assert.deepEqual(
      routes.filter((r) => !fixtures[r.id]).map((r) => r.id),
      [],
    );
  });

  for (const route of routes) {
    test(`given the fixture of ${route.id}, when the group admin sends it, then it succeeds`, async () => {
      for (const target of [world.a, world.b]) {
        const req = await fixtures[route.id]!({ server: ctx.server, world, target, marker: '样例', unique });
        const res = await sendFixture(ctx.server.admin, route, req);
        assert.ok(res.status >= 200 && res.status < 300, `${route.id} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      }
    });
  }
});
