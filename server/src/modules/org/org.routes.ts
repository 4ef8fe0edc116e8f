import { z } from 'zod';
import { idParams, orgCreateBody, orgListQuery, orgUnit, orgUpdateBody, reasonSchema } from '@warmline/contracts';
import { notFound } from '../../core/app-error.js';
import { defineRoute } from '../../core/route-table.js';
import { assertOrgInScope } from '../../rbac/data-scope.js';
import { createOrgUnit, deleteOrgUnit, listOrgUnits, toOrgUnit, updateOrgUnit } from './org.service.js';

export const orgRoutes = [
  defineRoute({
    id: 'org.list',
    method: 'get',
    path: '/org-units',
    summary: '组织列表（本组织及下级）',
    tag: 'org',
    access: 'org:read',
    query: orgListQuery,
    response: z.array(orgUnit),
    handler: ({ services, user, query }) => listOrgUnits(services, user, query),
  }),
  defineRoute({
    id: 'org.get',
    method: 'get',
    path: '/org-units/:id',
    summary: '组织详情',
    tag: 'org',
    access: 'org:read',
    params: idParams,
    query: z.strictObject({}),
    response: orgUnit,
    handler: async ({ services, user, params }) => {
      await assertOrgInScope(services.orgs, user, params.id, '组织');
      const row = await services.orgs.get(params.id);
      if (!row) throw notFound('组织');
      return toOrgUnit(services, row);
    },
  }),
  defineRoute({
    id: 'org.create',
    method: 'post',
    path: '/org-units',
    summary: '新增组织（新增分公司时立即创建其数据库）',
    tag: 'org',
    access: 'org:write',
    body: orgCreateBody,
    response: orgUnit,
    status: 201,
    handler: ({ services, user, body, tx, audit }) => createOrgUnit(services, user, body, tx!, audit),
  }),
  defineRoute({
    id: 'org.update',
    method: 'patch',
    path: '/org-units/:id',
    summary: '修改组织',
    tag: 'org',
    access: 'org:write',
    params: idParams,
    body: orgUpdateBody,
    response: orgUnit,
    handler: ({ services, user, params, body, tx, audit }) => updateOrgUnit(services, user, params.id, body, tx!, audit),
  }),
  defineRoute({
    id: 'org.delete',
    method: 'delete',
    path: '/org-units/:id',
    summary: '删除组织（无下级、无用户时）',
    tag: 'org',
    access: 'org:write',
    params: idParams,
    body: z.strictObject({ reason: reasonSchema }),
    handler: async ({ services, user, params, body, tx, audit }) => {
      await deleteOrgUnit(services, user, params.id, tx!, audit, body.reason);
      return undefined;
    },
  }),
];
