import type { Sequelize, Transaction } from 'sequelize';
import type { PageVersionSource } from '@warmline/contracts';
import { pageModel, pageVersionModel, type PageInstance, type PageVersionRow } from './page.model.js';

export interface VersionAuthor {
  id: number | null;
  name: string | null;
}

/**
 * The page row, locked for the rest of `tx` (MySQL `SELECT … FOR UPDATE`; on SQLite the transaction
 * already holds the write lock), so two saves of one page take turns and neither loses its version.
 */
export async function lockPage(db: Sequelize, key: string, tx: Transaction) {
  return pageModel(db).findOne({ where: { page_key: key }, transaction: tx, lock: tx.LOCK.UPDATE });
}

/**
 * Append a version to a locked page and point the page at it. Versions are numbered from the
 * highest stored one, never rewritten; the unique (page_key, version) index refuses a duplicate.
 */
export async function appendVersion(
  db: Sequelize,
  page: PageInstance,
  v: { schemaJson: string; source: PageVersionSource; comment: string | null; author: VersionAuthor },
  tx: Transaction,
): Promise<PageVersionRow> {
  const highest: unknown = await pageVersionModel(db).max('version', { where: { page_key: page.page_key }, transaction: tx });
  const created = await pageVersionModel(db).create(
    {
      page_key: page.page_key,
      version: Number(highest) + 1,
      schema_json: v.schemaJson,
      source: v.source,
      comment: v.comment,
      created_by: v.author.id,
      created_by_name: v.author.name,
    },
    { transaction: tx },
  );
  const row = created.get({ plain: true });
  await page.update({ current_version: row.version }, { transaction: tx });
  return row;
}
