import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { ADMIN_PASSWORD, describeEachDb } from '../../testing/index.js';

describeEachDb(
  'authentication',
  (ctx) => {
    test('given the admin password from config, when admin signs in, then a token works on protected routes', async () => {
      const res = await ctx.server.client().post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
      assert.equal(res.status, 200);
      assert.ok(res.body.token.length >= 40);
      const me = await ctx.server.client(res.body.token).get('/api/auth/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.username, 'admin');
      assert.ok(me.body.permissions.includes('org:write'));
      assert.deepEqual(
        me.body.roles.map((r: { code: string }) => r.code),
        ['group_admin'],
      );
    });

    test('given the stored password, then it is a bcrypt hash and never the plain text', async () => {
      const [rows] = await ctx.server.services.dbs.group.query("SELECT password_hash FROM users WHERE username = 'admin'");
      const hash = (rows as { password_hash: string }[])[0].password_hash;
      assert.match(hash, /^\$2[aby]\$\d\d\$/);
      assert.ok(!hash.includes(ADMIN_PASSWORD));
    });

    test('given a wrong password, when signing in, then 401 INVALID_CREDENTIALS in Chinese and a failed login is logged', async () => {
      const res = await ctx.server.client().post('/api/auth/login', { username: 'admin', password: 'wrong-password-1' });
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'INVALID_CREDENTIALS');
      assert.equal(res.body.message, '用户名或密码错误');
      const logs = await ctx.server.admin.get('/api/login-logs?username=admin&success=false');
      assert.equal(logs.status, 200);
      assert.ok(logs.body.items.some((l: { reason: string }) => l.reason === 'bad_password'));
    });

    test('given an unknown user, when signing in, then the same answer as a wrong password (no user enumeration)', async () => {
      const res = await ctx.server.client().post('/api/auth/login', { username: 'nobody', password: 'whatever-123' });
      assert.equal(res.status, 401);
      assert.equal(res.body.message, '用户名或密码错误');
    });

    test('given a signed-in session, when it logs out, then the token no longer works and the logout is audited', async () => {
      const c = await ctx.server.login('admin', ADMIN_PASSWORD);
      const out = await c.post('/api/auth/logout', {});
      assert.equal(out.status, 204);
      const again = await c.get('/api/auth/me');
      assert.equal(again.status, 401);
      const audit = await ctx.server.admin.get('/api/audit-logs?action=auth.logout');
      assert.ok(audit.body.total >= 1);
    });

    test('given a garbage or missing bearer token, then 401', async () => {
      assert.equal((await ctx.server.client('garbage').get('/api/auth/me')).status, 401);
      assert.equal(
        (await ctx.server.client().request('GET', '/api/auth/me', undefined, { headers: { authorization: 'Basic x' } })).status,
        401,
      );
    });

    test('given repeated wrong passwords, when the threshold is reached, then the account locks even for the right password, and unlocks after the lock time', async () => {
      // The lockout here is 3 attempts for 1.2 s (see the env below).
      for (let i = 0; i < 2; i++) {
        assert.equal((await ctx.server.client().post('/api/auth/login', { username: 'admin', password: 'bad-pass-123' })).status, 401);
      }
      const third = await ctx.server.client().post('/api/auth/login', { username: 'admin', password: 'bad-pass-123' });
      assert.equal(third.status, 423);
      assert.equal(third.body.code, 'ACCOUNT_LOCKED');
      const right = await ctx.server.client().post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
      assert.equal(right.status, 423, 'locked even with the right password');
      await sleep(1_400);
      const after = await ctx.server.client().post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
      assert.equal(after.status, 200);
    });
  },
  { WARMLINE_LOCKOUT_THRESHOLD: '3', WARMLINE_LOCKOUT_MINUTES: '0.02' },
);
