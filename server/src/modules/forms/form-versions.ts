import type { Sequelize, Transaction } from 'sequelize';
import type { FormVersionSource } from '@warmline/contracts';
import { formModel, formVersionModel, type FormInstance, type FormVersionRow } from './form.model.js';

export interface VersionAuthor {
  id: number | null;
  name: string | null;
}

/**
 * The form row, locked for the rest of `tx` (MySQL `SELECT … FOR UPDATE`; on SQLite the transaction
 * already holds the write lock), so two saves of one form take turns and neither loses its version.
 */
export async function lockForm(db: Sequelize, formId: string, tx: Transaction) {
  return formModel(db).findOne({ where: { form_id: formId }, transaction: tx, lock: tx.LOCK.UPDATE });
}

/**
 * Append a version to a locked form and point the form (and its name) at it. Versions are numbered
 * from the highest stored one, never rewritten; the unique (form_id, version) index refuses a duplicate.
 */
export async function appendFormVersion(
  db: Sequelize,
  form: FormInstance,
  v: { name: string; schemaJson: string; source: FormVersionSource; comment: string | null; author: VersionAuthor },
  tx: Transaction,
): Promise<FormVersionRow> {
  const highest: unknown = await formVersionModel(db).max('version', { where: { form_id: form.form_id }, transaction: tx });
  const created = await formVersionModel(db).create(
    {
      form_id: form.form_id,
      version: Number(highest ?? 0) + 1,
      name: v.name,
      schema_json: v.schemaJson,
      source: v.source,
      comment: v.comment,
      created_by: v.author.id,
      created_by_name: v.author.name,
    },
    { transaction: tx },
  );
  const row = created.get({ plain: true });
  await form.update({ current_version: row.version, name: v.name }, { transaction: tx });
  return row;
}
