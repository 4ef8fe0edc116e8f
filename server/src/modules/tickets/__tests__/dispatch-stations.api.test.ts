import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';

/** The stations an agent picks from when dispatching: every enabled station of the subsidiary, whatever the agent's org scope. */
describeEachDb('dispatch stations', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'dst');
  });

  it('given an agent whose org scope holds no station, when they list dispatch stations, then the subsidiary’s stations are listed and no other subsidiary’s', async () => {
    const res = await world.a.as.agent.get(`/api/subsidiaries/${world.a.id}/dispatch-stations`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const ids = (res.body as Array<{ id: number; name: string }>).map((s) => s.id);
    assert.ok(ids.includes(world.a.stationId));
    assert.ok(!ids.includes(world.b.stationId));
  });

  it('given an agent of subsidiary A, when they list the stations of B, then 403', async () => {
    const res = await world.a.as.agent.get(`/api/subsidiaries/${world.b.id}/dispatch-stations`);
    assert.equal(res.status, 403);
  });
});
