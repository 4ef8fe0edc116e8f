import { QueryTypes, type Sequelize } from 'sequelize';
import { GROUP_TENANT } from '../process-engine.js';

export interface DefinitionRow {
  tenant_id: string;
  process_id: string;
  version: number;
  definition_key: string;
  resource_name: string;
  xml: string;
  checksum: string;
}

const columns = 'tenant_id, process_id, version, definition_key, resource_name, xml, checksum';

/** `process_definitions` in the group database. */
export class DefinitionStore {
  /**
   * The latest version per tenant and process, briefly (starts are frequent, deploys rare). A tenant
   * without its own version is remembered too (`null`), but only while the group has one: resolving a
   * group process for a subsidiary then costs no query for the tenant's (missing) row either.
   */
  private readonly latestCache = new Map<string, { row: DefinitionRow | null; at: number }>();

  constructor(
    private readonly db: Sequelize,
    /** How long the latest version of a process is remembered; a deploy in this process forgets it at once. */
    private readonly latestTtlMs = 1000,
  ) {}

  private cached(tenantId: string, processId: string): { row: DefinitionRow | null } | undefined {
    const hit = this.latestCache.get(`${tenantId}\u0000${processId}`);
    return hit && Date.now() - hit.at < this.latestTtlMs ? hit : undefined;
  }

  private remember(tenantId: string, processId: string, row: DefinitionRow | null): void {
    this.latestCache.set(`${tenantId}\u0000${processId}`, { row, at: Date.now() });
    if (this.latestCache.size > 5000) this.latestCache.delete(this.latestCache.keys().next().value as string);
  }

  async latest(tenantId: string, processId: string): Promise<DefinitionRow | undefined> {
    const rows = await this.db.query<DefinitionRow>(
      `SELECT ${columns} FROM process_definitions WHERE tenant_id = ? AND process_id = ? ORDER BY version DESC LIMIT 1`,
      { replacements: [tenantId, processId], type: QueryTypes.SELECT },
    );
    return rows[0];
  }

  /** The tenant's own latest version, else the group-wide one. */
  async resolve(tenantId: string, processId: string, version?: number): Promise<DefinitionRow | undefined> {
    if (version === undefined) return this.resolveLatest(tenantId, processId);
    for (const t of tenantId === GROUP_TENANT ? [tenantId] : [tenantId, GROUP_TENANT]) {
      const rows = await this.db.query<DefinitionRow>(
        `SELECT ${columns} FROM process_definitions WHERE tenant_id = ? AND process_id = ? AND version = ?`,
        { replacements: [t, processId, version], type: QueryTypes.SELECT },
      );
      if (rows[0]) return rows[0];
    }
    return undefined;
  }

  private async resolveLatest(tenantId: string, processId: string): Promise<DefinitionRow | undefined> {
    const own = await this.latestOf(tenantId, processId);
    if (own || tenantId === GROUP_TENANT) return own ?? undefined;
    const group = await this.latestOf(GROUP_TENANT, processId);
    // The tenant has none while the group has one: remembered as long as a found row (a deploy in this process forgets it).
    if (group && own === undefined) this.remember(tenantId, processId, null);
    return group ?? undefined;
  }

  /** A remembered latest version (`null`: the tenant has none, the group has), else the database's (`undefined`: not deployed). */
  private async latestOf(tenantId: string, processId: string): Promise<DefinitionRow | null | undefined> {
    const hit = this.cached(tenantId, processId);
    if (hit) return hit.row;
    const row = await this.latest(tenantId, processId);
    if (!row) return undefined; // not deployed (yet): never remembered on its own
    this.remember(tenantId, processId, row);
    return row;
  }

  async byKey(definitionKey: string): Promise<DefinitionRow | undefined> {
    const rows = await this.db.query<DefinitionRow>(`SELECT ${columns} FROM process_definitions WHERE definition_key = ?`, {
      replacements: [definitionKey],
      type: QueryTypes.SELECT,
    });
    return rows[0];
  }

  async insert(row: DefinitionRow): Promise<void> {
    this.latestCache.clear();
    await this.db.query(`INSERT INTO process_definitions (${columns}, deployed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, {
      replacements: [row.tenant_id, row.process_id, row.version, row.definition_key, row.resource_name, row.xml, row.checksum, new Date()],
      type: QueryTypes.INSERT,
    });
    this.latestCache.clear();
  }
}
