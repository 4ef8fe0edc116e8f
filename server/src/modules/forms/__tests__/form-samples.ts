import { Transaction } from 'sequelize';
import type { FixtureEnv } from '../../../testing/index.js';
import type { Services } from '../../../services.js';
import { serializeSqliteWrites } from '../../../db/sqlite-write-queue.js';
import { formModel } from '../form.model.js';
import { appendFormVersion } from '../form-versions.js';

/** A usable form-js schema with one required text field (and more fields when given). */
export const sampleFormSchema = (formId: string, extra: Record<string, unknown>[] = []) => ({
  type: 'default',
  id: formId,
  schemaVersion: 19,
  components: [
    { type: 'text', id: 'Text_1', text: '### 测试表单' },
    { type: 'textfield', id: 'Field_note', key: 'note', label: '备注', validate: { required: true } },
    ...extra,
  ],
});

/** Store a form directly (version 1), owned by a subsidiary or the group (null). */
export async function storeForm(services: Services, formId: string, name: string, ownerOrgId: number | null): Promise<void> {
  const db = services.dbs.group;
  const tx = db.getDialect() === 'sqlite' ? { type: Transaction.TYPES.IMMEDIATE } : {};
  await serializeSqliteWrites(db, () =>
    db.transaction(tx, async (t) => {
      const form = await formModel(db).create(
        { form_id: formId, name, owner_org_id: ownerOrgId, current_version: 0, shipped_hash: null },
        { transaction: t },
      );
      await appendFormVersion(
        db,
        form,
        { name, schemaJson: JSON.stringify(sampleFormSchema(formId)), source: 'edited', comment: null, author: { id: null, name: null } },
        t,
      );
    }),
  );
}

/** A fresh form owned by the fixture's target subsidiary, its name carrying the marker. */
export async function fixtureForm(env: Pick<FixtureEnv, 'server' | 'unique' | 'target' | 'marker'>): Promise<string> {
  const formId = `fx-${env.unique()}`;
  await storeForm(env.server.services, formId, `表单${env.marker}`, env.target.id);
  return formId;
}
