import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/**
 * Call records (通话记录, docs/decisions/0014): one row per call — direction, the caller's number
 * (normalised) and the number called, the agent, start and end, the customer / house found, the
 * ticket the call led to, a note. `external_id` is the telephony adapter's call id (unique when set).
 */
export const up: MigrationFn = async ({ qi }) => {
  await qi.createTable('call_records', {
    id: col.id(),
    direction: col.str(16),
    caller_number: col.str(20),
    caller_raw: col.str(40),
    callee_number: col.str(40, true),
    agent_id: col.fk(true),
    agent_name: col.str(64, true),
    started_at: col.date(false),
    ended_at: col.date(),
    customer_id: col.fk(true),
    house_id: col.fk(true),
    ticket_id: col.fk(true),
    note: col.str(500, true),
    source: col.str(16),
    external_id: col.str(64, true),
    ...col.timestamps(),
  });
  await qi.addIndex('call_records', ['caller_number', 'started_at'], { name: 'call_records_caller_ix' });
  await qi.addIndex('call_records', ['customer_id', 'started_at'], { name: 'call_records_customer_ix' });
  await qi.addIndex('call_records', ['ticket_id'], { name: 'call_records_ticket_ix' });
  await qi.addIndex('call_records', ['external_id'], { name: 'call_records_external_uq', unique: true });
};
