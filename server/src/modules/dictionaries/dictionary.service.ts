import { QueryTypes, type Transaction } from 'sequelize';
import type { z } from 'zod';
import type {
  DictCategory,
  DictItem,
  dictCategoryCreateBody,
  dictCategoryListQuery,
  dictCategoryUpdateBody,
  dictItemCreateBody,
  dictItemUpdateBody,
} from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import { AppError, duplicate, notFound } from '../../core/app-error.js';
import { snapshot } from '../../db/snapshot.js';
import type { Services } from '../../services.js';
import { dictCategoryModel, dictItemModel, type DictCategoryRow, type DictItemRow } from './dictionary.model.js';

type Audit = (e: AuditEntry) => Promise<void>;

/** Dictionaries are group-wide: their audit records belong to the group root. */
const rootOrgId = async (services: Services) => (await services.orgs.all()).find((o) => o.parent_id === null)?.id ?? null;

const parseExtra = (raw: string | null): Record<string, unknown> | null => {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

export const toDictItem = (category: string, r: DictItemRow): DictItem => ({
  id: r.id,
  category,
  code: r.code,
  label: r.label,
  sort: r.sort,
  enabled: Boolean(r.enabled),
  core: Boolean(r.core),
  extra: parseExtra(r.extra_json),
});

export async function findCategory(services: Services, code: string, tx?: Transaction) {
  const row = await dictCategoryModel(services.dbs.group).findOne({ where: { code }, transaction: tx });
  if (!row) throw notFound('字典类别');
  return row;
}

async function findItem(services: Services, category: DictCategoryRow, id: number, tx: Transaction) {
  const row = await dictItemModel(services.dbs.group).findOne({ where: { id, category_id: category.id }, transaction: tx });
  if (!row) throw notFound('字典项');
  return row;
}

async function categoryItems(services: Services, categoryId: number, includeDisabled: boolean, tx?: Transaction) {
  return dictItemModel(services.dbs.group).findAll({
    where: { category_id: categoryId, ...(includeDisabled ? {} : { enabled: true }) },
    order: [
      ['sort', 'ASC'],
      ['id', 'ASC'],
    ],
    raw: true,
    transaction: tx,
  });
}

async function withCounts(services: Services, rows: DictCategoryRow[], tx?: Transaction): Promise<DictCategory[]> {
  const counts = await services.dbs.group.query<{ category_id: number; total: number | string; enabled_total: number | string }>(
    'SELECT category_id, COUNT(*) AS total, SUM(CASE WHEN enabled THEN 1 ELSE 0 END) AS enabled_total FROM dict_items GROUP BY category_id',
    { type: QueryTypes.SELECT, transaction: tx },
  );
  const byId = new Map(counts.map((c) => [Number(c.category_id), c]));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    builtin: Boolean(r.builtin),
    enabled: Boolean(r.enabled),
    itemCount: Number(byId.get(r.id)?.total ?? 0),
    enabledItemCount: Number(byId.get(r.id)?.enabled_total ?? 0),
  }));
}

export async function listCategories(services: Services, q: z.output<typeof dictCategoryListQuery>): Promise<DictCategory[]> {
  const rows = await dictCategoryModel(services.dbs.group).findAll({ order: [['id', 'ASC']], raw: true });
  const needle = q.q?.toLowerCase();
  const filtered = rows
    .filter((r) => q.includeDisabled || r.enabled)
    .filter((r) => !needle || r.code.includes(needle) || r.name.toLowerCase().includes(needle));
  return withCounts(services, filtered);
}

/**
 * The items of one category, read from the database on every call so that changes apply at once.
 * Other modules use this (or `enabledDictItem`) to offer and validate codes.
 */
export async function listItems(services: Services, code: string, includeDisabled = false): Promise<DictItem[]> {
  const category = await findCategory(services, code);
  return (await categoryItems(services, category.id, includeDisabled)).map((r) => toDictItem(code, r));
}

/** An enabled item of an enabled category, or undefined: for modules validating a stored code. */
export async function enabledDictItem(services: Services, category: string, code: string, tx?: Transaction): Promise<DictItem | undefined> {
  const cat = await dictCategoryModel(services.dbs.group).findOne({ where: { code: category, enabled: true }, raw: true, transaction: tx });
  if (!cat) return undefined;
  const item = await dictItemModel(services.dbs.group).findOne({
    where: { category_id: cat.id, code, enabled: true },
    raw: true,
    transaction: tx,
  });
  return item ? toDictItem(category, item) : undefined;
}

export async function createCategory(services: Services, body: z.output<typeof dictCategoryCreateBody>, tx: Transaction, audit: Audit) {
  const model = dictCategoryModel(services.dbs.group);
  if (await model.findOne({ where: { code: body.code }, transaction: tx })) throw duplicate('body.code', '字典类别编码已存在');
  if (await model.findOne({ where: { name: body.name }, transaction: tx })) throw duplicate('body.name', '字典类别名称已存在');
  const created = await model.create(
    { code: body.code, name: body.name, description: body.description || null, builtin: false, enabled: body.enabled ?? true },
    { transaction: tx },
  );
  const row = created.get({ plain: true });
  await audit({
    action: 'dict.category.create',
    entityType: 'dict_category',
    entityId: row.id,
    orgId: await rootOrgId(services),
    after: row,
    reason: body.reason,
  });
  const [item] = await withCounts(services, [row], tx);
  return item!;
}

export async function updateCategory(
  services: Services,
  code: string,
  body: z.output<typeof dictCategoryUpdateBody>,
  tx: Transaction,
  audit: Audit,
) {
  const row = await findCategory(services, code, tx);
  if (row.builtin && body.enabled === false) {
    throw new AppError('PROTECTED', '内置字典类别不能停用', [{ field: 'body.enabled', message: '内置字典类别不能停用' }]);
  }
  if (body.name !== undefined && body.name !== row.name) {
    if (await dictCategoryModel(services.dbs.group).findOne({ where: { name: body.name }, transaction: tx })) {
      throw duplicate('body.name', '字典类别名称已存在');
    }
  }
  const before = snapshot(row);
  await row.update(
    {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.description !== undefined && { description: body.description || null }),
      ...(body.enabled !== undefined && { enabled: body.enabled }),
    },
    { transaction: tx },
  );
  const after = row.get({ plain: true });
  await audit({
    action: 'dict.category.update',
    entityType: 'dict_category',
    entityId: row.id,
    orgId: await rootOrgId(services),
    before,
    after,
    reason: body.reason,
  });
  const [item] = await withCounts(services, [after], tx);
  return item!;
}

/** Delete a custom category with all its items. Builtin categories are protected. */
export async function deleteCategory(services: Services, code: string, tx: Transaction, audit: Audit, reason?: string) {
  const row = await findCategory(services, code, tx);
  if (row.builtin) throw new AppError('PROTECTED', '内置字典类别不能删除');
  const items = await categoryItems(services, row.id, true, tx);
  if (items.some((i) => i.core)) throw new AppError('PROTECTED', '该字典类别含有核心字典项，不能删除');
  const before = { ...snapshot(row), items };
  await dictItemModel(services.dbs.group).destroy({ where: { category_id: row.id }, transaction: tx });
  await row.destroy({ transaction: tx });
  await audit({
    action: 'dict.category.delete',
    entityType: 'dict_category',
    entityId: row.id,
    orgId: await rootOrgId(services),
    before,
    reason,
  });
}

async function assertLabelFree(services: Services, categoryId: number, label: string, tx: Transaction, exceptId?: number) {
  const other = await dictItemModel(services.dbs.group).findOne({ where: { category_id: categoryId, label }, raw: true, transaction: tx });
  if (other && other.id !== exceptId) throw duplicate('body.label', '该字典下已有同名字典项');
}

export async function createItem(
  services: Services,
  code: string,
  body: z.output<typeof dictItemCreateBody>,
  tx: Transaction,
  audit: Audit,
) {
  const category = await findCategory(services, code, tx);
  const model = dictItemModel(services.dbs.group);
  if (await model.findOne({ where: { category_id: category.id, code: body.code }, transaction: tx })) {
    throw duplicate('body.code', '该字典下已有此编码');
  }
  await assertLabelFree(services, category.id, body.label, tx);
  const created = await model.create(
    {
      category_id: category.id,
      code: body.code,
      label: body.label,
      sort: body.sort ?? 0,
      enabled: body.enabled ?? true,
      core: false,
      extra_json: body.extra ? JSON.stringify(body.extra) : null,
    },
    { transaction: tx },
  );
  const row = created.get({ plain: true });
  await audit({
    action: 'dict.item.create',
    entityType: 'dict_item',
    entityId: row.id,
    orgId: await rootOrgId(services),
    after: { category: code, ...row },
    reason: body.reason,
  });
  return toDictItem(code, row);
}

export async function updateItem(
  services: Services,
  code: string,
  id: number,
  body: z.output<typeof dictItemUpdateBody>,
  tx: Transaction,
  audit: Audit,
) {
  const category = await findCategory(services, code, tx);
  const row = await findItem(services, category, id, tx);
  if (row.core && body.enabled === false) {
    throw new AppError('PROTECTED', '核心字典项不能停用', [{ field: 'body.enabled', message: '核心字典项不能停用' }]);
  }
  if (body.label !== undefined) await assertLabelFree(services, category.id, body.label, tx, id);
  const before = snapshot(row);
  await row.update(
    {
      ...(body.label !== undefined && { label: body.label }),
      ...(body.sort !== undefined && { sort: body.sort }),
      ...(body.enabled !== undefined && { enabled: body.enabled }),
      ...(body.extra !== undefined && { extra_json: body.extra === null ? null : JSON.stringify(body.extra) }),
    },
    { transaction: tx },
  );
  const after = row.get({ plain: true });
  await audit({
    action: 'dict.item.update',
    entityType: 'dict_item',
    entityId: id,
    orgId: await rootOrgId(services),
    before,
    after,
    reason: body.reason,
  });
  return toDictItem(code, after);
}

export async function deleteItem(services: Services, code: string, id: number, tx: Transaction, audit: Audit, reason?: string) {
  const category = await findCategory(services, code, tx);
  const row = await findItem(services, category, id, tx);
  if (row.core) throw new AppError('PROTECTED', '核心字典项不能删除');
  const before = snapshot(row);
  await row.destroy({ transaction: tx });
  await audit({
    action: 'dict.item.delete',
    entityType: 'dict_item',
    entityId: id,
    orgId: await rootOrgId(services),
    before: { category: code, ...before },
    reason,
  });
}
