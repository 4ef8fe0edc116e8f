import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/** Business calendars with per-date overrides, SLA rules and approval chains (group-wide configuration). */
export const up: MigrationFn = async ({ qi }) => {
  await qi.createTable('business_calendars', {
    id: col.id(),
    name: { ...col.str(64), unique: true },
    description: col.str(255, true),
    time_zone: col.str(64),
    working_hours_json: col.text(false),
    ...col.timestamps(),
  });

  await qi.createTable('calendar_overrides', {
    id: col.id(),
    calendar_id: col.fk(),
    date: col.str(10),
    kind: col.str(16),
    name: col.str(64),
    ...col.timestamps(),
  });
  await qi.addIndex('calendar_overrides', ['calendar_id', 'date'], { unique: true, name: 'calendar_overrides_calendar_date' });

  await qi.createTable('sla_rules', {
    id: col.id(),
    name: col.str(64),
    description: col.str(255, true),
    ticket_type: col.str(48, true),
    urgency: col.str(48, true),
    source: col.str(48, true),
    handle_minutes: col.int(),
    remind_before_minutes: col.int(false, 0),
    time_mode: col.str(16),
    calendar_id: col.fk(true),
    pause_on_customer_wait: col.bool(false),
    enabled: col.bool(true),
    ...col.timestamps(),
  });

  await qi.createTable('approval_chains', {
    id: col.id(),
    /** Null: the group default. */
    subsidiary_id: col.fk(true),
    operation: col.str(32),
    levels_json: col.str(255),
    ...col.timestamps(),
  });
  await qi.addIndex('approval_chains', ['subsidiary_id', 'operation'], { name: 'approval_chains_subsidiary_operation' });
};
