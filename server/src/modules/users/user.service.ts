import type { Transaction } from 'sequelize';
import type { z } from 'zod';
import type { UserItem, userCreateBody, userPasswordBody, userUpdateBody } from '@warmline/contracts';
import type { AuthUser } from '../../auth/auth-user.js';
import type { AuditEntry } from '../../audit/audit.types.js';
import { hashPassword } from '../../auth/password.js';
import { invalid } from '../../core/app-error.js';
import { snapshot as detached } from '../../db/snapshot.js';
import type { Services } from '../../services.js';
import { userModel, userRoleModel } from './user.model.js';
import { findUserInScope, getUserItem } from './user.query.js';
import {
  asDuplicate,
  assertAssignableOrg,
  assertBindingsFree,
  assertManageable,
  assertPasswordStrong,
  assertUsernameFree,
  resolveAssignableRoles,
} from './user.rules.js';

type Audit = (e: AuditEntry) => Promise<void>;

/** What the audit log keeps of a user: the row without its password hash, plus the role ids. */
const auditView = (row: object, roleIds: number[]) => {
  const { password_hash: _hash, ...rest } = row as Record<string, unknown>;
  return { ...rest, roleIds };
};

async function roleIdsOf(services: Services, userId: number, tx: Transaction) {
  const links = await userRoleModel(services.dbs.group).findAll({ where: { user_id: userId }, raw: true, transaction: tx });
  return links.map((l) => l.role_id).sort((a, b) => a - b);
}

/** Sign the user out everywhere (with the change, atomically) and drop cached identities once committed. */
async function signOutEverywhere(services: Services, tx: Transaction, userId: number) {
  await services.auth.revokeSessionsOf(userId, tx);
  tx.afterCommit(() => services.auth.invalidate());
}

export async function createUser(
  services: Services,
  caller: AuthUser,
  body: z.output<typeof userCreateBody>,
  tx: Transaction,
  audit: Audit,
): Promise<UserItem> {
  await assertAssignableOrg(services, caller, body.orgId);
  assertPasswordStrong(body.password);
  const roles = await resolveAssignableRoles(services, caller, body.roleIds, tx);
  await assertUsernameFree(services, body.username, tx);
  await assertBindingsFree(services, caller, body, tx);
  const created = await userModel(services.dbs.group)
    .create(
      {
        username: body.username,
        password_hash: await hashPassword(body.password, services.config.bcryptRounds),
        display_name: body.displayName,
        org_id: body.orgId,
        mobile: body.mobile ?? null,
        agent_no: body.agentNo ?? null,
        ip_phone: body.ipPhone ?? null,
        mobile_device_id: body.mobileDeviceId ?? null,
        enabled: body.enabled ?? true,
        failed_logins: 0,
        locked_until: null,
        last_login_at: null,
      },
      { transaction: tx },
    )
    .catch(asDuplicate);
  await userRoleModel(services.dbs.group).bulkCreate(
    roles.map((r) => ({ user_id: created.id, role_id: r.id })),
    { transaction: tx },
  );
  const roleIds = roles.map((r) => r.id).sort((a, b) => a - b);
  await audit({
    action: 'user.create',
    entityType: 'user',
    entityId: created.id,
    orgId: body.orgId,
    after: auditView(created.get({ plain: true }), roleIds),
    reason: body.reason,
  });
  return getUserItem(services, caller, created.id, tx);
}

export async function updateUser(
  services: Services,
  caller: AuthUser,
  id: number,
  body: z.output<typeof userUpdateBody>,
  tx: Transaction,
  audit: Audit,
): Promise<UserItem> {
  const row = await findUserInScope(services, caller, id, tx);
  await assertManageable(services, caller, id, tx);
  if (body.enabled === false && id === caller.id) throw invalid('body.enabled', '不能停用自己的账号');
  if (body.orgId !== undefined && body.orgId !== row.org_id) await assertAssignableOrg(services, caller, body.orgId);
  const roles = body.roleIds ? await resolveAssignableRoles(services, caller, body.roleIds, tx) : undefined;
  await assertBindingsFree(services, caller, body, tx, id);

  const beforeRoleIds = await roleIdsOf(services, id, tx);
  const before = auditView(detached(row), beforeRoleIds);
  await row
    .update(
      {
        ...(body.displayName !== undefined && { display_name: body.displayName }),
        ...(body.orgId !== undefined && { org_id: body.orgId }),
        ...(body.mobile !== undefined && { mobile: body.mobile }),
        ...(body.agentNo !== undefined && { agent_no: body.agentNo }),
        ...(body.ipPhone !== undefined && { ip_phone: body.ipPhone }),
        ...(body.mobileDeviceId !== undefined && { mobile_device_id: body.mobileDeviceId }),
        ...(body.enabled !== undefined && { enabled: body.enabled }),
      },
      { transaction: tx },
    )
    .catch(asDuplicate);

  let afterRoleIds = beforeRoleIds;
  if (roles) {
    afterRoleIds = roles.map((r) => r.id).sort((a, b) => a - b);
    const links = userRoleModel(services.dbs.group);
    await links.destroy({ where: { user_id: id }, transaction: tx });
    await links.bulkCreate(
      afterRoleIds.map((roleId) => ({ user_id: id, role_id: roleId })),
      { transaction: tx },
    );
  }
  const rolesChanged = afterRoleIds.join(',') !== beforeRoleIds.join(',');
  if (body.enabled === false || rolesChanged) await signOutEverywhere(services, tx, id);
  // Org or name changes alter what the signed-in user sees: refresh cached identities.
  else tx.afterCommit(() => services.auth.invalidate());

  await audit({
    action: 'user.update',
    entityType: 'user',
    entityId: id,
    orgId: row.org_id,
    before,
    after: auditView(row.get({ plain: true }), afterRoleIds),
    reason: body.reason,
  });
  return getUserItem(services, caller, id, tx);
}

/** Reset a user's password (also clears a lockout) and sign them out everywhere. */
export async function resetPassword(
  services: Services,
  caller: AuthUser,
  id: number,
  body: z.output<typeof userPasswordBody>,
  tx: Transaction,
  audit: Audit,
): Promise<UserItem> {
  const row = await findUserInScope(services, caller, id, tx);
  await assertManageable(services, caller, id, tx);
  assertPasswordStrong(body.password);
  await row.update(
    { password_hash: await hashPassword(body.password, services.config.bcryptRounds), failed_logins: 0, locked_until: null },
    { transaction: tx },
  );
  await signOutEverywhere(services, tx, id);
  await audit({ action: 'user.password.reset', entityType: 'user', entityId: id, orgId: row.org_id, reason: body.reason });
  return getUserItem(services, caller, id, tx);
}

/** Clear a lockout before it expires. */
export async function unlockUser(
  services: Services,
  caller: AuthUser,
  id: number,
  reason: string | undefined,
  tx: Transaction,
  audit: Audit,
): Promise<UserItem> {
  const row = await findUserInScope(services, caller, id, tx);
  await assertManageable(services, caller, id, tx);
  const before = { failedLogins: row.failed_logins, lockedUntil: row.locked_until };
  await row.update({ failed_logins: 0, locked_until: null }, { transaction: tx });
  await audit({
    action: 'user.unlock',
    entityType: 'user',
    entityId: id,
    orgId: row.org_id,
    before,
    after: { failedLogins: 0, lockedUntil: null },
    reason,
  });
  return getUserItem(services, caller, id, tx);
}
