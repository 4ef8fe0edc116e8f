import { Transaction } from 'sequelize';
import type { Services } from '../services.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { dialectOf } from '../db/open-database.js';
import { BulkWriter, type BulkCounts } from './bulk-writer.js';

/** The station org units of a subsidiary (the ones its communities may be assigned to). */
export async function stationIdsOf(services: Services, subsidiaryId: number): Promise<number[]> {
  const sub = await services.orgs.get(subsidiaryId);
  if (!sub) return [];
  return (await services.orgs.all())
    .filter((o) => o.type === 'station' && o.path.startsWith(sub.path))
    .sort((a, b) => a.sort - b.sort || a.id - b.id)
    .map((o) => o.id);
}

/**
 * Run `fill` with a BulkWriter on one subsidiary database, in ONE transaction: everything `fill`
 * adds is written, or nothing is. Returns what was written and `fill`'s own result.
 */
export async function withTenantWriter<T>(
  services: Services,
  subsidiaryId: number,
  fill: (writer: BulkWriter, tenant: TenantHandle) => Promise<T>,
  options: { batchSize?: number } = {},
): Promise<{ counts: BulkCounts; result: T }> {
  const tenant = await services.tenants.byId(subsidiaryId);
  const stations = new Set(await stationIdsOf(services, subsidiaryId));
  // SQLite: take the write lock up front so the id ranges read at the start stay ours.
  const type = dialectOf(tenant.db) === 'sqlite' ? Transaction.TYPES.IMMEDIATE : undefined;
  return tenant.db.transaction({ type }, async (tx) => {
    const writer = await BulkWriter.open(tenant, tx, stations, options.batchSize);
    const result = await fill(writer, tenant);
    const counts = await writer.finish();
    return { counts, result };
  });
}
