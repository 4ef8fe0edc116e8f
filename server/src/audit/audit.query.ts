import { QueryTypes, type Sequelize } from 'sequelize';
import type { z } from 'zod';
import type { AuditItem, auditQuery } from '@warmline/contracts';
import { AppError } from '../core/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { Services } from '../services.js';
import { fanOut } from '../tenancy/tenant-resolver.js';

type Query = z.output<typeof auditQuery>;
interface Row {
  id: number;
  at: string | Date;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_id: number | null;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
  request_id: string | null;
}

function filters(q: Query): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    sql.push(clause);
    params.push(value);
  };
  if (q.actorId) add('a.actor_id = ?', q.actorId);
  if (q.action) add('a.action = ?', q.action);
  if (q.entityType) add('a.entity_type = ?', q.entityType);
  if (q.entityId) add('a.entity_id = ?', q.entityId);
  if (q.from) add('a.at >= ?', new Date(q.from));
  if (q.to) add('a.at <= ?', new Date(q.to));
  return { sql, params };
}

async function fetchFrom(db: Sequelize, where: string[], params: unknown[], limit: number) {
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [{ total }] = await db.query<{ total: number }>(`SELECT COUNT(*) AS total FROM audit_logs a ${clause}`, {
    replacements: params,
    type: QueryTypes.SELECT,
  });
  const rows = await db.query<Row>(`SELECT a.* FROM audit_logs a ${clause} ORDER BY a.at DESC, a.id DESC LIMIT ?`, {
    replacements: [...params, limit],
    type: QueryTypes.SELECT,
  });
  return { total: Number(total), rows };
}

const parseJson = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));

const toItem = (source: AuditItem['source'], r: Row): AuditItem => ({
  id: r.id,
  source,
  at: new Date(r.at).toISOString(),
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  orgId: r.org_id,
  before: parseJson(r.before_json),
  after: parseJson(r.after_json),
  reason: r.reason,
  requestId: r.request_id,
});

/**
 * Audit records the caller may see: group-database records of org units in their subtree, and the
 * records of every subsidiary database in their scope, queried in parallel and merged by time.
 */
export async function queryAudit(services: Services, user: AuthUser, q: Query) {
  const org = await services.orgs.get(user.orgId);
  if (!org) throw new AppError('FORBIDDEN', '没有执行此操作的权限');
  const limit = q.page * q.pageSize;
  const base = filters(q);

  let tenants = await services.tenants.allForUser(user);
  if (q.subsidiaryId) tenants = [await services.tenants.forUser(user, q.subsidiaryId)];

  // Group staff at the root see every group record (including those of org units deleted since);
  // everyone else sees the records of org units in their subtree.
  const atRoot = org.parent_id === null;
  const groupPart = q.subsidiaryId
    ? undefined
    : fetchFrom(
        services.dbs.group,
        atRoot ? base.sql : [...base.sql, 'a.org_id IN (SELECT o.id FROM org_units o WHERE o.path LIKE ?)'],
        atRoot ? base.params : [...base.params, `${org.path}%`],
        limit,
      );
  const [group, perTenant] = await Promise.all([groupPart, fanOut(tenants, (t) => fetchFrom(t.db, base.sql, base.params, limit))]);
  const merged: AuditItem[] = [
    ...(group?.rows.map((r) => toItem('group', r)) ?? []),
    ...perTenant.flatMap(({ tenant, result }) => result.rows.map((r) => toItem(tenant.subsidiaryId, r))),
  ].sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1));
  const total = (group?.total ?? 0) + perTenant.reduce((n, p) => n + p.result.total, 0);
  return { items: merged.slice((q.page - 1) * q.pageSize, limit), total, page: q.page, pageSize: q.pageSize };
}
