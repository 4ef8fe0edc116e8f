import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';

/**
 * Roles are group-wide, so these requests are just valid; names carry no marker (a role created
 * for one subsidiary's fixture is legitimately visible to every role reader).
 */
async function createRole(env: FixtureEnv): Promise<number> {
  const u = env.unique();
  const res = await env.server.admin.post('/api/roles', {
    code: `fx_${u}`,
    name: `测试角色${u}`,
    dataScope: 'subtree',
    permissions: ['dict:read'],
  });
  if (res.status !== 201) throw new Error(`fixture role: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

export const roleFixtures: RouteFixtures = {
  'roles.permissions': async () => ({ path: '/api/permissions' }),
  'roles.list': async () => ({ path: '/api/roles' }),
  'roles.get': async (env) => ({ path: `/api/roles/${env.world.roleIds.agent}` }),
  'roles.create': async (env) => {
    const u = env.unique();
    return {
      path: '/api/roles',
      body: {
        code: `fx_${u}`,
        name: `测试角色${u}`,
        description: '测试用角色',
        dataScope: 'subtree',
        permissions: ['dict:read', 'house:read'],
        reason: '测试新增角色',
      },
    };
  },
  'roles.update': async (env) => ({
    path: `/api/roles/${await createRole(env)}`,
    body: { name: `改名角色${env.unique()}`, permissions: ['dict:read', 'building:read'], reason: '测试修改角色' },
  }),
  'roles.delete': async (env) => ({ path: `/api/roles/${await createRole(env)}`, body: { reason: '测试删除角色' } }),
};
