import { BUILTIN_DICTIONARIES } from '@warmline/contracts';
import { dictCategoryModel, dictItemModel } from '../modules/dictionaries/dictionary.model.js';
import type { Services } from '../services.js';

/**
 * Seed the builtin dictionaries. Idempotent: inserts only missing categories and items, never
 * overwrites what administrators changed (labels, order, enabled), so it runs on every start.
 */
export async function ensureDictionaries(services: Services): Promise<void> {
  const db = services.dbs.group;
  await db.transaction(async (transaction) => {
    const categories = dictCategoryModel(db);
    const items = dictItemModel(db);
    for (const dict of BUILTIN_DICTIONARIES) {
      let category = await categories.findOne({ where: { code: dict.code }, transaction });
      category ??= await categories.create(
        { code: dict.code, name: dict.name, description: dict.description, builtin: true, enabled: true },
        { transaction },
      );
      const existing = new Set((await items.findAll({ where: { category_id: category.id }, raw: true, transaction })).map((i) => i.code));
      const missing = dict.items.map((item, index) => ({ ...item, sort: (index + 1) * 10 })).filter((item) => !existing.has(item.code));
      if (missing.length === 0) continue;
      await items.bulkCreate(
        missing.map((item) => ({
          category_id: category.id,
          code: item.code,
          label: item.label,
          sort: item.sort,
          enabled: true,
          core: item.core ?? false,
          extra_json: null,
        })),
        { transaction },
      );
    }
  });
}
