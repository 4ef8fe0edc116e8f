import { QueryTypes } from 'sequelize';
import type { MigrationFn } from '../../migrator.js';

/**
 * One timeline entry per ticket, kind and key (docs/decisions/0007): the projector's entries are
 * keyed by task, instance end or SLA flag, and two server processes replaying the same engine event
 * must not both write one. Entries without a key (most actions) are not concerned: NULLs never
 * collide. Duplicates written before the index (the later copies) are removed first.
 */
export const up: MigrationFn = async ({ qi, sequelize }) => {
  const dupes = await sequelize.query<{ id: number }>(
    `SELECT e.id FROM ticket_events e
     WHERE e.task_key IS NOT NULL AND EXISTS (
       SELECT 1 FROM ticket_events f
       WHERE f.ticket_id = e.ticket_id AND f.kind = e.kind AND f.task_key = e.task_key AND f.id < e.id)`,
    { type: QueryTypes.SELECT },
  );
  const ids = dupes.map((d) => Number(d.id));
  for (let i = 0; i < ids.length; i += 500) await qi.bulkDelete('ticket_events', { id: ids.slice(i, i + 500) });
  await qi.addIndex('ticket_events', ['ticket_id', 'kind', 'task_key'], { name: 'ticket_events_key_uq', unique: true });
};
