/** What a route tells the audit log about one change. Who, when and the request id are added for it. */
export interface AuditEntry {
  /** Verb in `entity.verb` form, e.g. `house.create`, `org.update`. */
  action: string;
  entityType: string;
  entityId?: string | number | null;
  /** The org unit the change belongs to, for scoped audit queries. */
  orgId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}
