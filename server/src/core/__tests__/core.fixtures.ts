import type { RouteFixtures } from '../../testing/index.js';

/** Fixtures for the routes of core, auth, audit and org (see testing/route-fixture.ts). */
export const coreFixtures: RouteFixtures = {
  'health.get': async () => ({ path: '/api/health' }),
  'auth.login': async (env) => ({
    path: '/api/auth/login',
    body: { username: 'admin', password: env.server.services.config.adminPassword },
  }),
  'auth.logout': async () => ({ path: '/api/auth/logout', body: {} }),
  'auth.me': async () => ({ path: '/api/auth/me' }),
  'auth.loginLogs': async (env) => ({
    path: `/api/login-logs?username=${encodeURIComponent(env.target.usernames.subsidiary_admin)}`,
  }),
  'audit.list': async (env) => ({ path: `/api/audit-logs?subsidiaryId=${env.target.id}&pageSize=50` }),
  'org.list': async () => ({ path: '/api/org-units' }),
  'org.get': async (env) => ({ path: `/api/org-units/${env.target.stationId}` }),
  'org.create': async (env) => ({
    path: '/api/org-units',
    body: { parentId: env.target.stationId, type: 'team', code: `t_${env.unique()}`, name: `班组${env.marker}` },
  }),
  'org.update': async (env) => {
    const team = await env.server.admin.post('/api/org-units', {
      parentId: env.target.stationId,
      type: 'team',
      code: `t_${env.unique()}`,
      name: `班组${env.marker}`,
    });
    return { path: `/api/org-units/${team.body.id}`, body: { name: `改名班组${env.marker}` } };
  },
  'org.delete': async (env) => {
    const team = await env.server.admin.post('/api/org-units', {
      parentId: env.target.stationId,
      type: 'team',
      code: `t_${env.unique()}`,
      name: `班组${env.marker}`,
    });
    return { path: `/api/org-units/${team.body.id}`, body: { reason: '测试删除' } };
  },
};
