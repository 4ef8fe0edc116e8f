import type { MigrationFn } from '../../migrator.js';

/**
 * Indexes for the ticket pools (docs/decisions/0007): single-status pools sorted by due time read
 * (status, due_at) in order (InnoDB appends the id, the tie-break); the supervised and skip-level
 * pools start from their flag instead of every open ticket.
 */
export const up: MigrationFn = async ({ qi }) => {
  await qi.addIndex('tickets', ['status', 'due_at'], { name: 'tickets_status_due_ix' });
  await qi.addIndex('tickets', ['supervised', 'status'], { name: 'tickets_supervised_status_ix' });
  await qi.addIndex('tickets', ['skip_level', 'status'], { name: 'tickets_skip_level_status_ix' });
};
