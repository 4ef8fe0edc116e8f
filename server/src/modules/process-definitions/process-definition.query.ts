import { QueryTypes, type Sequelize } from 'sequelize';
import { GROUP_TENANT } from '@warmline/engine';
import type { Page, ProcessDefinitionItem } from '@warmline/contracts';
import type { AuthUser } from '../../auth/auth-user.js';
import type { Services } from '../../services.js';

interface Row {
  tenant_id: string;
  process_id: string;
  version: number | string;
  resource_name: string;
  deployed_at: Date | string;
}

export interface DefinitionListFilter {
  processId?: string;
  allVersions: boolean;
  page: number;
  pageSize: number;
}

/**
 * Tenants whose definitions the user may see: group staff all, division staff the group's and their
 * subsidiaries', subsidiary users the group's and their own subsidiary's. Undefined means all.
 */
export async function visibleTenants(services: Services, user: AuthUser): Promise<string[] | undefined> {
  const org = await services.orgs.get(user.orgId);
  if (org?.type === 'group') return undefined;
  const subs = await services.orgs.subsidiariesInScopeOf(user.orgId);
  return [GROUP_TENANT, ...subs.map((s) => s.code)];
}

/** A timestamp as the driver returns it (Date on MySQL, `YYYY-MM-DD HH:MM:SS.sss +00:00` text on SQLite) → ISO. */
export function isoTimestamp(v: Date | string): string {
  if (v instanceof Date) return v.toISOString();
  const text = String(v)
    .trim()
    .replace(' ', 'T')
    .replace(/\s*(Z|[+-]\d\d:?\d\d)$/, '$1');
  const d = new Date(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}

/**
 * Deployed definitions from `process_definitions` (group database, written by the embedded driver's
 * deploy): the latest version of each process per tenant, or every version.
 */
export async function listDefinitions(
  db: Sequelize,
  tenants: string[] | undefined,
  f: DefinitionListFilter,
): Promise<Page<ProcessDefinitionItem>> {
  const where: string[] = [];
  const replacements: unknown[] = [];
  if (tenants) {
    where.push(`d.tenant_id IN (${tenants.map(() => '?').join(', ')})`);
    replacements.push(...tenants);
  }
  if (f.processId) {
    where.push('d.process_id = ?');
    replacements.push(f.processId);
  }
  if (!f.allVersions) {
    where.push(
      'd.version = (SELECT MAX(x.version) FROM process_definitions x WHERE x.tenant_id = d.tenant_id AND x.process_id = d.process_id)',
    );
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [{ n }] = await db.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM process_definitions d ${clause}`, {
    replacements,
    type: QueryTypes.SELECT,
  });
  const rows = await db.query<Row>(
    `SELECT d.tenant_id, d.process_id, d.version, d.resource_name, d.deployed_at FROM process_definitions d ${clause}
     ORDER BY d.process_id, d.tenant_id, d.version DESC LIMIT ? OFFSET ?`,
    { replacements: [...replacements, f.pageSize, (f.page - 1) * f.pageSize], type: QueryTypes.SELECT },
  );
  return {
    items: rows.map((r) => ({
      processId: r.process_id,
      version: Number(r.version),
      tenant: r.tenant_id,
      resourceName: r.resource_name,
      deployedAt: isoTimestamp(r.deployed_at),
    })),
    total: Number(n),
    page: f.page,
    pageSize: f.pageSize,
  };
}
