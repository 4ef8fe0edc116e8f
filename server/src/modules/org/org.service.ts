import type { Transaction } from 'sequelize';
import { ORG_CHILD_TYPES, ORG_TYPES, type OrgType, type OrgUnit, type orgCreateBody, type orgUpdateBody } from '@warmline/contracts';
import type { z } from 'zod';
import { AppError, duplicate, invalid, notFound } from '../../core/app-error.js';
import type { AuthUser } from '../../auth/auth-user.js';
import type { AuditEntry } from '../../audit/audit.types.js';
import { assertOrgInScope } from '../../rbac/data-scope.js';
import type { Services } from '../../services.js';
import { snapshot } from '../../db/snapshot.js';
import { orgModel, type OrgRow } from './org.model.js';
import { userModel } from '../users/user.model.js';

type Audit = (e: AuditEntry) => Promise<void>;

export async function toOrgUnit(services: Services, row: OrgRow): Promise<OrgUnit> {
  const sub = await services.orgs.subsidiaryOf(row.id);
  return {
    id: row.id,
    parentId: row.parent_id,
    type: row.type,
    code: row.code,
    name: row.name,
    sort: row.sort,
    enabled: Boolean(row.enabled),
    areaCode: row.area_code,
    subsidiaryId: sub?.id ?? (row.type === 'subsidiary' ? row.id : null),
  };
}

/** The caller's subtree, as a list sorted for display. */
export async function listOrgUnits(services: Services, user: AuthUser, filter: { type?: string; q?: string }) {
  const me = await services.orgs.get(user.orgId);
  if (!me) return [];
  const rows = (await services.orgs.all())
    .filter((o) => o.path.startsWith(me.path))
    .filter((o) => !filter.type || o.type === filter.type)
    .filter((o) => !filter.q || o.name.includes(filter.q) || o.code.includes(filter.q))
    .sort((a, b) => a.depth - b.depth || a.sort - b.sort || a.id - b.id);
  return Promise.all(rows.map((r) => toOrgUnit(services, r)));
}

export async function createOrgUnit(
  services: Services,
  user: AuthUser,
  body: z.output<typeof orgCreateBody>,
  tx: Transaction,
  audit: Audit,
): Promise<OrgUnit> {
  const parent = await services.orgs.get(body.parentId);
  if (!parent) throw invalid('body.parentId', '上级组织不存在');
  await assertOrgInScope(services.orgs, user, parent.id, '上级组织');
  const model = orgModel(services.dbs.group);
  if (await model.findOne({ where: { code: body.code }, transaction: tx })) throw duplicate('body.code', '组织编码已存在');
  const created = await insertOrgUnit(services, tx, parent, body);
  const isSubsidiary = body.type === 'subsidiary';
  tx.afterCommit(() => services.orgs.refresh());
  const row = snapshot(created);
  await audit({ action: 'org.create', entityType: 'org_unit', entityId: row.id, orgId: row.id, after: row, reason: body.reason });
  return {
    id: row.id,
    parentId: row.parent_id,
    type: row.type,
    code: row.code,
    name: row.name,
    sort: row.sort,
    enabled: true,
    areaCode: row.area_code,
    subsidiaryId: isSubsidiary ? row.id : ((await services.orgs.subsidiaryOf(parent.id))?.id ?? null),
  };
}

/**
 * Insert one org unit under `parent` (a row already read, possibly inside `tx`): the child-type rule,
 * the area-code rule, the materialised path, and — for a subsidiary — its own database, created and
 * migrated now (dropped again if that fails). Used by the API and by seeding alike.
 */
export async function insertOrgUnit(
  services: Services,
  tx: Transaction,
  parent: OrgRow,
  input: { type: OrgType; code: string; name: string; sort?: number; areaCode?: string | null },
) {
  if (!ORG_CHILD_TYPES[parent.type].includes(input.type)) {
    throw invalid('body.type', `${ORG_TYPES[parent.type]}下不能建立${ORG_TYPES[input.type]}`);
  }
  if (input.areaCode && input.type !== 'subsidiary') throw invalid('body.areaCode', '只有分公司可设置区号');
  const dbName = input.type === 'subsidiary' ? services.dbs.tenantDatabaseName(input.code) : null;
  const created = await orgModel(services.dbs.group).create(
    {
      parent_id: parent.id,
      type: input.type,
      code: input.code,
      name: input.name,
      sort: input.sort ?? 0,
      enabled: true,
      area_code: input.areaCode ?? null,
      db_name: dbName,
      path: parent.path,
      depth: parent.depth + 1,
    },
    { transaction: tx },
  );
  await created.update({ path: `${parent.path}${created.id}/` }, { transaction: tx });
  if (dbName) {
    try {
      await services.dbs.tenant(dbName);
    } catch (err) {
      await services.dbs.dropTenant(dbName).catch(() => undefined);
      throw err;
    }
  }
  return created;
}

export async function updateOrgUnit(
  services: Services,
  user: AuthUser,
  id: number,
  body: z.output<typeof orgUpdateBody>,
  tx: Transaction,
  audit: Audit,
): Promise<OrgUnit> {
  await assertOrgInScope(services.orgs, user, id, '组织');
  const row = await orgModel(services.dbs.group).findByPk(id, { transaction: tx });
  if (!row) throw notFound('组织');
  if (body.areaCode !== undefined && row.type !== 'subsidiary') throw invalid('body.areaCode', '只有分公司可设置区号');
  if (body.enabled === false && id === user.orgId) throw invalid('body.enabled', '不能停用自己所在的组织');
  if (row.parent_id === null && body.enabled === false) throw invalid('body.enabled', '集团不能停用');
  const before = snapshot(row);
  await row.update(
    {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.sort !== undefined && { sort: body.sort }),
      ...(body.enabled !== undefined && { enabled: body.enabled }),
      ...(body.areaCode !== undefined && { area_code: body.areaCode }),
    },
    { transaction: tx },
  );
  tx.afterCommit(() => services.orgs.refresh());
  const after = snapshot(row);
  await audit({ action: 'org.update', entityType: 'org_unit', entityId: id, orgId: id, before, after, reason: body.reason });
  return toOrgUnit(services, after);
}

export async function deleteOrgUnit(services: Services, user: AuthUser, id: number, tx: Transaction, audit: Audit, reason?: string) {
  await assertOrgInScope(services.orgs, user, id, '组织');
  if (id === user.orgId) throw new AppError('PROTECTED', '不能删除自己所在的组织');
  const model = orgModel(services.dbs.group);
  const row = await model.findByPk(id, { transaction: tx });
  if (!row) throw notFound('组织');
  if (row.parent_id === null) throw new AppError('PROTECTED', '集团不能删除');
  if (row.type === 'subsidiary') throw new AppError('PROTECTED', '分公司拥有独立数据库，不能删除，只能停用');
  if (await model.count({ where: { parent_id: id }, transaction: tx })) throw new AppError('CONFLICT', '请先删除下级组织');
  if (await userModel(services.dbs.group).count({ where: { org_id: id }, transaction: tx })) {
    throw new AppError('CONFLICT', '该组织下仍有用户，请先调整用户');
  }
  const before = snapshot(row);
  await row.destroy({ transaction: tx });
  tx.afterCommit(() => services.orgs.refresh());
  await audit({ action: 'org.delete', entityType: 'org_unit', entityId: id, orgId: row.parent_id, before, reason });
}
