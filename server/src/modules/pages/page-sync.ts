import crypto from 'node:crypto';
import { Transaction, UniqueConstraintError, type Sequelize } from 'sequelize';
import type { PageFile } from '@warmline/contracts';
import { writeAudit, type AuditActor } from '../../audit/audit.writer.js';
import type { Services } from '../../services.js';
import { pageModel, pageVersionModel } from './page.model.js';
import { appendVersion, lockPage } from './page-versions.js';
import { readShippedPages } from './shipped-page-files.js';
import { serializeSqliteWrites } from '../../db/sqlite-write-queue.js';

/** What syncing one shipped file did. */
export type PageSyncOutcome = 'created' | 'updated' | 'unchanged' | 'kept-edited';

const SYSTEM: AuditActor = { id: null, name: '系统', requestId: null, ip: null };
const SHIPPED_AUTHOR = { id: null, name: null };

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * Sync the shipped page files into the group database (docs/decisions/0010): a new file becomes
 * version 1; a file whose schema changed becomes a new `shipped` version only while the page's
 * current version is itself `shipped` — an administrator's edit is never replaced silently. Title,
 * permission and menu always follow the file (they are not edited at runtime).
 */
export async function syncShippedPages(services: Services, dir = services.config.pagesDir): Promise<Record<string, PageSyncOutcome>> {
  const outcomes: Record<string, PageSyncOutcome> = {};
  for (const file of readShippedPages(dir)) outcomes[file.key] = await syncShippedPage(services, file);
  const changed = Object.entries(outcomes).filter(([, o]) => o !== 'unchanged');
  services.logger.info({ dir, pages: Object.keys(outcomes).length, changed: Object.fromEntries(changed) }, 'shipped pages synced');
  return outcomes;
}

/**
 * Sync one shipped page. Two servers starting at once may both insert a new page: the loser
 * retries and finds it there.
 */
export async function syncShippedPage(services: Services, file: PageFile): Promise<PageSyncOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await syncOne(services, file);
    } catch (err) {
      if (!(err instanceof UniqueConstraintError) || attempt >= 3) throw err;
    }
  }
}

const txOptions = (db: Sequelize) => (db.getDialect() === 'sqlite' ? { type: Transaction.TYPES.IMMEDIATE } : {});

async function syncOne(services: Services, file: PageFile): Promise<PageSyncOutcome> {
  const db = services.dbs.group;
  const schemaJson = JSON.stringify(file.schema);
  const hash = sha256(schemaJson);
  const meta = { title: file.title, permission: file.permission ?? null, menu_json: file.menu ? JSON.stringify(file.menu) : null };
  const orgId = (await services.orgs.all()).find((o) => o.parent_id === null)?.id ?? null;
  return serializeSqliteWrites(db, () =>
    db.transaction(txOptions(db), async (tx) => {
      const audit = (action: string, before: unknown, after: unknown) =>
        writeAudit(db, tx, SYSTEM, {
          action,
          entityType: 'page',
          entityId: file.key,
          orgId,
          before,
          after,
          reason: '同步随系统发布的页面配置',
        });
      let page = await lockPage(db, file.key, tx);
      if (!page) {
        page = await pageModel(db).create({ page_key: file.key, ...meta, current_version: 0, shipped_hash: hash }, { transaction: tx });
        const v = await appendVersion(
          db,
          page,
          { schemaJson, source: 'shipped', comment: '随系统发布的默认配置', author: SHIPPED_AUTHOR },
          tx,
        );
        await audit('page.sync.create', null, { key: file.key, ...meta, version: v.version, source: v.source });
        return 'created';
      }
      const before = {
        key: file.key,
        title: page.title,
        permission: page.permission,
        menu_json: page.menu_json,
        version: page.current_version,
      };
      const metaChanged = page.title !== meta.title || page.permission !== meta.permission || page.menu_json !== meta.menu_json;
      let outcome: PageSyncOutcome = 'unchanged';
      if (page.shipped_hash !== hash) {
        const current = await pageVersionModel(db).findOne({
          where: { page_key: file.key, version: page.current_version },
          attributes: ['source'],
          raw: true,
          transaction: tx,
        });
        if (current?.source === 'shipped') {
          await appendVersion(db, page, { schemaJson, source: 'shipped', comment: '随系统升级更新的默认配置', author: SHIPPED_AUTHOR }, tx);
          await page.update({ shipped_hash: hash }, { transaction: tx });
          outcome = 'updated';
        } else {
          services.logger.warn(
            { page: file.key, currentVersion: page.current_version, source: current?.source },
            'shipped page file changed, but an administrator edited the page: the edit stays current',
          );
          outcome = 'kept-edited';
        }
      }
      if (metaChanged) await page.update(meta, { transaction: tx });
      if (metaChanged || outcome === 'updated') {
        await audit('page.sync.update', before, { key: file.key, ...meta, version: page.current_version });
      }
      return outcome === 'unchanged' && metaChanged ? 'updated' : outcome;
    }),
  );
}
