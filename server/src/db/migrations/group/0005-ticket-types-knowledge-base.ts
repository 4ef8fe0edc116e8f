import { QueryTypes } from 'sequelize';
import { BUILTIN_DICTIONARIES, CORE_TICKET_TYPES, DEFAULT_TICKET_PROCESS_ID } from '@warmline/contracts';
import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/**
 * Ticket types (the 8 core types inserted here, protected) and the knowledge base: a category tree,
 * optionally per ticket type, with articles.
 */
export const up: MigrationFn = async ({ qi, sequelize }) => {
  await qi.createTable('ticket_types', {
    id: col.id(),
    code: { ...col.str(48), unique: true },
    name: col.str(64),
    description: col.str(255, true),
    core: col.bool(false),
    enabled: col.bool(true),
    is_consultation: col.bool(false),
    intake_form_id: col.str(100, true),
    process_id: col.str(100),
    sort: col.int(false, 0),
    ...col.timestamps(),
  });

  await qi.createTable('kb_categories', {
    id: col.id(),
    parent_id: col.fk(true),
    code: { ...col.str(64), unique: true },
    name: col.str(64),
    ticket_type: col.str(48, true),
    sort: col.int(false, 0),
    enabled: col.bool(true),
    ...col.timestamps(),
  });
  await qi.addIndex('kb_categories', ['parent_id'], { name: 'kb_categories_parent_ix' });

  await qi.createTable('kb_articles', {
    id: col.id(),
    category_id: col.fk(),
    title: col.str(200),
    content: col.text(false),
    /** Space-separated keywords, searched with LIKE next to the title. */
    keywords: col.str(700),
    enabled: col.bool(true),
    ...col.timestamps(),
  });
  await qi.addIndex('kb_articles', ['category_id'], { name: 'kb_articles_category_ix' });

  // The core types, named as the ticket_type dictionary names them (an administrator may have renamed one).
  const labels = new Map(
    (
      await sequelize.query<{ code: string; label: string }>(
        `SELECT i.code, i.label FROM dict_items i JOIN dict_categories c ON c.id = i.category_id WHERE c.code = 'ticket_type'`,
        { type: QueryTypes.SELECT },
      )
    ).map((r) => [r.code, r.label]),
  );
  const shipped = BUILTIN_DICTIONARIES.find((d) => d.code === 'ticket_type')!.items;
  const now = new Date();
  await qi.bulkInsert(
    'ticket_types',
    CORE_TICKET_TYPES.map((code, i) => ({
      code,
      name: labels.get(code) ?? shipped.find((s) => s.code === code)!.label,
      description: null,
      core: true,
      enabled: true,
      is_consultation: code === 'consultation',
      intake_form_id: null,
      process_id: DEFAULT_TICKET_PROCESS_ID,
      sort: (i + 1) * 10,
      created_at: now,
      updated_at: now,
    })),
  );
};
