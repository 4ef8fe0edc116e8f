import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/** Dictionaries (字典): categories and their items, shared by every subsidiary. */
export const up: MigrationFn = async ({ qi }) => {
  await qi.createTable('dict_categories', {
    id: col.id(),
    code: { ...col.str(48), unique: true },
    name: col.str(64),
    description: col.str(255, true),
    builtin: col.bool(false),
    enabled: col.bool(true),
    ...col.timestamps(),
  });

  await qi.createTable('dict_items', {
    id: col.id(),
    category_id: col.fk(),
    code: col.str(48),
    label: col.str(64),
    sort: col.int(false, 0),
    enabled: col.bool(true),
    core: col.bool(false),
    extra_json: col.text(true),
    ...col.timestamps(),
  });
  await qi.addIndex('dict_items', ['category_id', 'code'], { unique: true, name: 'dict_items_category_code' });
};
