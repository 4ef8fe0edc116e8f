import { literal, Op, type Transaction, type WhereOptions } from 'sequelize';
import type { z } from 'zod';
import type { KbArticleItem, Page, kbArticleCreateBody, kbArticleListQuery, kbArticleUpdateBody } from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import { invalid, notFound } from '../../core/app-error.js';
import { snapshot } from '../../db/snapshot.js';
import type { Services } from '../../services.js';
import { listCategories } from './kb-category.service.js';
import { kbArticleModel, kbCategoryModel, type KbArticleRow, type KbCategoryRow } from './kb.model.js';

type Audit = (e: AuditEntry) => Promise<void>;

const rootOrgId = async (services: Services) => (await services.orgs.all()).find((o) => o.parent_id === null)?.id ?? null;

const splitKeywords = (s: string) => s.split(' ').filter(Boolean);
const joinKeywords = (list: string[] | undefined) => [...new Set((list ?? []).map((k) => k.replace(/\s+/g, '')))].filter(Boolean).join(' ');
/** A LIKE pattern matching `q` literally (escape character `!`, as in the other searches). */
const likeOf = (q: string) => `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** The ticket type bound to the category or to its nearest ancestor (a child inherits its parent's type). */
export function effectiveTicketType(categoryId: number, byId: Map<number, KbCategoryRow>): string | null {
  let row = byId.get(categoryId);
  // The depth bound guards against a cycle the update checks should already have refused.
  for (let hops = 0; row && hops < 64; hops += 1) {
    if (row.ticket_type) return row.ticket_type;
    row = row.parent_id === null ? undefined : byId.get(row.parent_id);
  }
  return null;
}

const toArticle = (r: KbArticleRow, byId: Map<number, KbCategoryRow>): KbArticleItem => ({
  id: r.id,
  categoryId: r.category_id,
  categoryCode: byId.get(r.category_id)!.code,
  categoryName: byId.get(r.category_id)!.name,
  ticketType: effectiveTicketType(r.category_id, byId),
  title: r.title,
  content: r.content,
  keywords: splitKeywords(r.keywords),
  enabled: Boolean(r.enabled),
  updatedAt: new Date(r.updated_at).toISOString(),
});

async function categoriesById(services: Services, tx?: Transaction) {
  const rows = await kbCategoryModel(services.dbs.group).findAll({ raw: true, transaction: tx });
  return new Map(rows.map((r) => [r.id, r]));
}

/** Articles by title / keyword search, in a category (with its sub-categories) or a ticket type's categories. */
export async function listArticles(services: Services, q: z.output<typeof kbArticleListQuery>): Promise<Page<KbArticleItem>> {
  const tree = await listCategories(services, { ticketType: q.ticketType, includeDisabled: q.includeDisabled });
  let ids = tree.map((c) => c.id);
  if (q.categoryId) {
    const start = tree.findIndex((c) => c.id === q.categoryId);
    if (start < 0) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    const end = tree.findIndex((c, i) => i > start && c.depth <= tree[start]!.depth);
    ids = tree.slice(start, end < 0 ? undefined : end).map((c) => c.id);
  }
  const esc = (v: string) => services.dbs.group.escape(v);
  const where: WhereOptions<KbArticleRow> = {
    category_id: { [Op.in]: ids.length ? ids : [0] },
    ...(q.includeDisabled ? {} : { enabled: true }),
    ...(q.q && {
      [Op.and]: [literal(`(title LIKE ${esc(likeOf(q.q))} ESCAPE '!' OR keywords LIKE ${esc(likeOf(q.q))} ESCAPE '!')`)],
    }),
  };
  const { rows, count } = await kbArticleModel(services.dbs.group).findAndCountAll({
    where,
    order: [
      ['updated_at', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
    raw: true,
  });
  const cats = await categoriesById(services);
  return { items: rows.map((r) => toArticle(r, cats)), total: count, page: q.page, pageSize: q.pageSize };
}

async function findArticle(services: Services, id: number, tx?: Transaction) {
  const row = await kbArticleModel(services.dbs.group).findByPk(id, { transaction: tx });
  if (!row) throw notFound('知识条目');
  return row;
}

async function categoryOf(services: Services, id: number, tx: Transaction, field = 'body.categoryId') {
  const row = await kbCategoryModel(services.dbs.group).findByPk(id, { raw: true, transaction: tx });
  if (!row) throw invalid(field, '知识库分类不存在');
  return row;
}

export async function getArticle(services: Services, id: number): Promise<KbArticleItem> {
  const row = (await findArticle(services, id)).get({ plain: true });
  return toArticle(row, await categoriesById(services));
}

export async function createArticle(services: Services, body: z.output<typeof kbArticleCreateBody>, tx: Transaction, audit: Audit) {
  const category = await categoryOf(services, body.categoryId, tx);
  const created = await kbArticleModel(services.dbs.group).create(
    {
      category_id: category.id,
      title: body.title,
      content: body.content,
      keywords: joinKeywords(body.keywords),
      enabled: body.enabled ?? true,
    },
    { transaction: tx },
  );
  const row = created.get({ plain: true });
  await audit({
    action: 'kb.article.create',
    entityType: 'kb_article',
    entityId: row.id,
    orgId: await rootOrgId(services),
    after: row,
    reason: body.reason,
  });
  return toArticle(row, await categoriesById(services, tx));
}

export async function updateArticle(
  services: Services,
  id: number,
  body: z.output<typeof kbArticleUpdateBody>,
  tx: Transaction,
  audit: Audit,
) {
  const row = await findArticle(services, id, tx);
  await categoryOf(services, body.categoryId ?? row.category_id, tx);
  const before = snapshot(row);
  await row.update(
    {
      ...(body.categoryId !== undefined && { category_id: body.categoryId }),
      ...(body.title !== undefined && { title: body.title }),
      ...(body.content !== undefined && { content: body.content }),
      ...(body.keywords !== undefined && { keywords: joinKeywords(body.keywords) }),
      ...(body.enabled !== undefined && { enabled: body.enabled }),
    },
    { transaction: tx },
  );
  const after = row.get({ plain: true });
  await audit({
    action: 'kb.article.update',
    entityType: 'kb_article',
    entityId: id,
    orgId: await rootOrgId(services),
    before,
    after,
    reason: body.reason,
  });
  return toArticle(after, await categoriesById(services, tx));
}

export async function deleteArticle(services: Services, id: number, tx: Transaction, audit: Audit, reason?: string) {
  const row = await findArticle(services, id, tx);
  const before = snapshot(row);
  await row.destroy({ transaction: tx });
  await audit({ action: 'kb.article.delete', entityType: 'kb_article', entityId: id, orgId: await rootOrgId(services), before, reason });
}
