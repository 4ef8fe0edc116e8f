import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';

/** Every enabled subsidiary database (jobs fan out over them). */
export async function allTenants(services: Services): Promise<TenantHandle[]> {
  const subs = (await services.orgs.all()).filter((o) => o.type === 'subsidiary' && o.enabled && o.db_name);
  return Promise.all(subs.map((s) => services.tenants.byId(s.id)));
}
