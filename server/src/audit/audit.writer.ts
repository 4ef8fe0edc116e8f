import type { Sequelize, Transaction } from 'sequelize';
import type { AuditEntry } from './audit.types.js';

export interface AuditActor {
  id: number | null;
  name: string | null;
  requestId: string | null;
  ip: string | null;
}

const MAX_JSON = 60_000;

const toJson = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  const s = JSON.stringify(v, (key, value: unknown) => (key === 'password_hash' || key === 'password' ? undefined : value));
  return s.length > MAX_JSON ? JSON.stringify({ truncated: true, preview: s.slice(0, 1000) }) : s;
};

/** Append one audit record to `db` inside `tx`: it commits or rolls back with the change itself. */
export async function writeAudit(db: Sequelize, tx: Transaction | undefined, actor: AuditActor, entry: AuditEntry) {
  await db.getQueryInterface().bulkInsert(
    'audit_logs',
    [
      {
        at: new Date(),
        actor_id: actor.id,
        actor_name: actor.name,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
        org_id: entry.orgId ?? null,
        before_json: toJson(entry.before),
        after_json: toJson(entry.after),
        reason: entry.reason ?? null,
        request_id: actor.requestId,
        ip: actor.ip,
      },
    ],
    { transaction: tx },
  );
}
