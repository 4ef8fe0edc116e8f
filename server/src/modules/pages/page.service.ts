import type { Transaction } from 'sequelize';
import type { z } from 'zod';
import type {
  PageDetail,
  PageListItem,
  PageMenu,
  PageSaveResult,
  PageVersionDetail,
  PageVersionItem,
  Permission,
  pageRollbackBody,
  pageSaveBody,
} from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { forbidden, invalid, notFound } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import { pageModel, pageVersionModel, type PageRow, type PageVersionRow } from './page.model.js';
import { appendVersion, lockPage } from './page-versions.js';

type Audit = (e: AuditEntry) => Promise<void>;
interface Change {
  user: AuthUser;
  tx: Transaction;
  audit: Audit;
}

/** Pages are group-wide: their audit records belong to the group root. */
const rootOrgId = async (services: Services) => (await services.orgs.all()).find((o) => o.parent_id === null)?.id ?? null;

const iso = (d: Date | string) => new Date(d).toISOString();
const parseMenu = (raw: string | null): PageMenu | null => (raw ? (JSON.parse(raw) as PageMenu) : null);
const parseSchema = (raw: string) => JSON.parse(raw) as Record<string, unknown>;

/** A user sees a page when it needs no permission or they hold the one it names. */
export const maySee = (user: AuthUser, page: Pick<PageRow, 'permission'>) =>
  page.permission === null || user.permissions.has(page.permission as Permission);

const toListItem = (p: PageRow): PageListItem => ({
  key: p.page_key,
  title: p.title,
  permission: p.permission,
  menu: parseMenu(p.menu_json),
  version: p.current_version,
  updatedAt: iso(p.updated_at),
});

const toVersionItem = (v: Omit<PageVersionRow, 'schema_json'>): PageVersionItem => ({
  version: v.version,
  comment: v.comment,
  createdAt: iso(v.created_at),
  createdBy: v.created_by_name,
  source: v.source,
});

/**
 * Menu order: pages in the menu first, their groups ordered by the smallest `order` among the
 * group's pages (then name), pages by `order` then key; pages outside the menu last, by key.
 */
export function sortForMenu(items: PageListItem[]): PageListItem[] {
  const groupRank = new Map<string, number>();
  for (const i of items) if (i.menu) groupRank.set(i.menu.group, Math.min(groupRank.get(i.menu.group) ?? Infinity, i.menu.order));
  return [...items].sort((a, b) => {
    if (!a.menu || !b.menu) return a.menu ? -1 : b.menu ? 1 : a.key.localeCompare(b.key);
    if (a.menu.group !== b.menu.group) {
      const byRank = groupRank.get(a.menu.group)! - groupRank.get(b.menu.group)!;
      return byRank || a.menu.group.localeCompare(b.menu.group);
    }
    return a.menu.order - b.menu.order || a.key.localeCompare(b.key);
  });
}

export async function listPages(services: Services, user: AuthUser): Promise<{ items: PageListItem[] }> {
  const rows = await pageModel(services.dbs.group).findAll({ raw: true });
  return { items: sortForMenu(rows.filter((p) => maySee(user, p)).map(toListItem)) };
}

async function findPage(services: Services, key: string, tx?: Transaction) {
  const row = await pageModel(services.dbs.group).findOne({ where: { page_key: key }, raw: true, transaction: tx });
  if (!row) throw notFound('页面');
  return row;
}

async function findVersion(services: Services, key: string, version: number, tx?: Transaction) {
  return pageVersionModel(services.dbs.group).findOne({ where: { page_key: key, version }, raw: true, transaction: tx });
}

/** The current schema of a page. Page maintainers may read every page, others the ones they may see. */
export async function getPage(services: Services, user: AuthUser, key: string): Promise<PageDetail> {
  const page = await findPage(services, key);
  if (!maySee(user, page) && !user.permissions.has('page:manage')) throw forbidden('没有查看此页面的权限');
  const current = await findVersion(services, key, page.current_version);
  if (!current) throw notFound('页面版本');
  return { ...toListItem(page), schema: parseSchema(current.schema_json), updatedBy: current.created_by_name };
}

export async function listVersions(services: Services, key: string): Promise<{ items: PageVersionItem[] }> {
  await findPage(services, key);
  const rows = await pageVersionModel(services.dbs.group).findAll({
    where: { page_key: key },
    attributes: { exclude: ['schema_json'] },
    order: [['version', 'DESC']],
    raw: true,
  });
  return { items: rows.map(toVersionItem) };
}

export async function getVersion(services: Services, key: string, version: number): Promise<PageVersionDetail> {
  await findPage(services, key);
  const row = await findVersion(services, key, version);
  if (!row) throw notFound('页面版本');
  return { key, ...toVersionItem(row), schema: parseSchema(row.schema_json) };
}

const bytesOf = (json: string) => Buffer.byteLength(json, 'utf8');
const authorOf = (user: AuthUser) => ({ id: user.id, name: user.displayName });

interface NewVersion {
  schemaJson: string;
  source: 'edited' | 'rollback';
  comment: string | null;
  /** Extra facts for the audit record. */
  details: Record<string, unknown>;
}

/** Lock the page, append the version `build` describes, move the pointer and audit it, in `tx`. */
async function addVersion(
  services: Services,
  key: string,
  { user, tx, audit }: Change,
  action: string,
  build: () => Promise<NewVersion>,
): Promise<PageSaveResult> {
  const db = services.dbs.group;
  const page = await lockPage(db, key, tx);
  if (!page) throw notFound('页面');
  const previous = page.current_version;
  const v = await build();
  const row = await appendVersion(db, page, { schemaJson: v.schemaJson, source: v.source, comment: v.comment, author: authorOf(user) }, tx);
  await audit({
    action,
    entityType: 'page',
    entityId: key,
    orgId: await rootOrgId(services),
    before: { key, version: previous },
    after: { key, version: row.version, source: row.source, comment: row.comment, ...v.details },
    reason: row.comment,
  });
  return { key, version: row.version };
}

/** Save a new version of a page's schema; it is live at once. Earlier versions stay as they were. */
export function savePage(services: Services, key: string, body: z.output<typeof pageSaveBody>, change: Change): Promise<PageSaveResult> {
  return addVersion(services, key, change, 'page.save', async () => {
    const schemaJson = JSON.stringify(body.schema);
    return { schemaJson, source: 'edited', comment: body.comment || null, details: { bytes: bytesOf(schemaJson) } };
  });
}

/** Make an earlier version current again, as a new version holding a copy of its schema. */
export function rollbackPage(
  services: Services,
  key: string,
  body: z.output<typeof pageRollbackBody>,
  change: Change,
): Promise<PageSaveResult> {
  return addVersion(services, key, change, 'page.rollback', async () => {
    const target = await findVersion(services, key, body.version, change.tx);
    if (!target) throw invalid('body.version', `该页面没有第 ${body.version} 版`);
    const comment = body.comment || `回滚到第 ${body.version} 版`;
    return { schemaJson: target.schema_json, source: 'rollback', comment, details: { copiedFrom: body.version } };
  });
}
