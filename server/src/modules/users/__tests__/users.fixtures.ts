import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';

export const FIXTURE_USER_PASSWORD = 'Fixture2026pw';

/** A fresh agent in the target subsidiary's office, named with the marker; returns its id. */
export async function createTargetUser(env: FixtureEnv): Promise<number> {
  const res = await env.server.admin.post('/api/users', {
    username: `fx${env.unique()}`,
    password: FIXTURE_USER_PASSWORD,
    displayName: `用户${env.marker}`,
    orgId: env.target.id,
    roleIds: [env.world.roleIds.agent],
  });
  if (res.status !== 201) throw new Error(`fixture user: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

/** Fixtures for the users routes (see testing/route-fixture.ts). */
export const userFixtures: RouteFixtures = {
  'users.list': async (env) => {
    await createTargetUser(env);
    return { path: `/api/users?orgId=${env.target.id}&pageSize=50` };
  },
  'users.get': async (env) => ({ path: `/api/users/${await createTargetUser(env)}` }),
  'users.create': async (env) => {
    const u = env.unique();
    return {
      path: '/api/users',
      body: {
        username: `fx${u}`,
        password: FIXTURE_USER_PASSWORD,
        displayName: `用户${env.marker}`,
        orgId: env.target.id,
        roleIds: [env.world.roleIds.agent],
        mobile: '13900000000',
        agentNo: `A${u}`,
        ipPhone: `sip-${u}`,
        mobileDeviceId: `dev-${u}`,
        reason: '测试新增用户',
      },
    };
  },
  'users.update': async (env) => ({
    path: `/api/users/${await createTargetUser(env)}`,
    body: { displayName: `改名用户${env.marker}`, ipPhone: `sip-${env.unique()}`, reason: '测试修改用户' },
  }),
  'users.resetPassword': async (env) => ({
    path: `/api/users/${await createTargetUser(env)}/password`,
    body: { password: 'Changed2026pw', reason: '测试重置密码' },
  }),
  'users.unlock': async (env) => ({
    path: `/api/users/${await createTargetUser(env)}/unlock`,
    body: { reason: '测试解除锁定' },
  }),
};
