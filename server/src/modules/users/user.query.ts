import { QueryTypes, type Transaction } from 'sequelize';
import type { z } from 'zod';
import type { Page, UserItem, userListQuery } from '@warmline/contracts';
import type { AuthUser } from '../../auth/auth-user.js';
import { notFound } from '../../core/app-error.js';
import { assertOrgInScope } from '../../rbac/data-scope.js';
import type { Services } from '../../services.js';
import { userModel, type UserRow } from './user.model.js';

const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);

/** LIKE pattern matching `q` anywhere, with `!` as the escape character (same on SQLite and MySQL). */
export const containsPattern = (q: string) => `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** Turn user rows into API items: org name, roles and lock state; never the password hash. */
export async function toUserItems(services: Services, rows: UserRow[], tx?: Transaction): Promise<UserItem[]> {
  if (rows.length === 0) return [];
  const links = await services.dbs.group.query<{ user_id: number; id: number; code: string; name: string }>(
    `SELECT ur.user_id, r.id, r.code, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
     WHERE ur.user_id IN (${rows.map(() => '?').join(',')}) ORDER BY r.id`,
    { replacements: rows.map((r) => r.id), type: QueryTypes.SELECT, transaction: tx },
  );
  const now = Date.now();
  return Promise.all(
    rows.map(async (u) => {
      const lockedUntil = u.locked_until ? new Date(u.locked_until) : null;
      const locked = Boolean(lockedUntil && lockedUntil.getTime() > now);
      return {
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        orgId: u.org_id,
        orgName: (await services.orgs.get(u.org_id))?.name ?? '',
        mobile: u.mobile,
        agentNo: u.agent_no,
        ipPhone: u.ip_phone,
        mobileDeviceId: u.mobile_device_id,
        enabled: Boolean(u.enabled),
        locked,
        lockedUntil: locked ? iso(lockedUntil) : null,
        roles: links.filter((l) => Number(l.user_id) === u.id).map((l) => ({ id: Number(l.id), code: l.code, name: l.name })),
        lastLoginAt: iso(u.last_login_at),
        createdAt: iso(u.created_at) ?? new Date(0).toISOString(),
      };
    }),
  );
}

/** One user of the caller's org subtree; others answer NOT_FOUND (existence is not leaked). */
export async function findUserInScope(services: Services, user: AuthUser, id: number, tx?: Transaction) {
  const row = await userModel(services.dbs.group).findByPk(id, { transaction: tx });
  if (!row) throw notFound('用户');
  await assertOrgInScope(services.orgs, user, row.org_id, '用户');
  if (user.dataScope === 'self' && row.id !== user.id) throw notFound('用户');
  return row;
}

export async function getUserItem(services: Services, user: AuthUser, id: number, tx?: Transaction): Promise<UserItem> {
  const row = await findUserInScope(services, user, id, tx);
  const [item] = await toUserItems(services, [row.get({ plain: true })], tx);
  return item!;
}

/** Users of the caller's org subtree (or one org unit and below it), filtered and paged. */
export async function listUsers(services: Services, user: AuthUser, q: z.output<typeof userListQuery>): Promise<Page<UserItem>> {
  const scopeOrg = q.orgId ?? user.orgId;
  await assertOrgInScope(services.orgs, user, scopeOrg, '组织');
  const org = await services.orgs.get(scopeOrg);
  const where = ['o.path LIKE ?'];
  const params: unknown[] = [`${org!.path}%`];
  if (user.dataScope === 'self') {
    where.push('u.id = ?');
    params.push(user.id);
  }
  if (q.q) {
    where.push(
      "(u.username LIKE ? ESCAPE '!' OR u.display_name LIKE ? ESCAPE '!' OR u.mobile LIKE ? ESCAPE '!' OR u.agent_no LIKE ? ESCAPE '!')",
    );
    const p = containsPattern(q.q);
    params.push(p, p, p, p);
  }
  if (q.roleCode) {
    where.push('u.id IN (SELECT ur.user_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE r.code = ?)');
    params.push(q.roleCode);
  }
  if (q.enabled) {
    where.push('u.enabled = ?');
    params.push(q.enabled === 'true' ? 1 : 0);
  }
  const from = `FROM users u JOIN org_units o ON o.id = u.org_id WHERE ${where.join(' AND ')}`;
  const db = services.dbs.group;
  const [count] = await db.query<{ total: number | string }>(`SELECT COUNT(*) AS total ${from}`, {
    replacements: params,
    type: QueryTypes.SELECT,
  });
  const ids = await db.query<{ id: number }>(`SELECT u.id ${from} ORDER BY u.id LIMIT ? OFFSET ?`, {
    replacements: [...params, q.pageSize, (q.page - 1) * q.pageSize],
    type: QueryTypes.SELECT,
  });
  const rows = ids.length
    ? await userModel(db).findAll({ where: { id: ids.map((r) => Number(r.id)) }, order: [['id', 'ASC']], raw: true })
    : [];
  return { items: await toUserItems(services, rows), total: Number(count?.total ?? 0), page: q.page, pageSize: q.pageSize };
}
