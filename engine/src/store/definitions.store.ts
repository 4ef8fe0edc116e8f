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
  /** The latest version per tenant and process, briefly (starts are frequent, deploys rare). */
  private readonly latestCache = new Map<string, { row: DefinitionRow; at: number }>();

  constructor(
    private readonly db: Sequelize,
    /** How long the latest version of a process is remembered; a deploy in this process forgets it at once. */
    private readonly latestTtlMs = 1000,
  ) {}

  private async latestCached(tenantId: string, processId: string): Promise<DefinitionRow | undefined> {
    const key = `${tenantId}\u0000${processId}`;
    const hit = this.latestCache.get(key);
    if (hit && Date.now() - hit.at < this.latestTtlMs) return hit.row;
    const row = await this.latest(tenantId, processId);
    if (!row) return undefined; // not deployed (yet): never remembered
    this.latestCache.set(key, { row, at: Date.now() });
    if (this.latestCache.size > 5000) this.latestCache.delete(this.latestCache.keys().next().value as string);
    return row;
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
    for (const t of tenantId === GROUP_TENANT ? [tenantId] : [tenantId, GROUP_TENANT]) {
      if (version === undefined) {
        const row = await this.latestCached(t, processId);
        if (row) return row;
      } else {
        const rows = await this.db.query<DefinitionRow>(
          `SELECT ${columns} FROM process_definitions WHERE tenant_id = ? AND process_id = ? AND version = ?`,
          { replacements: [t, processId, version], type: QueryTypes.SELECT },
        );
        if (rows[0]) return rows[0];
      }
    }
    return undefined;
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
