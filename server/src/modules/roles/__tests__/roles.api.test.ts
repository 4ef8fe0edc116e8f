import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { BUILTIN_ROLES, PERMISSION_CODES, PERMISSIONS } from '@warmline/contracts';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

describeEachDb('roles and permissions', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'rol');
  });

  const newRole = (extra: Record<string, unknown> = {}) => {
    const u = uid();
    return { code: `r_${u}`, name: `角色${u}`, dataScope: 'subtree', permissions: ['dict:read'], ...extra };
  };

  test('given any signed-in user, when asking for the permission list, then every code comes with its Chinese name', async () => {
    const res = await world.a.as.repair_worker.get('/api/permissions');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body,
      PERMISSION_CODES.map((code) => ({ code, name: PERMISSIONS[code] })),
    );
    assert.equal((await ctx.server.client().get('/api/permissions')).status, 401);
  });

  test('given the builtin roles, when listed, then each is builtin with its permissions and user count', async () => {
    const res = await world.a.as.subsidiary_admin.get('/api/roles');
    assert.equal(res.status, 200);
    for (const builtin of BUILTIN_ROLES) {
      const role = res.body.find((r: { code: string }) => r.code === builtin.code);
      assert.ok(role, builtin.code);
      assert.equal(role.builtin, true);
      assert.deepEqual([...role.permissions].sort(), [...builtin.permissions].sort());
    }
    const agent = res.body.find((r: { code: string }) => r.code === 'agent');
    assert.ok(agent.userCount >= 2, 'one agent in A and one in B');
    const one = await world.a.as.subsidiary_admin.get(`/api/roles/${agent.id}`);
    assert.equal(one.body.userCount, agent.userCount);
    assert.equal((await ctx.server.admin.get('/api/roles/999999')).status, 404);
  });

  test('given the group admin, when creating, editing and deleting a custom role, then each step is saved and audited', async () => {
    const body = newRole({ description: '临时角色', permissions: ['house:read', 'dict:read', 'dict:read'] });
    const created = await ctx.server.admin.post('/api/roles', body);
    assert.equal(created.status, 201);
    assert.equal(created.body.builtin, false);
    assert.equal(created.body.userCount, 0);
    assert.deepEqual(created.body.permissions, ['dict:read', 'house:read'], 'deduplicated, in catalogue order');

    const dup = await ctx.server.admin.post('/api/roles', newRole({ code: body.code }));
    assert.equal(dup.status, 409);
    assert.equal(dup.body.details[0].field, 'body.code');
    const dupName = await ctx.server.admin.post('/api/roles', newRole({ name: body.name }));
    assert.equal(dupName.status, 409);
    assert.equal(dupName.body.details[0].field, 'body.name');

    const updated = await ctx.server.admin.patch(`/api/roles/${created.body.id}`, {
      name: `${body.name}改`,
      dataScope: 'self',
      permissions: ['building:read'],
      reason: '调整',
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.dataScope, 'self');
    assert.deepEqual(updated.body.permissions, ['building:read']);

    const deleted = await ctx.server.admin.delete(`/api/roles/${created.body.id}`, { reason: '不再使用' });
    assert.equal(deleted.status, 204);
    assert.equal((await ctx.server.admin.get(`/api/roles/${created.body.id}`)).status, 404);

    const audit = await ctx.server.admin.get(`/api/audit-logs?entityType=role&entityId=${created.body.id}`);
    assert.deepEqual(audit.body.items.map((i: { action: string }) => i.action).sort(), ['role.create', 'role.delete', 'role.update']);
  });

  test('given bad role input, then 400 with Chinese field messages', async () => {
    const badCode = await ctx.server.admin.post('/api/roles', newRole({ code: 'Bad Code' }));
    assert.equal(badCode.status, 400);
    assert.equal(badCode.body.details[0].field, 'body.code');
    assert.match(badCode.body.details[0].message, /角色编码须以小写字母开头/);
    const badPermission = await ctx.server.admin.post('/api/roles', newRole({ permissions: ['everything'] }));
    assert.equal(badPermission.status, 400);
    assert.match(badPermission.body.details[0].field, /^body\.permissions/);
  });

  test('given builtin roles, when deleting one or reducing the group admin role, then 409 PROTECTED; renaming is allowed', async () => {
    for (const code of ['agent', 'group_admin']) {
      const res = await ctx.server.admin.delete(`/api/roles/${world.roleIds[code]}`, {});
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'PROTECTED');
    }
    const reduce = await ctx.server.admin.patch(`/api/roles/${world.roleIds.group_admin}`, { permissions: ['org:read'] });
    assert.equal(reduce.status, 409);
    assert.equal(reduce.body.code, 'PROTECTED');
    const narrow = await ctx.server.admin.patch(`/api/roles/${world.roleIds.group_admin}`, { dataScope: 'self' });
    assert.equal(narrow.body.code, 'PROTECTED');
    assert.ok((await ctx.server.admin.get('/api/auth/me')).body.permissions.includes('role:write'));

    const renamed = await ctx.server.admin.patch(`/api/roles/${world.roleIds.leader}`, { name: '公司领导' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, '公司领导');
    await ctx.server.admin.patch(`/api/roles/${world.roleIds.leader}`, { name: '领导' });
  });

  test('given a custom role assigned to a user, when deleting it, then 409 CONFLICT until the user no longer has it', async () => {
    const role = await ctx.server.admin.post('/api/roles', newRole());
    const user = await ctx.server.admin.post('/api/users', {
      username: `r${uid()}`,
      password: 'Roles2026pw',
      displayName: '用角色的人',
      orgId: world.a.id,
      roleIds: [role.body.id],
    });
    const res = await ctx.server.admin.delete(`/api/roles/${role.body.id}`, {});
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'CONFLICT');
    assert.match(res.body.message, /已分配给 1 个用户/);
    await ctx.server.admin.patch(`/api/users/${user.body.id}`, { roleIds: [world.roleIds.agent] });
    assert.equal((await ctx.server.admin.delete(`/api/roles/${role.body.id}`, {})).status, 204);
  });

  test('given a signed-in user, when the admin edits their role, then the new permissions apply on the very next request', async () => {
    const role = await ctx.server.admin.post('/api/roles', newRole({ permissions: ['dict:read'] }));
    const username = `r${uid()}`;
    await ctx.server.admin.post('/api/users', {
      username,
      password: 'Roles2026pw',
      displayName: '即时生效',
      orgId: world.a.id,
      roleIds: [role.body.id],
    });
    const client = await ctx.server.login(username, 'Roles2026pw');
    assert.equal((await client.get('/api/users')).status, 403);

    await ctx.server.admin.patch(`/api/roles/${role.body.id}`, { permissions: ['dict:read', 'user:read'] });
    assert.equal((await client.get('/api/users')).status, 200);

    await ctx.server.admin.patch(`/api/roles/${role.body.id}`, { permissions: ['dict:read'] });
    assert.equal((await client.get('/api/users')).status, 403);
  });

  test('given subsidiary staff, when writing roles, then 403 (role:write is group-only)', async () => {
    assert.equal((await world.a.as.subsidiary_admin.post('/api/roles', newRole())).status, 403);
    assert.equal((await world.a.as.subsidiary_admin.patch(`/api/roles/${world.roleIds.agent}`, { name: '改' })).status, 403);
    assert.equal((await world.a.as.agent.get('/api/roles')).status, 403);
  });

  test('given a custom role holder with role:write but not user:write, when granting user:write to a role, then 403', async () => {
    const manager = await ctx.server.admin.post('/api/roles', newRole({ permissions: ['role:read', 'role:write', 'dict:read'] }));
    const username = `r${uid()}`;
    await ctx.server.admin.post('/api/users', {
      username,
      password: 'Roles2026pw',
      displayName: '角色管理员',
      orgId: world.a.id,
      roleIds: [manager.body.id],
    });
    const client = await ctx.server.login(username, 'Roles2026pw');
    const grant = await client.post('/api/roles', newRole({ permissions: ['dict:read', 'user:write'] }));
    assert.equal(grant.status, 403);
    assert.match(grant.body.message, /维护用户/);
    const selfPromote = await client.patch(`/api/roles/${manager.body.id}`, {
      permissions: ['role:read', 'role:write', 'dict:read', 'org:write'],
    });
    assert.equal(selfPromote.status, 403);
    const editAgent = await client.patch(`/api/roles/${world.roleIds.agent}`, { name: '坐席X' });
    assert.equal(editAgent.status, 403, 'the agent role holds permissions this caller lacks');
    const within = await client.post('/api/roles', newRole({ permissions: ['dict:read'] }));
    assert.equal(within.status, 201);
  });
});
