import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transaction, UniqueConstraintError, type Sequelize } from 'sequelize';
import { formTitle, readFormFile, SCHEMAS_DIR, type FormSchema } from '@warmline/forms';
import { writeAudit, type AuditActor } from '../../audit/audit.writer.js';
import type { Services } from '../../services.js';
import { serializeSqliteWrites } from '../../db/sqlite-write-queue.js';
import { formModel, formVersionModel } from './form.model.js';
import { appendFormVersion, lockForm } from './form-versions.js';

/** What syncing one shipped file did. */
export type FormSyncOutcome = 'created' | 'updated' | 'unchanged' | 'kept-edited';

const SYSTEM: AuditActor = { id: null, name: '系统', requestId: null, ip: null };
const SHIPPED_AUTHOR = { id: null, name: null };
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

const SUFFIX = '.form.json';

/**
 * The shipped form files of `dir` (`<formId>.form.json`), each checked with `@warmline/forms` and its
 * id equal to its file name: a broken file stops the start (a release defect, not user input).
 */
export function readShippedForms(dir: string): FormSchema[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(SUFFIX))
    .sort()
    .map((f) => readFormFile(path.join(dir, f), f.slice(0, -SUFFIX.length)));
}

/**
 * Sync the shipped form files into the group database (docs/decisions/0012, the rules of pages in
 * 0010): a new file becomes version 1, owned by the group; a file whose schema changed becomes a
 * new `shipped` version only while the form's current version is itself `shipped` — an
 * administrator's edit is never replaced silently.
 */
export async function syncShippedForms(services: Services, dir: string = SCHEMAS_DIR): Promise<Record<string, FormSyncOutcome>> {
  const outcomes: Record<string, FormSyncOutcome> = {};
  for (const schema of readShippedForms(dir)) outcomes[schema.id] = await syncShippedForm(services, schema);
  const changed = Object.entries(outcomes).filter(([, o]) => o !== 'unchanged');
  services.logger.info({ dir, forms: Object.keys(outcomes).length, changed: Object.fromEntries(changed) }, 'shipped forms synced');
  return outcomes;
}

/** Sync one shipped form. Two servers starting at once may both insert it: the loser retries and finds it there. */
export async function syncShippedForm(services: Services, schema: FormSchema): Promise<FormSyncOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await syncOne(services, schema);
    } catch (err) {
      if (!(err instanceof UniqueConstraintError) || attempt >= 3) throw err;
    }
  }
}

const txOptions = (db: Sequelize) => (db.getDialect() === 'sqlite' ? { type: Transaction.TYPES.IMMEDIATE } : {});

async function syncOne(services: Services, schema: FormSchema): Promise<FormSyncOutcome> {
  const db = services.dbs.group;
  const formId = schema.id;
  const schemaJson = JSON.stringify(schema);
  const hash = sha256(schemaJson);
  const name = formTitle(schema);
  const orgId = (await services.orgs.all()).find((o) => o.parent_id === null)?.id ?? null;
  return serializeSqliteWrites(db, () =>
    db.transaction(txOptions(db), async (tx) => {
      const audit = (action: string, before: unknown, after: unknown) =>
        writeAudit(db, tx, SYSTEM, { action, entityType: 'form', entityId: formId, orgId, before, after, reason: '同步随系统发布的表单' });
      let form = await lockForm(db, formId, tx);
      if (!form) {
        form = await formModel(db).create(
          { form_id: formId, name, owner_org_id: null, current_version: 0, shipped_hash: hash },
          { transaction: tx },
        );
        const v = await appendFormVersion(
          db,
          form,
          { name, schemaJson, source: 'shipped', comment: '随系统发布的默认表单', author: SHIPPED_AUTHOR },
          tx,
        );
        await audit('form.sync.create', null, { formId, name, version: v.version, source: v.source });
        return 'created';
      }
      if (form.shipped_hash === hash) return 'unchanged';
      const current = await formVersionModel(db).findOne({
        where: { form_id: formId, version: form.current_version },
        attributes: ['source'],
        raw: true,
        transaction: tx,
      });
      if (current?.source !== 'shipped') {
        services.logger.warn(
          { formId, currentVersion: form.current_version, source: current?.source },
          'shipped form file changed, but an administrator edited the form: the edit stays current',
        );
        return 'kept-edited';
      }
      const before = { formId, name: form.name, version: form.current_version };
      const v = await appendFormVersion(
        db,
        form,
        { name, schemaJson, source: 'shipped', comment: '随系统升级更新的默认表单', author: SHIPPED_AUTHOR },
        tx,
      );
      await form.update({ shipped_hash: hash }, { transaction: tx });
      await audit('form.sync.update', before, { formId, name, version: v.version, source: v.source });
      return 'updated';
    }),
  );
}
