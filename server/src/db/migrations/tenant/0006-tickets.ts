import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/**
 * Tickets (工单) of a subsidiary: the row people and reports read (docs/decisions/0007), its timeline,
 * attachment metadata, the per-day ticket number counter and idempotency keys of ticket actions.
 */
export const up: MigrationFn = async ({ qi }) => {
  await qi.createTable('tickets', {
    id: col.id(),
    ticket_no: col.str(32),
    type_code: col.str(64),
    category_code: col.str(64, true),
    urgency: col.str(32),
    source: col.str(32),
    status: col.str(24),
    priority: col.str(16),
    title: col.str(200),
    description: col.text(),
    customer_id: col.fk(true),
    house_id: col.fk(true),
    caller_phone: col.str(20, true),
    contact_name: col.str(64, true),
    contact_phone: col.str(32, true),
    address: col.str(300, true),
    station_id: col.fk(true),
    worker_id: col.fk(true),
    agent_id: col.fk(),
    skip_level: col.bool(false),
    supervised: col.bool(false),
    is_consultation: col.bool(false),
    sla_flag: col.str(8, true),
    due_at: col.date(),
    instance_key: col.str(64, true),
    satisfaction: col.str(32, true),
    signature_attachment_id: col.fk(true),
    completed_at: col.date(),
    closed_at: col.date(),
    version: col.int(false, 0),
    ...col.timestamps(),
  });
  await qi.addIndex('tickets', ['ticket_no'], { unique: true, name: 'tickets_no_uq' });
  await qi.addIndex('tickets', ['status', 'station_id'], { name: 'tickets_status_station_ix' });
  await qi.addIndex('tickets', ['worker_id', 'status'], { name: 'tickets_worker_status_ix' });
  await qi.addIndex('tickets', ['caller_phone'], { name: 'tickets_caller_phone_ix' });
  await qi.addIndex('tickets', ['house_id'], { name: 'tickets_house_ix' });
  await qi.addIndex('tickets', ['customer_id'], { name: 'tickets_customer_ix' });
  await qi.addIndex('tickets', ['due_at'], { name: 'tickets_due_at_ix' });
  await qi.addIndex('tickets', ['created_at'], { name: 'tickets_created_at_ix' });
  await qi.addIndex('tickets', ['instance_key'], { name: 'tickets_instance_ix' });

  await qi.createTable('ticket_events', {
    id: col.id(),
    ticket_id: col.fk(),
    kind: col.str(32),
    actor_id: col.fk(true),
    actor_name: col.str(64, true),
    reason: col.str(1000, true),
    data: col.text(),
    task_key: col.str(64, true),
    created_at: col.date(false),
  });
  await qi.addIndex('ticket_events', ['ticket_id', 'id'], { name: 'ticket_events_ticket_ix' });

  await qi.createTable('ticket_attachments', {
    id: col.id(),
    ticket_id: col.fk(),
    event_id: col.fk(true),
    kind: col.str(16),
    storage_key: col.str(200),
    file_name: col.str(200),
    mime: col.str(100),
    size: col.int(),
    sha256: col.str(64),
    taken_at: col.date(),
    latitude: col.decimal(),
    longitude: col.decimal(),
    uploaded_by: col.fk(),
    created_at: col.date(false),
  });
  await qi.addIndex('ticket_attachments', ['ticket_id'], { name: 'ticket_attachments_ticket_ix' });
  await qi.addIndex('ticket_attachments', ['storage_key'], { unique: true, name: 'ticket_attachments_key_uq' });

  await qi.createTable('ticket_number_counters', {
    day: { type: col.str(8).type, primaryKey: true, allowNull: false },
    last_no: col.int(false, 0),
  });

  await qi.createTable('idempotency_keys', {
    id: col.id(),
    user_id: col.fk(),
    route_id: col.str(64),
    idem_key: col.str(100),
    status: col.int(),
    body: col.text(),
    created_at: col.date(false),
  });
  await qi.addIndex('idempotency_keys', ['user_id', 'route_id', 'idem_key'], { unique: true, name: 'idempotency_keys_uq' });
  await qi.addIndex('idempotency_keys', ['created_at'], { name: 'idempotency_keys_created_ix' });
};
