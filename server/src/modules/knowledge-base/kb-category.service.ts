import { QueryTypes, type Transaction } from 'sequelize';
import type { z } from 'zod';
import type { KbCategoryItem, kbCategoryCreateBody, kbCategoryUpdateBody } from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import { conflict, duplicate, invalid, notFound } from '../../core/app-error.js';
import { snapshot } from '../../db/snapshot.js';
import type { Services } from '../../services.js';
import { enabledTicketType } from '../ticket-types/ticket-type.service.js';
import { kbArticleModel, kbCategoryModel, type KbCategoryRow } from './kb.model.js';

type Audit = (e: AuditEntry) => Promise<void>;

const rootOrgId = async (services: Services) => (await services.orgs.all()).find((o) => o.parent_id === null)?.id ?? null;

/** The tree flattened depth-first, siblings by sort then id; orphans (should not exist) are left out. */
export function flattenTree(rows: KbCategoryRow[], counts: Map<number, number>): KbCategoryItem[] {
  const children = new Map<number | null, KbCategoryRow[]>();
  for (const r of rows) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
  const out: KbCategoryItem[] = [];
  const walk = (parentId: number | null, depth: number) => {
    const list = (children.get(parentId) ?? []).sort((a, b) => a.sort - b.sort || a.id - b.id);
    for (const r of list) {
      out.push({
        id: r.id,
        parentId: r.parent_id,
        code: r.code,
        name: r.name,
        ticketType: r.ticket_type,
        sort: r.sort,
        enabled: Boolean(r.enabled),
        depth,
        articleCount: counts.get(r.id) ?? 0,
      });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

async function articleCounts(services: Services, tx?: Transaction): Promise<Map<number, number>> {
  const rows = await services.dbs.group.query<{ category_id: number; n: number | string }>(
    'SELECT category_id, COUNT(*) AS n FROM kb_articles GROUP BY category_id',
    { type: QueryTypes.SELECT, transaction: tx },
  );
  return new Map(rows.map((r) => [Number(r.category_id), Number(r.n)]));
}

/**
 * The category tree. With `ticketType`, the categories bound to that type or to none — a bound
 * category's subtree goes with it.
 */
export async function listCategories(
  services: Services,
  q: { ticketType?: string; includeDisabled?: boolean },
  tx?: Transaction,
): Promise<KbCategoryItem[]> {
  const rows = await kbCategoryModel(services.dbs.group).findAll({ raw: true, transaction: tx });
  const kept = rows.filter((r) => (q.includeDisabled || r.enabled) && (!q.ticketType || !r.ticket_type || r.ticket_type === q.ticketType));
  const ids = new Set(kept.map((r) => r.id));
  // A child whose parent was filtered out is filtered out too (the tree stays a tree).
  return flattenTree(
    kept.filter((r) => r.parent_id === null || ids.has(r.parent_id)),
    await articleCounts(services, tx),
  );
}

/** An enabled category by code, or undefined: what intake validates `categoryCode` against. */
export async function enabledCategory(services: Services, code: string, tx?: Transaction) {
  return (await kbCategoryModel(services.dbs.group).findOne({ where: { code, enabled: true }, raw: true, transaction: tx })) ?? undefined;
}

async function findCategory(services: Services, id: number, tx: Transaction) {
  const row = await kbCategoryModel(services.dbs.group).findByPk(id, { transaction: tx });
  if (!row) throw notFound('知识库分类');
  return row;
}

async function assertTicketType(services: Services, code: string | null | undefined, tx: Transaction) {
  if (code && !(await enabledTicketType(services, code, tx))) throw invalid('body.ticketType', '工单类型不存在或已停用');
}

async function assertParent(services: Services, parentId: number | null | undefined, selfId: number | undefined, tx: Transaction) {
  if (parentId === null || parentId === undefined) return;
  const model = kbCategoryModel(services.dbs.group);
  // Walk up from the new parent: meeting the category itself would make a cycle.
  for (let id: number | null = parentId, hops = 0; id !== null && hops < 64; hops += 1) {
    if (id === selfId) throw invalid('body.parentId', '不能把分类移到它自己或它的下级分类之下');
    const row: KbCategoryRow | null = await model.findByPk(id, { raw: true, transaction: tx });
    if (!row) throw invalid('body.parentId', '上级分类不存在');
    id = row.parent_id;
  }
}

const toItem = async (services: Services, row: KbCategoryRow, tx: Transaction): Promise<KbCategoryItem> => ({
  id: row.id,
  parentId: row.parent_id,
  code: row.code,
  name: row.name,
  ticketType: row.ticket_type,
  sort: row.sort,
  enabled: Boolean(row.enabled),
  depth: 0,
  articleCount: (await articleCounts(services, tx)).get(row.id) ?? 0,
});

export async function createCategory(services: Services, body: z.output<typeof kbCategoryCreateBody>, tx: Transaction, audit: Audit) {
  const model = kbCategoryModel(services.dbs.group);
  if (await model.findOne({ where: { code: body.code }, transaction: tx })) throw duplicate('body.code', '分类编码已存在');
  await assertParent(services, body.parentId, undefined, tx);
  await assertTicketType(services, body.ticketType, tx);
  const created = await model.create(
    {
      parent_id: body.parentId ?? null,
      code: body.code,
      name: body.name,
      ticket_type: body.ticketType ?? null,
      sort: body.sort ?? 0,
      enabled: body.enabled ?? true,
    },
    { transaction: tx },
  );
  const row = created.get({ plain: true });
  await audit({
    action: 'kb.category.create',
    entityType: 'kb_category',
    entityId: row.id,
    orgId: await rootOrgId(services),
    after: row,
    reason: body.reason,
  });
  return toItem(services, row, tx);
}

export async function updateCategory(
  services: Services,
  id: number,
  body: z.output<typeof kbCategoryUpdateBody>,
  tx: Transaction,
  audit: Audit,
) {
  const row = await findCategory(services, id, tx);
  await assertParent(services, body.parentId, id, tx);
  await assertTicketType(services, body.ticketType, tx);
  const before = snapshot(row);
  await row.update(
    {
      ...(body.parentId !== undefined && { parent_id: body.parentId }),
      ...(body.name !== undefined && { name: body.name }),
      ...(body.ticketType !== undefined && { ticket_type: body.ticketType }),
      ...(body.sort !== undefined && { sort: body.sort }),
      ...(body.enabled !== undefined && { enabled: body.enabled }),
    },
    { transaction: tx },
  );
  const after = row.get({ plain: true });
  await audit({
    action: 'kb.category.update',
    entityType: 'kb_category',
    entityId: id,
    orgId: await rootOrgId(services),
    before,
    after,
    reason: body.reason,
  });
  return toItem(services, after, tx);
}

/** Only an empty category (no sub-categories, no articles) can be deleted. */
export async function deleteCategory(services: Services, id: number, tx: Transaction, audit: Audit, reason?: string) {
  const row = await findCategory(services, id, tx);
  if (await kbCategoryModel(services.dbs.group).count({ where: { parent_id: id }, transaction: tx })) {
    throw conflict('该分类下还有子分类，不能删除');
  }
  if (await kbArticleModel(services.dbs.group).count({ where: { category_id: id }, transaction: tx })) {
    throw conflict('该分类下还有知识条目，不能删除');
  }
  const before = snapshot(row);
  await row.destroy({ transaction: tx });
  await audit({ action: 'kb.category.delete', entityType: 'kb_category', entityId: id, orgId: await rootOrgId(services), before, reason });
}
