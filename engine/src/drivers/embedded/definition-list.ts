import { QueryTypes, type Sequelize } from 'sequelize';
import { GROUP_TENANT, type ProcessDefinitionInfo } from '../../process-engine.js';
import { iso } from '../../store/sql.js';

interface Row {
  tenant_id: string;
  process_id: string;
  version: number | string;
  definition_key: string;
  resource_name: string;
  deployed_at: unknown;
}

/** Every version in `process_definitions` (group database) of the tenant, optionally with the group's. */
export async function listDefinitionVersions(group: Sequelize, tenantId: string, includeGroup: boolean): Promise<ProcessDefinitionInfo[]> {
  const tenants = includeGroup && tenantId !== GROUP_TENANT ? [tenantId, GROUP_TENANT] : [tenantId];
  const rows = await group.query<Row>(
    `SELECT tenant_id, process_id, version, definition_key, resource_name, deployed_at FROM process_definitions
     WHERE tenant_id IN (${tenants.map(() => '?').join(', ')}) ORDER BY process_id, tenant_id, version`,
    { replacements: tenants, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    processId: r.process_id,
    version: Number(r.version),
    definitionKey: r.definition_key,
    resourceName: r.resource_name,
    deployedAt: iso(r.deployed_at),
  }));
}

/** The XML of one version of the tenant's own definition. */
export async function definitionXml(group: Sequelize, tenantId: string, processId: string, version: number): Promise<string | undefined> {
  const rows = await group.query<{ xml: string }>(
    'SELECT xml FROM process_definitions WHERE tenant_id = ? AND process_id = ? AND version = ?',
    { replacements: [tenantId, processId, version], type: QueryTypes.SELECT },
  );
  return rows[0]?.xml;
}
