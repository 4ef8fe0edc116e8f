import { Op } from 'sequelize';
import { loadForm } from '@warmline/forms';
import { writeAudit } from '../../audit/audit.writer.js';
import { SEED_ACTOR } from '../../seeding/seed-actor.js';
import type { Services } from '../../services.js';
import { ticketTypeModel } from '../ticket-types/ticket-type.model.js';

/**
 * Give ticket types their intake form (demo data, decision 0014): a type that has no intake form yet
 * gets the given one; a type an administrator already configured is left alone. Each change is
 * audited as `ticket-type.update` by 系统初始化. Answers how many types changed.
 */
export async function seedIntakeForms(services: Services, formsByType: Readonly<Record<string, string>>): Promise<number> {
  const db = services.dbs.group;
  return db.transaction(async (transaction) => {
    let changed = 0;
    for (const [code, formId] of Object.entries(formsByType)) {
      if (!loadForm(formId)) throw new Error(`seed: intake form ${formId} is not a shipped form`);
      const row = await ticketTypeModel(db).findOne({ where: { code, intake_form_id: { [Op.is]: null } }, transaction });
      if (!row) continue;
      const before = row.get({ plain: true });
      await row.update({ intake_form_id: formId }, { transaction });
      await writeAudit(db, transaction, SEED_ACTOR, {
        action: 'ticket-type.update',
        entityType: 'ticket_type',
        entityId: row.id,
        before,
        after: row.get({ plain: true }),
        reason: '演示数据：受理表单',
      });
      changed += 1;
    }
    return changed;
  });
}
