import type { QueryInterface } from 'sequelize';
import { col } from '../../columns.js';

/** The audit table, identical in the group database and every subsidiary database. */
export async function auditTable(qi: QueryInterface) {
  await qi.createTable('audit_logs', {
    id: col.id(),
    at: col.date(false),
    actor_id: col.fk(true),
    actor_name: col.str(64, true),
    action: col.str(64),
    entity_type: col.str(64),
    entity_id: col.str(64, true),
    org_id: col.fk(true),
    before_json: col.text(),
    after_json: col.text(),
    reason: col.str(500, true),
    request_id: col.str(64, true),
    ip: col.str(64, true),
  });
  await qi.addIndex('audit_logs', ['at']);
  await qi.addIndex('audit_logs', ['entity_type', 'entity_id']);
  await qi.addIndex('audit_logs', ['actor_id']);
}
