import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/**
 * Notifications (docs/decisions/0008): the outbox (one row per user, channel and event, deduplicated
 * by `dedupe_key`), one-time SSE stream tickets, scheduler run claims (one run per job and slot across
 * server processes) and the overdue escalation levels already applied to a ticket.
 */
export const up: MigrationFn = async ({ qi }) => {
  await qi.createTable('notifications', {
    id: col.id(),
    user_id: col.fk(),
    channel: col.str(16),
    kind: col.str(32),
    title: col.str(200),
    body: col.str(1000),
    address: col.str(64, true),
    subsidiary_id: col.fk(true),
    ticket_id: col.fk(true),
    ticket_no: col.str(32, true),
    dedupe_key: col.str(190),
    status: col.str(16),
    attempts: col.int(false, 0),
    next_attempt_at: col.date(false),
    claimed_until: col.date(),
    claim_token: col.str(40, true),
    provider: col.str(32, true),
    last_error: col.str(500, true),
    created_at: col.date(false),
    sent_at: col.date(),
    read_at: col.date(),
  });
  await qi.addIndex('notifications', ['dedupe_key'], { unique: true, name: 'notifications_dedupe_uq' });
  await qi.addIndex('notifications', ['status', 'next_attempt_at'], { name: 'notifications_due_ix' });
  await qi.addIndex('notifications', ['user_id', 'channel', 'id'], { name: 'notifications_user_ix' });
  await qi.addIndex('notifications', ['claim_token'], { name: 'notifications_claim_ix' });

  await qi.createTable('notification_stream_tickets', {
    token_hash: { ...col.str(64), primaryKey: true },
    user_id: col.fk(),
    expires_at: col.date(false),
  });

  await qi.createTable('scheduler_runs', {
    id: col.id(),
    job: col.str(64),
    slot: col.str(32),
    owner: col.str(64),
    started_at: col.date(false),
    finished_at: col.date(),
    result: col.str(1000, true),
  });
  await qi.addIndex('scheduler_runs', ['job', 'slot'], { unique: true, name: 'scheduler_runs_job_slot_uq' });

  await qi.createTable('ticket_escalations', {
    id: col.id(),
    subsidiary_id: col.fk(),
    ticket_id: col.fk(),
    level: col.int(),
    created_at: col.date(false),
  });
  await qi.addIndex('ticket_escalations', ['subsidiary_id', 'ticket_id', 'level'], { unique: true, name: 'ticket_escalations_uq' });
};
