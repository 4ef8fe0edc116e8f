import { fn, col as column, Op, UniqueConstraintError, where, type Transaction } from 'sequelize';
import type { AuthUser } from '../../auth/auth-user.js';
import { passwordProblem } from '../../auth/password.js';
import { AppError, duplicate, forbidden, invalid } from '../../core/app-error.js';
import { isOrgInScope } from '../../rbac/data-scope.js';
import type { Services } from '../../services.js';
import { roleModel, type RoleRow } from '../roles/role.model.js';
import { beyondCaller, assertWithinCaller, permissionsOf } from '../roles/role.rules.js';
import { userModel, userRoleModel } from './user.model.js';

/** The one-to-one bindings (人员与设备绑定): each value belongs to at most one user in the whole group. */
export const BINDINGS = [
  { key: 'agentNo', column: 'agent_no', label: '坐席工号' },
  { key: 'ipPhone', column: 'ip_phone', label: 'IP 话机' },
  { key: 'mobileDeviceId', column: 'mobile_device_id', label: '移动运维端设备' },
] as const;
export type BindingKey = (typeof BINDINGS)[number]['key'];

/** Case-insensitive equality, so SQLite behaves like MySQL's case-insensitive collation. */
const sameText = (columnName: string, value: string) => where(fn('LOWER', column(columnName)), value.toLowerCase());

export async function assertUsernameFree(services: Services, username: string, tx: Transaction) {
  const taken = await userModel(services.dbs.group).findOne({ where: sameText('username', username), transaction: tx });
  if (taken) throw duplicate('body.username', '用户名已存在');
}

/** Refuse a binding already held by another user, naming that user when the caller may see them. */
export async function assertBindingsFree(
  services: Services,
  caller: AuthUser,
  values: Partial<Record<BindingKey, string | null | undefined>>,
  tx: Transaction,
  exceptUserId?: number,
) {
  for (const b of BINDINGS) {
    const value = values[b.key];
    if (!value) continue;
    const holder = await userModel(services.dbs.group).findOne({
      where: { [Op.and]: [sameText(b.column, value), ...(exceptUserId ? [{ id: { [Op.ne]: exceptUserId } }] : [])] },
      transaction: tx,
    });
    if (!holder) continue;
    const visible = await isOrgInScope(services.orgs, caller, holder.org_id);
    const who = visible ? `${holder.display_name}（${holder.username}）` : '其他单位的用户';
    throw duplicate(`body.${b.key}`, `该${b.label}已绑定给 ${who}，请先解绑`);
  }
}

/** An org unit a user may be placed in: existing, enabled and within the caller's subtree. */
export async function assertAssignableOrg(services: Services, caller: AuthUser, orgId: number) {
  const org = await services.orgs.get(orgId);
  if (!org || !(await isOrgInScope(services.orgs, caller, orgId))) {
    throw invalid('body.orgId', '组织不存在或不在您的管理范围内');
  }
  if (!org.enabled) throw invalid('body.orgId', '该组织已停用，不能添加用户');
  return org;
}

/** The roles to assign: all must exist, and together grant nothing the caller lacks. */
export async function resolveAssignableRoles(services: Services, caller: AuthUser, roleIds: number[], tx: Transaction): Promise<RoleRow[]> {
  const roles = await roleModel(services.dbs.group).findAll({ where: { id: roleIds }, raw: true, transaction: tx });
  if (roles.length !== new Set(roleIds).size) throw invalid('body.roleIds', '角色不存在');
  assertWithinCaller(caller, permissionsOf(roles), '所选角色');
  return roles;
}

/** A caller may not manage (edit, reset, unlock) a user who holds permissions the caller lacks. */
export async function assertManageable(services: Services, caller: AuthUser, userId: number, tx: Transaction) {
  const links = await userRoleModel(services.dbs.group).findAll({ where: { user_id: userId }, raw: true, transaction: tx });
  if (links.length === 0) return;
  const roles = await roleModel(services.dbs.group).findAll({ where: { id: links.map((l) => l.role_id) }, raw: true, transaction: tx });
  if (beyondCaller(caller, permissionsOf(roles)).length > 0) throw forbidden('该用户的权限高于您，不能修改');
}

export function assertPasswordStrong(password: string) {
  const problem = passwordProblem(password);
  if (problem) throw invalid('body.password', problem);
}

/** A unique index tripped by a concurrent request: answer like the checks above would have. */
export function asDuplicate(err: unknown): never {
  if (err instanceof UniqueConstraintError) {
    throw new AppError('DUPLICATE', '用户名或绑定信息已被占用，请检查后重试', [
      ...err.errors.map((e) => ({
        field: `body.${BINDINGS.find((b) => b.column === e.path)?.key ?? e.path ?? 'username'}`,
        message: '已被占用',
      })),
    ]);
  }
  throw err;
}
