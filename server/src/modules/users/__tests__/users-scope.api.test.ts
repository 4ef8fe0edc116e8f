import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

describeEachDb('user data scope and privilege escalation', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'scp');
  });

  const body = (orgId: number, roleIds: number[], extra: Record<string, unknown> = {}) => ({
    username: `s${uid()}`,
    password: 'Scope2026pw',
    displayName: '范围测试',
    orgId,
    roleIds,
    ...extra,
  });

  test('given the admin of subsidiary A, when listing users, then only users of A (and below) come back', async () => {
    const res = await world.a.as.subsidiary_admin.get('/api/users?pageSize=200');
    assert.equal(res.status, 200);
    const ids = res.body.items.map((u: { id: number }) => u.id);
    for (const id of Object.values(world.a.userIds)) assert.ok(ids.includes(id));
    for (const id of Object.values(world.b.userIds)) assert.ok(!ids.includes(id), 'a user of B leaked');
    assert.ok(res.body.items.every((u: { username: string }) => u.username !== 'admin'));
  });

  test('given the admin of A, when reaching a user of B, then every route answers 404 and nothing changes', async () => {
    const target = world.b.userIds.agent;
    const a = world.a.as.subsidiary_admin;
    const before = await ctx.server.admin.get(`/api/users/${target}`);
    assert.equal((await a.get(`/api/users/${target}`)).status, 404);
    assert.equal((await a.patch(`/api/users/${target}`, { displayName: '被改' })).status, 404);
    assert.equal((await a.patch(`/api/users/${target}`, { enabled: false })).status, 404);
    assert.equal((await a.post(`/api/users/${target}/password`, { password: 'Hijack2026pw' })).status, 404);
    assert.equal((await a.post(`/api/users/${target}/unlock`, {})).status, 404);
    assert.equal((await a.get(`/api/users?orgId=${world.b.id}`)).status, 404);
    assert.deepEqual((await ctx.server.admin.get(`/api/users/${target}`)).body, before.body);
  });

  test('given the admin of A, when creating a user in B or moving one of A to B, then 400 on body.orgId', async () => {
    const a = world.a.as.subsidiary_admin;
    const created = await a.post('/api/users', body(world.b.id, [world.roleIds.agent]));
    assert.equal(created.status, 400);
    assert.equal(created.body.details[0].field, 'body.orgId');
    const inStationB = await a.post('/api/users', body(world.b.stationId, [world.roleIds.agent]));
    assert.equal(inStationB.status, 400);

    const own = await a.post('/api/users', body(world.a.stationId, [world.roleIds.repair_worker]));
    assert.equal(own.status, 201);
    const moved = await a.patch(`/api/users/${own.body.id}`, { orgId: world.b.stationId });
    assert.equal(moved.status, 400);
    assert.equal(moved.body.details[0].field, 'body.orgId');
  });

  test('given the admin of A, when assigning the group admin role, then 403 and no user is created', async () => {
    const a = world.a.as.subsidiary_admin;
    const wanted = body(world.a.id, [world.roleIds.group_admin]);
    const res = await a.post('/api/users', wanted);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'FORBIDDEN');
    assert.match(res.body.message, /维护角色与权限/);
    const found = await ctx.server.admin.get(`/api/users?q=${wanted.username}`);
    assert.equal(found.body.total, 0);

    const self = await a.get('/api/auth/me');
    const promote = await a.patch(`/api/users/${self.body.id}`, { roleIds: [world.roleIds.subsidiary_admin, world.roleIds.group_admin] });
    assert.equal(promote.status, 403);
  });

  test('given a custom role holding a permission A lacks, when the admin of A assigns it, then 403', async () => {
    const role = await ctx.server.admin.post('/api/roles', {
      code: `r_${uid()}`,
      name: `字典维护${uid()}`,
      dataScope: 'subtree',
      permissions: ['dict:read', 'dict:write'],
    });
    const res = await world.a.as.subsidiary_admin.post('/api/users', body(world.a.id, [world.roleIds.agent, role.body.id]));
    assert.equal(res.status, 403);
    assert.match(res.body.message, /维护字典/);
  });

  test('given a user of A holding more permissions than the admin of A, when that admin edits or resets them, then 403', async () => {
    const boss = await ctx.server.admin.post('/api/users', body(world.a.id, [world.roleIds.group_admin]));
    assert.equal(boss.status, 201);
    const a = world.a.as.subsidiary_admin;
    assert.equal((await a.get(`/api/users/${boss.body.id}`)).status, 200, 'visible within the subtree');
    assert.equal((await a.post(`/api/users/${boss.body.id}/password`, { password: 'Takeover2026' })).status, 403);
    assert.equal((await a.patch(`/api/users/${boss.body.id}`, { enabled: false })).status, 403);
  });

  test('given roles without user:write or user:read, when they call the user routes, then 403', async () => {
    const supervisor = world.a.as.supervisor;
    assert.equal((await supervisor.get('/api/users')).status, 200);
    assert.equal((await supervisor.post('/api/users', body(world.a.id, [world.roleIds.agent]))).status, 403);
    assert.equal((await world.a.as.agent.get('/api/users')).status, 403);
    assert.equal((await world.a.as.agent.get(`/api/users/${world.a.userIds.agent}`)).status, 403);
  });

  test('given a station head of A, when listing users, then only the station subtree is visible', async () => {
    const res = await world.a.as.station_head.get('/api/users?pageSize=200');
    assert.equal(res.status, 200);
    assert.ok(res.body.items.length > 0);
    assert.ok(res.body.items.every((u: { orgId: number }) => u.orgId === world.a.stationId));
    assert.equal((await world.a.as.station_head.get(`/api/users/${world.a.userIds.subsidiary_admin}`)).status, 404);
  });
});
