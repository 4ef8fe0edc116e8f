import type { Transaction } from 'sequelize';
import { dictCategoryModel, dictItemModel } from '../dictionaries/dictionary.model.js';
import type { Services } from '../../services.js';
import type { TicketTypeRow } from './ticket-type.model.js';

/**
 * Ticket types are mirrored into the `ticket_type` dictionary (code, name → label, sort, enabled), so
 * SLA rules, approval chains and every dictionary consumer validate against the same codes without
 * knowing about `ticket_types`. `ticket_types` is the source of truth; the mirror is written in the
 * same group transaction as the type.
 */
export async function syncDictMirror(services: Services, type: TicketTypeRow, tx: Transaction): Promise<void> {
  const db = services.dbs.group;
  const category = await dictCategoryModel(db).findOne({ where: { code: 'ticket_type' }, transaction: tx });
  if (!category) return;
  const items = dictItemModel(db);
  const values = { label: type.name, sort: type.sort, enabled: Boolean(type.enabled) };
  const item = await items.findOne({ where: { category_id: category.id, code: type.code }, transaction: tx });
  if (item) {
    await item.update(values, { transaction: tx });
    return;
  }
  await items.create(
    { category_id: category.id, code: type.code, core: Boolean(type.core), extra_json: null, ...values },
    { transaction: tx },
  );
}

export async function removeDictMirror(services: Services, code: string, tx: Transaction): Promise<void> {
  const db = services.dbs.group;
  const category = await dictCategoryModel(db).findOne({ where: { code: 'ticket_type' }, transaction: tx });
  if (!category) return;
  await dictItemModel(db).destroy({ where: { category_id: category.id, code, core: false }, transaction: tx });
}
