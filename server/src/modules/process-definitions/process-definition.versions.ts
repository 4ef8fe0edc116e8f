import { GROUP_TENANT } from '@warmline/engine';
import type { ProcessDefinitionXml, ProcessVersionItem } from '@warmline/contracts';
import type { AuthUser } from '../../auth/auth-user.js';
import { AppError } from '../../core/app-error.js';
import type { Services } from '../../services.js';

/**
 * The versions of one process and their XML, through the engine (both drivers). A user sees the
 * group's versions and those of the subsidiaries in their scope; running instances are counted in
 * those subsidiaries only (a group version runs inside every subsidiary's tickets).
 */

async function scopeOf(services: Services, user: AuthUser) {
  const subs = (await services.orgs.subsidiariesInScopeOf(user.orgId)).filter((s) => s.enabled && s.db_name && s.code);
  return { subsidiaryCodes: subs.map((s) => s.code), tenants: [GROUP_TENANT, ...subs.map((s) => s.code)] };
}

/** Every version of `processId` the user may see, newest first per tenant (the group's first), with running instances on each. */
export async function listProcessVersions(services: Services, user: AuthUser, processId: string): Promise<ProcessVersionItem[]> {
  const { subsidiaryCodes, tenants } = await scopeOf(services, user);
  const engine = services.engine;
  const perTenant = await Promise.all(tenants.map((t) => engine.listDefinitions(t)));
  const versions = perTenant.flat().filter((d) => d.processId === processId);
  const groupKeys = versions.filter((d) => d.tenantId === GROUP_TENANT).map((d) => d.definitionKey);
  const running = new Map<string, number>();
  await Promise.all(
    subsidiaryCodes.map(async (code) => {
      const keys = [...groupKeys, ...versions.filter((d) => d.tenantId === code).map((d) => d.definitionKey)];
      if (keys.length === 0) return;
      const counts = await engine.countRunningInstances(code, keys);
      for (const [key, n] of Object.entries(counts)) running.set(key, (running.get(key) ?? 0) + n);
    }),
  );
  return versions
    .sort(
      (a, b) =>
        Number(b.tenantId === GROUP_TENANT) - Number(a.tenantId === GROUP_TENANT) ||
        a.tenantId.localeCompare(b.tenantId) ||
        b.version - a.version,
    )
    .map((d) => ({
      processId: d.processId,
      version: d.version,
      tenant: d.tenantId,
      resourceName: d.resourceName,
      deployedAt: d.deployedAt,
      runningInstances: running.get(d.definitionKey) ?? 0,
    }));
}

/** The BPMN XML of one version; 404 when unknown or owned by a subsidiary outside the user's scope. */
export async function readProcessXml(
  services: Services,
  user: AuthUser,
  processId: string,
  version: number,
  tenant: string,
): Promise<ProcessDefinitionXml> {
  const { tenants } = await scopeOf(services, user);
  const xml = tenants.includes(tenant) ? await services.engine.getDefinitionXml(tenant, processId, version) : undefined;
  if (xml === undefined) throw new AppError('NOT_FOUND', `流程「${processId.slice(0, 64)}」没有该版本`);
  return { processId, version, tenant, xml };
}
