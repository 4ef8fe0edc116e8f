import { DEFAULT_WORKER_SKILLS, WORKER_SKILL_DICTIONARY } from '@warmline/contracts';
import { QueryTypes } from 'sequelize';
import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/**
 * Worker profiles (skills, service areas, on duty) of repair and grid workers, and the `worker_skill`
 * dictionary they draw from. Each skill item's `extra_json` lists the ticket types (and knowledge-base
 * categories) that need it — the mapping the assignment suggestions use; admins edit it like any item.
 */
export const up: MigrationFn = async ({ qi, sequelize }) => {
  await qi.createTable('worker_profiles', {
    user_id: { ...col.fk(), primaryKey: true },
    subsidiary_id: col.fk(),
    skills: col.text(false),
    area_node_ids: col.text(false),
    on_duty: col.bool(true),
    ...col.timestamps(),
  });
  await qi.addIndex('worker_profiles', ['subsidiary_id'], { name: 'worker_profiles_subsidiary_ix' });

  const now = new Date();
  const found = await sequelize.query<{ id: number }>('SELECT id FROM dict_categories WHERE code = ?', {
    replacements: [WORKER_SKILL_DICTIONARY],
    type: QueryTypes.SELECT,
  });
  if (found.length > 0) return;
  await qi.bulkInsert('dict_categories', [
    {
      code: WORKER_SKILL_DICTIONARY,
      name: '维修技能',
      description: '维修人员的技能；附加属性 ticketTypes / categories 指明哪些工单类型或分类需要该技能（派工建议使用）',
      builtin: true,
      enabled: true,
      created_at: now,
      updated_at: now,
    },
  ]);
  const [category] = await sequelize.query<{ id: number }>('SELECT id FROM dict_categories WHERE code = ?', {
    replacements: [WORKER_SKILL_DICTIONARY],
    type: QueryTypes.SELECT,
  });
  await qi.bulkInsert(
    'dict_items',
    DEFAULT_WORKER_SKILLS.map((s, i) => ({
      category_id: category.id,
      code: s.code,
      label: s.label,
      sort: (i + 1) * 10,
      enabled: true,
      core: false,
      extra_json: JSON.stringify({ ticketTypes: s.ticketTypes, categories: [] }),
      created_at: now,
      updated_at: now,
    })),
  );
};
