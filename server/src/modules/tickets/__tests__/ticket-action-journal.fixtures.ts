import { QueryTypes } from 'sequelize';
import type { TestServer, WorldSubsidiary } from '../../../testing/index.js';
import type { TenantHandle } from '../../../tenancy/tenant-handle.js';
import { ticketActionIntentModel } from '../ticket-action-journal.js';

/**
 * A real database failure of the action's transaction: a trigger aborts every operator-written
 * timeline entry of `ticketId` (the projector's entries have no operator and pass) until `restore`.
 */
export async function failTimelineWrites(tenant: TenantHandle, ticketId: number): Promise<() => Promise<void>> {
  const name = `wl_test_fail_events_${ticketId}`;
  const when = `NEW.ticket_id = ${Number(ticketId)} AND NEW.actor_id IS NOT NULL`;
  if (tenant.db.getDialect() === 'sqlite') {
    await tenant.db.query(
      `CREATE TRIGGER ${name} BEFORE INSERT ON ticket_events WHEN ${when} BEGIN SELECT RAISE(ABORT, 'injected timeline failure'); END`,
    );
  } else {
    await tenant.db.query(
      `CREATE TRIGGER ${name} BEFORE INSERT ON ticket_events FOR EACH ROW BEGIN IF ${when} THEN ` +
        `SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected timeline failure'; END IF; END`,
    );
  }
  return async () => {
    await tenant.db.query(`DROP TRIGGER IF EXISTS ${name}`);
  };
}

export const tenantOf = (server: TestServer, sub: WorldSubsidiary) => server.services.tenants.byId(sub.id);

/** Operator-written timeline entries of `kind` (the projector's own have no operator). */
export async function operatorEntries(tenant: TenantHandle, ticketId: number, kind: string) {
  return tenant.db.query<{
    id: number;
    actor_id: number;
    actor_name: string;
    reason: string | null;
    data: string;
    task_key: string | null;
  }>(
    'SELECT id, actor_id, actor_name, reason, data, task_key FROM ticket_events WHERE ticket_id = ? AND kind = ? AND actor_id IS NOT NULL ORDER BY id',
    { replacements: [ticketId, kind], type: QueryTypes.SELECT },
  );
}

/** Audit records `action` of the ticket, oldest first, with their `after` parsed. */
export async function auditOf(tenant: TenantHandle, ticketId: number, action: string) {
  const rows = await tenant.db.query<{ actor_id: number; actor_name: string; reason: string | null; after_json: string }>(
    'SELECT actor_id, actor_name, reason, after_json FROM audit_logs WHERE action = ? AND entity_type = ? AND entity_id = ? ORDER BY id',
    { replacements: [action, 'ticket', String(ticketId)], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ ...r, after: JSON.parse(r.after_json) as Record<string, unknown> }));
}

/** The journal's intents of the ticket. */
export const intentsOf = (tenant: TenantHandle, ticketId: number) =>
  ticketActionIntentModel(tenant.db).findAll({ where: { ticket_id: ticketId }, raw: true });
