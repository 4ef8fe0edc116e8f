import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/** Group supervision (督办) of a subsidiary's tickets: order, deadline, progress reports and the kept result. */
export const up: MigrationFn = async ({ qi }) => {
  await qi.createTable('supervisions', {
    id: col.id(),
    ticket_id: col.fk(),
    instance_key: col.str(64),
    requirement: col.str(1000),
    deadline: col.date(false),
    status: col.str(16),
    reports: col.text(),
    result: col.text(),
    ordered_by: col.fk(),
    overdue_at: col.date(),
    closed_at: col.date(),
    ...col.timestamps(),
  });
  await qi.addIndex('supervisions', ['ticket_id'], { name: 'supervisions_ticket_ix' });
  await qi.addIndex('supervisions', ['instance_key'], { unique: true, name: 'supervisions_instance_uq' });
  await qi.addIndex('supervisions', ['status', 'deadline'], { name: 'supervisions_status_deadline_ix' });
};
