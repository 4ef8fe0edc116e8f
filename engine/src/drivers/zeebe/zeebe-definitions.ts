/** Deployed process definitions through the 8.8 REST API (`POST /v2/process-definitions/search`). */
import { GROUP_TENANT, type ProcessDefinitionInfo } from '../../process-engine.js';
import type { ZeebeRest } from './zeebe-rest.js';

export interface RestProcessDefinition {
  processDefinitionKey: string;
  processDefinitionId: string;
  version: number;
  resourceName?: string;
  tenantId?: string;
}

export function mapProcessDefinition(d: RestProcessDefinition, tenantId: string): ProcessDefinitionInfo {
  return {
    tenantId: d.tenantId ?? tenantId,
    processId: d.processDefinitionId,
    version: Number(d.version),
    definitionKey: String(d.processDefinitionKey),
    resourceName: d.resourceName ?? '',
    // The 8.8 definition search does not carry the deploy time.
    deployedAt: null,
  };
}

/** Every version of the tenant's definitions (and the group's with `includeGroup`), by process id and version. */
export async function searchDefinitions(rest: ZeebeRest, tenantId: string, includeGroup: boolean): Promise<ProcessDefinitionInfo[]> {
  const tenants = includeGroup && tenantId !== GROUP_TENANT ? [tenantId, GROUP_TENANT] : [tenantId];
  const out: ProcessDefinitionInfo[] = [];
  for (const t of tenants) {
    const items = await rest.searchAll<RestProcessDefinition>('list process definitions', 'process-definitions/search', { tenantId: t }, [
      { field: 'processDefinitionId', order: 'ASC' },
      { field: 'version', order: 'ASC' },
    ]);
    out.push(...items.map((d) => mapProcessDefinition(d, t)));
  }
  return out.sort((a, b) => a.processId.localeCompare(b.processId) || a.tenantId.localeCompare(b.tenantId) || a.version - b.version);
}

/** The XML of one version of the tenant's definition: find its key, then `GET /v2/process-definitions/{key}/xml`. */
export async function definitionXml(rest: ZeebeRest, tenantId: string, processId: string, version: number): Promise<string | undefined> {
  const [found] = await rest.searchPage<RestProcessDefinition>('find process definition', 'process-definitions/search', {
    filter: { tenantId, processDefinitionId: processId, version },
    page: { from: 0, limit: 1 },
  });
  if (!found) return undefined;
  return rest.text('get process definition XML', `process-definitions/${encodeURIComponent(String(found.processDefinitionKey))}/xml`);
}

/** Running instances per definition key in the tenant (Zeebe's ACTIVE state includes instances with incidents). */
export async function countRunning(rest: ZeebeRest, tenantId: string, definitionKeys: string[]): Promise<Record<string, number>> {
  const counts = await Promise.all(
    definitionKeys.map((key) =>
      rest.count('count running instances', 'process-instances/search', { tenantId, processDefinitionKey: key, state: 'ACTIVE' }),
    ),
  );
  return Object.fromEntries(definitionKeys.map((k, i) => [k, counts[i]]));
}
