import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const PASSWORD = 'Secret2026pw';
const uid = uniqueHex;

describeEachDb('users', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'usr');
  });

  const newUser = (extra: Record<string, unknown> = {}): Record<string, any> => ({
    username: `u${uid()}`,
    password: PASSWORD,
    displayName: '王小明',
    orgId: world.a.id,
    roleIds: [world.roleIds.agent],
    ...extra,
  });

  test('given valid data, when the group admin creates a user, then it is returned without any password and can sign in', async () => {
    const body = newUser({ mobile: '13912345678', agentNo: `A${uid()}` });
    const res = await ctx.server.admin.post('/api/users', body);
    assert.equal(res.status, 201);
    assert.equal(res.body.username, body.username);
    assert.equal(res.body.orgId, world.a.id);
    assert.equal(res.body.orgName, '测试分公司A');
    assert.deepEqual(
      res.body.roles.map((r: { code: string }) => r.code),
      ['agent'],
    );
    assert.equal(res.body.enabled, true);
    assert.equal(res.body.locked, false);
    const text = JSON.stringify(res.body);
    assert.ok(!text.includes('password') && !text.includes('$2'), text);

    const got = await ctx.server.admin.get(`/api/users/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.agentNo, body.agentNo);
    const signedIn = await ctx.server.login(body.username, PASSWORD);
    assert.equal((await signedIn.get('/api/auth/me')).body.username, body.username);
  });

  test('given a created user, then the audit log records it with the org and without the hash', async () => {
    const created = await ctx.server.admin.post('/api/users', newUser({ reason: '入职' }));
    const audit = await ctx.server.admin.get(`/api/audit-logs?entityType=user&entityId=${created.body.id}`);
    assert.equal(audit.status, 200);
    const entry = audit.body.items.find((i: { action: string }) => i.action === 'user.create');
    assert.ok(entry, JSON.stringify(audit.body));
    assert.equal(entry.orgId, world.a.id);
    assert.equal(entry.reason, '入职');
    assert.ok(!JSON.stringify(entry).includes('password_hash'));
  });

  test('given bad fields, when creating a user, then 400 names each field in Chinese', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ username: '1abc' }, 'body.username', /用户名须以字母开头/],
      [{ password: 'abcdefghij' }, 'body.password', /密码须同时包含字母和数字/],
      [{ password: 'short1' }, 'body.password', /密码至少 8 位/],
      [{ roleIds: [] }, 'body.roleIds', /至少选择一个角色/],
      [{ mobile: '12345' }, 'body.mobile', /手机号格式不正确/],
      [{ agentNo: '工号' }, 'body.agentNo', /坐席工号为 2–16 位字母或数字/],
      [{ orgId: 999_999 }, 'body.orgId', /组织不存在/],
      [{ roleIds: [999_999] }, 'body.roleIds', /角色不存在/],
    ];
    for (const [patch, field, message] of cases) {
      const res = await ctx.server.admin.post('/api/users', newUser(patch));
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      const detail = res.body.details.find((d: { field: string }) => d.field === field);
      assert.ok(detail, `${field}: ${JSON.stringify(res.body.details)}`);
      assert.match(detail.message, message);
    }
  });

  test('given an existing username (any letter case), when creating another, then 409 DUPLICATE on body.username', async () => {
    const first = newUser();
    assert.equal((await ctx.server.admin.post('/api/users', first)).status, 201);
    const res = await ctx.server.admin.post('/api/users', newUser({ username: first.username.toUpperCase() }));
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'DUPLICATE');
    assert.equal(res.body.details[0].field, 'body.username');
    assert.equal(res.body.details[0].message, '用户名已存在');
  });

  test('given users in several orgs, when listing with filters, then only the matching users come back, paged', async () => {
    const tag = uid();
    const stationUser = await ctx.server.admin.post(
      '/api/users',
      newUser({ displayName: `站员${tag}`, orgId: world.a.stationId, roleIds: [world.roleIds.repair_worker] }),
    );
    const officeUser = await ctx.server.admin.post('/api/users', newUser({ displayName: `客服${tag}` }));
    await ctx.server.admin.patch(`/api/users/${officeUser.body.id}`, { enabled: false });

    const byQ = await ctx.server.admin.get(`/api/users?q=${encodeURIComponent(tag)}`);
    assert.equal(byQ.status, 200);
    assert.deepEqual(byQ.body.items.map((u: { id: number }) => u.id).sort(), [stationUser.body.id, officeUser.body.id].sort());

    const byStation = await ctx.server.admin.get(`/api/users?q=${tag}&orgId=${world.a.stationId}`);
    assert.deepEqual(
      byStation.body.items.map((u: { id: number }) => u.id),
      [stationUser.body.id],
    );
    const bySubsidiary = await ctx.server.admin.get(`/api/users?q=${tag}&orgId=${world.a.id}`);
    assert.equal(bySubsidiary.body.total, 2, 'an org filter includes the org units below it');

    const byRole = await ctx.server.admin.get(`/api/users?q=${tag}&roleCode=repair_worker`);
    assert.deepEqual(
      byRole.body.items.map((u: { id: number }) => u.id),
      [stationUser.body.id],
    );
    const disabled = await ctx.server.admin.get(`/api/users?q=${tag}&enabled=false`);
    assert.deepEqual(
      disabled.body.items.map((u: { id: number }) => u.id),
      [officeUser.body.id],
    );

    const paged = await ctx.server.admin.get(`/api/users?q=${tag}&pageSize=1&page=2`);
    assert.equal(paged.body.total, 2);
    assert.equal(paged.body.items.length, 1);
    assert.equal(paged.body.page, 2);

    const wildcard = await ctx.server.admin.get('/api/users?q=%25');
    assert.equal(wildcard.body.total, 0, 'a % in q is matched literally');
  });

  test('given a user, when the admin updates name, org, mobile and roles, then the change is saved and audited with before/after', async () => {
    const created = await ctx.server.admin.post('/api/users', newUser());
    const res = await ctx.server.admin.patch(`/api/users/${created.body.id}`, {
      displayName: '李四',
      orgId: world.a.stationId,
      mobile: '13800000001',
      roleIds: [world.roleIds.station_head, world.roleIds.repair_worker],
      reason: '调岗',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.displayName, '李四');
    assert.equal(res.body.orgId, world.a.stationId);
    assert.equal(res.body.mobile, '13800000001');
    assert.deepEqual(res.body.roles.map((r: { code: string }) => r.code).sort(), ['repair_worker', 'station_head']);

    const cleared = await ctx.server.admin.patch(`/api/users/${created.body.id}`, { mobile: null });
    assert.equal(cleared.body.mobile, null);

    const audit = await ctx.server.admin.get(`/api/audit-logs?entityType=user&entityId=${created.body.id}&action=user.update`);
    const entry = audit.body.items.find((i: { reason: string }) => i.reason === '调岗');
    assert.equal(entry.before.display_name, '王小明');
    assert.equal(entry.after.display_name, '李四');
    assert.deepEqual(entry.before.roleIds, [world.roleIds.agent]);
  });

  test('given an empty patch, when updating a user, then 400', async () => {
    const res = await ctx.server.admin.patch(`/api/users/${world.a.userIds.agent}`, {});
    assert.equal(res.status, 400);
    assert.equal(res.body.details[0].message, '至少需要修改一个字段');
  });

  test('given a signed-in user, when the admin disables them, then the old token answers 401 and signing in is refused', async () => {
    const body = newUser();
    const created = await ctx.server.admin.post('/api/users', body);
    const client = await ctx.server.login(body.username, PASSWORD);
    assert.equal((await client.get('/api/auth/me')).status, 200);

    const res = await ctx.server.admin.patch(`/api/users/${created.body.id}`, { enabled: false, reason: '离职' });
    assert.equal(res.status, 200);
    assert.equal(res.body.enabled, false);
    assert.equal((await client.get('/api/auth/me')).status, 401);
    const login = await ctx.server.client().post('/api/auth/login', { username: body.username, password: PASSWORD });
    assert.equal(login.status, 403);
    assert.equal(login.body.code, 'ACCOUNT_DISABLED');

    const enabled = await ctx.server.admin.patch(`/api/users/${created.body.id}`, { enabled: true });
    assert.equal(enabled.body.enabled, true);
    await ctx.server.login(body.username, PASSWORD);
  });

  test('given a signed-in user, when their roles change, then the old token is revoked', async () => {
    const body = newUser();
    const created = await ctx.server.admin.post('/api/users', body);
    const client = await ctx.server.login(body.username, PASSWORD);
    await ctx.server.admin.patch(`/api/users/${created.body.id}`, { roleIds: [world.roleIds.supervisor] });
    assert.equal((await client.get('/api/auth/me')).status, 401);
    const again = await ctx.server.login(body.username, PASSWORD);
    assert.ok((await again.get('/api/auth/me')).body.permissions.includes('user:read'));
  });

  test('given any caller, when they try to disable themselves, then 400 and they stay enabled', async () => {
    const me = await world.a.as.subsidiary_admin.get('/api/auth/me');
    const res = await world.a.as.subsidiary_admin.patch(`/api/users/${me.body.id}`, { enabled: false });
    assert.equal(res.status, 400);
    assert.equal(res.body.details[0].field, 'body.enabled');
    assert.equal((await world.a.as.subsidiary_admin.get('/api/auth/me')).status, 200);
  });

  test('given a password reset, then the old password and old token stop working and the new password works', async () => {
    const body = newUser();
    const created = await ctx.server.admin.post('/api/users', body);
    const client = await ctx.server.login(body.username, PASSWORD);

    const weak = await ctx.server.admin.post(`/api/users/${created.body.id}/password`, { password: 'onlyletters' });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.details[0].field, 'body.password');

    const res = await ctx.server.admin.post(`/api/users/${created.body.id}/password`, { password: 'Brandnew2026', reason: '忘记密码' });
    assert.equal(res.status, 200);
    assert.ok(!JSON.stringify(res.body).includes('Brandnew2026'));
    assert.equal((await client.get('/api/auth/me')).status, 401);
    const old = await ctx.server.client().post('/api/auth/login', { username: body.username, password: PASSWORD });
    assert.equal(old.status, 401);
    await ctx.server.login(body.username, 'Brandnew2026');
  });

  test('given a user locked out by wrong passwords, when the admin unlocks them, then they can sign in again', async () => {
    const body = newUser();
    const created = await ctx.server.admin.post('/api/users', body);
    const threshold = ctx.server.services.config.lockout.threshold;
    for (let i = 0; i < threshold; i += 1) {
      await ctx.server.client().post('/api/auth/login', { username: body.username, password: 'Wrong12345' });
    }
    const locked = await ctx.server.client().post('/api/auth/login', { username: body.username, password: PASSWORD });
    assert.equal(locked.body.code, 'ACCOUNT_LOCKED');
    const shown = await ctx.server.admin.get(`/api/users/${created.body.id}`);
    assert.equal(shown.body.locked, true);
    assert.ok(shown.body.lockedUntil);

    const res = await ctx.server.admin.post(`/api/users/${created.body.id}/unlock`, { reason: '本人确认' });
    assert.equal(res.status, 200);
    assert.equal(res.body.locked, false);
    await ctx.server.login(body.username, PASSWORD);
    const audit = await ctx.server.admin.get(`/api/audit-logs?entityType=user&entityId=${created.body.id}&action=user.unlock`);
    assert.equal(audit.body.total, 1);
  });

  test('given an unknown user id, when read or changed, then 404', async () => {
    assert.equal((await ctx.server.admin.get('/api/users/999999')).status, 404);
    assert.equal((await ctx.server.admin.patch('/api/users/999999', { displayName: '无' })).status, 404);
    assert.equal((await ctx.server.admin.post('/api/users/999999/unlock', {})).status, 404);
  });
});
