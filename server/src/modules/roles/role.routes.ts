import { z } from 'zod';
import {
  idParams,
  PERMISSION_CODES,
  PERMISSIONS,
  permissionItem,
  reasonSchema,
  roleCreateBody,
  roleItem,
  roleUpdateBody,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { createRole, deleteRole, getRole, listRoles, updateRole } from './role.service.js';

export const roleRoutes = [
  defineRoute({
    id: 'roles.permissions',
    method: 'get',
    path: '/permissions',
    summary: '权限清单（编码与名称）',
    tag: 'roles',
    access: 'authenticated',
    query: z.strictObject({}),
    response: z.array(permissionItem),
    handler: async () => PERMISSION_CODES.map((code) => ({ code, name: PERMISSIONS[code] })),
  }),
  defineRoute({
    id: 'roles.list',
    method: 'get',
    path: '/roles',
    summary: '角色列表（含用户数）',
    tag: 'roles',
    access: 'role:read',
    query: z.strictObject({}),
    response: z.array(roleItem),
    handler: ({ services }) => listRoles(services),
  }),
  defineRoute({
    id: 'roles.get',
    method: 'get',
    path: '/roles/:id',
    summary: '角色详情',
    tag: 'roles',
    access: 'role:read',
    params: idParams,
    query: z.strictObject({}),
    response: roleItem,
    handler: ({ services, params }) => getRole(services, params.id),
  }),
  defineRoute({
    id: 'roles.create',
    method: 'post',
    path: '/roles',
    summary: '新增角色',
    tag: 'roles',
    access: 'role:write',
    body: roleCreateBody,
    response: roleItem,
    status: 201,
    handler: ({ services, user, body, tx, audit }) => createRole(services, user, body, tx!, audit),
  }),
  defineRoute({
    id: 'roles.update',
    method: 'patch',
    path: '/roles/:id',
    summary: '修改角色（权限变更立即生效）',
    tag: 'roles',
    access: 'role:write',
    params: idParams,
    body: roleUpdateBody,
    response: roleItem,
    handler: ({ services, user, params, body, tx, audit }) => updateRole(services, user, params.id, body, tx!, audit),
  }),
  defineRoute({
    id: 'roles.delete',
    method: 'delete',
    path: '/roles/:id',
    summary: '删除角色（内置角色和使用中的角色不能删除）',
    tag: 'roles',
    access: 'role:write',
    params: idParams,
    body: z.strictObject({ reason: reasonSchema }),
    handler: async ({ services, user, params, body, tx, audit }) => {
      await deleteRole(services, user, params.id, tx!, audit, body.reason);
      return undefined;
    },
  }),
];
