import { z } from 'zod';
import { loginBody, loginLogItem, loginLogQuery, loginResponse, meResponse, pageOf } from '@warmline/contracts';
import { defineRoute } from '../core/route-table.js';
import { listLoginLogs } from './login-log.query.js';

export const authRoutes = [
  defineRoute({
    id: 'auth.login',
    method: 'post',
    path: '/auth/login',
    summary: '登录',
    tag: 'auth',
    access: 'public',
    body: loginBody,
    response: loginResponse,
    audit: 'self-audited',
    handler: ({ services, body, req }) =>
      services.auth.login(body.username, body.password, { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null }),
  }),
  defineRoute({
    id: 'auth.logout',
    method: 'post',
    path: '/auth/logout',
    summary: '退出登录',
    tag: 'auth',
    access: 'authenticated',
    body: z.strictObject({}),
    handler: async ({ services, user, audit, tx }) => {
      await audit({ action: 'auth.logout', entityType: 'user', entityId: user.id, orgId: user.orgId });
      await services.auth.logout(user, tx);
      return undefined;
    },
  }),
  defineRoute({
    id: 'auth.me',
    method: 'get',
    path: '/auth/me',
    summary: '当前用户信息与权限',
    tag: 'auth',
    access: 'authenticated',
    query: z.strictObject({}),
    response: meResponse,
    handler: async ({ user }) => ({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      orgId: user.orgId,
      orgName: user.orgName,
      subsidiaryId: user.subsidiaryId,
      roles: user.roles,
      permissions: [...user.permissions].sort(),
    }),
  }),
  defineRoute({
    id: 'auth.loginLogs',
    method: 'get',
    path: '/login-logs',
    summary: '登录日志',
    tag: 'auth',
    access: 'login-log:read',
    query: loginLogQuery,
    response: pageOf(loginLogItem),
    handler: ({ services, user, query }) => listLoginLogs(services, user, query),
  }),
];
