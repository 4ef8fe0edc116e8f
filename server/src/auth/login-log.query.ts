import { QueryTypes } from 'sequelize';
import type { z } from 'zod';
import type { loginLogQuery } from '@warmline/contracts';
import type { Services } from '../services.js';
import type { AuthUser } from './auth-user.js';

/** Login log, limited to users of the caller's org subtree (attempts on unknown names: group staff only). */
export async function listLoginLogs(services: Services, user: AuthUser, q: z.output<typeof loginLogQuery>) {
  const org = await services.orgs.get(user.orgId);
  const atRoot = org?.parent_id === null;
  const where: string[] = [];
  const params: unknown[] = [];
  if (atRoot) {
    where.push('1 = 1');
  } else {
    where.push('l.user_id IN (SELECT u.id FROM users u JOIN org_units o ON o.id = u.org_id WHERE o.path LIKE ?)');
    params.push(`${org?.path ?? '/none/'}%`);
  }
  if (q.username) {
    where.push('l.username = ?');
    params.push(q.username);
  }
  if (q.success) {
    where.push('l.success = ?');
    params.push(q.success === 'true');
  }
  const sqlWhere = where.join(' AND ');
  const db = services.dbs.group;
  const [{ total }] = await db.query<{ total: number }>(`SELECT COUNT(*) AS total FROM login_logs l WHERE ${sqlWhere}`, {
    replacements: params,
    type: QueryTypes.SELECT,
  });
  const rows = await db.query<{
    id: number;
    username: string;
    user_id: number | null;
    success: number | boolean;
    reason: string | null;
    ip: string | null;
    created_at: string | Date;
  }>(`SELECT * FROM login_logs l WHERE ${sqlWhere} ORDER BY l.id DESC LIMIT ? OFFSET ?`, {
    replacements: [...params, q.pageSize, (q.page - 1) * q.pageSize],
    type: QueryTypes.SELECT,
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      username: r.username,
      userId: r.user_id,
      success: Boolean(r.success),
      reason: r.reason,
      ip: r.ip,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    total: Number(total),
    page: q.page,
    pageSize: q.pageSize,
  };
}
