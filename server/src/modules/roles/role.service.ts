import { QueryTypes, type Transaction } from 'sequelize';
import type { z } from 'zod';
import { DATA_SCOPES, type DataScope, type roleCreateBody, type roleItem, type roleUpdateBody } from '@warmline/contracts';
import type { AuthUser } from '../../auth/auth-user.js';
import type { AuditEntry } from '../../audit/audit.types.js';
import { AppError, duplicate, notFound } from '../../core/app-error.js';
import { snapshot } from '../../db/snapshot.js';
import type { Services } from '../../services.js';
import { parsePermissions, roleModel, type RoleRow } from './role.model.js';
import { assertWithinCaller, normalisePermissions } from './role.rules.js';

type Audit = (e: AuditEntry) => Promise<void>;
type RoleItem = z.infer<typeof roleItem>;

/** The role that must always keep every permission, so somebody can still administer the system. */
export const SUPER_ROLE_CODE = 'group_admin';

/** Roles are group-wide: their audit records belong to the group root, visible to group staff. */
const rootOrgId = async (services: Services) => (await services.orgs.all()).find((o) => o.parent_id === null)?.id ?? null;

const toRoleItem = (r: RoleRow, userCount: number): RoleItem => ({
  id: r.id,
  code: r.code,
  name: r.name,
  description: r.description,
  builtin: Boolean(r.builtin),
  dataScope: (r.data_scope in DATA_SCOPES ? r.data_scope : 'self') as DataScope,
  permissions: normalisePermissions(parsePermissions(r.permissions)),
  userCount,
});

async function userCounts(services: Services, tx?: Transaction): Promise<Map<number, number>> {
  const rows = await services.dbs.group.query<{ role_id: number; n: number | string }>(
    'SELECT role_id, COUNT(*) AS n FROM user_roles GROUP BY role_id',
    { type: QueryTypes.SELECT, transaction: tx },
  );
  return new Map(rows.map((r) => [Number(r.role_id), Number(r.n)]));
}

export async function listRoles(services: Services): Promise<RoleItem[]> {
  const [rows, counts] = await Promise.all([
    roleModel(services.dbs.group).findAll({ order: [['id', 'ASC']], raw: true }),
    userCounts(services),
  ]);
  return rows.map((r) => toRoleItem(r, counts.get(r.id) ?? 0));
}

export async function getRole(services: Services, id: number, tx?: Transaction): Promise<RoleItem> {
  const row = await roleModel(services.dbs.group).findByPk(id, { raw: true, transaction: tx });
  if (!row) throw notFound('角色');
  return toRoleItem(row, (await userCounts(services, tx)).get(id) ?? 0);
}

async function assertNameFree(services: Services, name: string, tx: Transaction, exceptId?: number) {
  const other = await roleModel(services.dbs.group).findOne({ where: { name }, transaction: tx, raw: true });
  if (other && other.id !== exceptId) throw duplicate('body.name', '角色名称已存在');
}

export async function createRole(
  services: Services,
  user: AuthUser,
  body: z.output<typeof roleCreateBody>,
  tx: Transaction,
  audit: Audit,
): Promise<RoleItem> {
  const permissions = normalisePermissions(body.permissions);
  assertWithinCaller(user, permissions, '角色');
  const model = roleModel(services.dbs.group);
  if (await model.findOne({ where: { code: body.code }, transaction: tx })) throw duplicate('body.code', '角色编码已存在');
  await assertNameFree(services, body.name, tx);
  const created = await model.create(
    {
      code: body.code,
      name: body.name,
      description: body.description || null,
      builtin: false,
      data_scope: body.dataScope,
      permissions: JSON.stringify(permissions),
    },
    { transaction: tx },
  );
  const row = created.get({ plain: true });
  await audit({
    action: 'role.create',
    entityType: 'role',
    entityId: row.id,
    orgId: await rootOrgId(services),
    after: row,
    reason: body.reason,
  });
  return toRoleItem(row, 0);
}

export async function updateRole(
  services: Services,
  user: AuthUser,
  id: number,
  body: z.output<typeof roleUpdateBody>,
  tx: Transaction,
  audit: Audit,
): Promise<RoleItem> {
  const row = await roleModel(services.dbs.group).findByPk(id, { transaction: tx });
  if (!row) throw notFound('角色');
  const current = normalisePermissions(parsePermissions(row.permissions));
  // Editing a role that holds more than the caller would let the caller hand those permissions around.
  assertWithinCaller(user, current, '该角色');
  const next = body.permissions === undefined ? current : normalisePermissions(body.permissions);
  if (body.permissions !== undefined) assertWithinCaller(user, next, '角色');
  if (row.code === SUPER_ROLE_CODE) {
    if (current.some((p) => !next.includes(p))) {
      throw new AppError('PROTECTED', '集团管理员角色的权限不能减少', [{ field: 'body.permissions', message: '不能移除集团管理员的权限' }]);
    }
    if (body.dataScope !== undefined && body.dataScope !== 'subtree') {
      throw new AppError('PROTECTED', '集团管理员角色的数据范围不能缩小', [{ field: 'body.dataScope', message: '必须为本组织及下级' }]);
    }
  }
  if (body.name !== undefined) await assertNameFree(services, body.name, tx, id);
  const before = snapshot(row);
  await row.update(
    {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.description !== undefined && { description: body.description || null }),
      ...(body.dataScope !== undefined && { data_scope: body.dataScope }),
      ...(body.permissions !== undefined && { permissions: JSON.stringify(next) }),
    },
    { transaction: tx },
  );
  // Signed-in users of this role get the new permissions on their next request.
  tx.afterCommit(() => services.auth.invalidate());
  const after = row.get({ plain: true });
  await audit({
    action: 'role.update',
    entityType: 'role',
    entityId: id,
    orgId: await rootOrgId(services),
    before,
    after,
    reason: body.reason,
  });
  return toRoleItem(after, (await userCounts(services, tx)).get(id) ?? 0);
}

export async function deleteRole(services: Services, user: AuthUser, id: number, tx: Transaction, audit: Audit, reason?: string) {
  const row = await roleModel(services.dbs.group).findByPk(id, { transaction: tx });
  if (!row) throw notFound('角色');
  if (row.builtin) throw new AppError('PROTECTED', '内置角色不能删除');
  assertWithinCaller(user, parsePermissions(row.permissions), '该角色');
  const inUse = (await userCounts(services, tx)).get(id) ?? 0;
  if (inUse > 0) throw new AppError('CONFLICT', `该角色已分配给 ${inUse} 个用户，请先调整这些用户的角色`);
  const before = snapshot(row);
  await row.destroy({ transaction: tx });
  tx.afterCommit(() => services.auth.invalidate());
  await audit({ action: 'role.delete', entityType: 'role', entityId: id, orgId: await rootOrgId(services), before, reason });
}
