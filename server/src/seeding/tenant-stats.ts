import { QueryTypes } from 'sequelize';
import type { PhoneKind } from '../modules/phones/phone-normalize.js';
import type { Services } from '../services.js';
import type { BulkCounts } from './bulk-writer.js';

/** Row counts of a subsidiary database (what the seed tools check before and after writing). */
export async function tenantCounts(
  services: Services,
  subsidiaryId: number,
): Promise<BulkCounts & { heatSources: number; communities: number }> {
  const { db } = await services.tenants.byId(subsidiaryId);
  const count = async (sql: string) => Number((await db.query<{ n: number | string }>(sql, { type: QueryTypes.SELECT }))[0]?.n ?? 0);
  return {
    buildingNodes: await count('SELECT COUNT(*) AS n FROM building_nodes'),
    heatSources: await count("SELECT COUNT(*) AS n FROM building_nodes WHERE parent_id IS NULL AND type = 'heat_source'"),
    communities: await count("SELECT COUNT(*) AS n FROM building_nodes WHERE type = 'community'"),
    customers: await count('SELECT COUNT(*) AS n FROM customers'),
    phones: await count('SELECT COUNT(*) AS n FROM customer_phones'),
    houses: await count('SELECT COUNT(*) AS n FROM houses'),
  };
}

export interface SampledPhone {
  customerId: number;
  raw: string;
  normalized: string;
  kind: PhoneKind;
}

/**
 * Up to `n` phone numbers of a subsidiary's customers, picked by random ids between the smallest and
 * largest phone id (`random` decides which, so a seeded generator gives the same sample again).
 */
export async function samplePhones(services: Services, subsidiaryId: number, n: number, random: () => number): Promise<SampledPhone[]> {
  const { db } = await services.tenants.byId(subsidiaryId);
  const [range] = await db.query<{ lo: number | null; hi: number | null }>('SELECT MIN(id) AS lo, MAX(id) AS hi FROM customer_phones', {
    type: QueryTypes.SELECT,
  });
  if (!range || range.lo === null || range.hi === null) return [];
  const lo = Number(range.lo);
  const span = Number(range.hi) - lo + 1;
  const out: SampledPhone[] = [];
  for (let attempt = 0; out.length < n && attempt < 10; attempt += 1) {
    const ids = new Set<number>();
    const want = Math.min(n - out.length, 5_000);
    while (ids.size < Math.min(want, span)) ids.add(lo + Math.floor(random() * span));
    const rows = await db.query<{ customer_id: number; raw: string; normalized: string; kind: PhoneKind }>(
      `SELECT customer_id, raw, normalized, kind FROM customer_phones WHERE id IN (${[...ids].join(',')}) ORDER BY id`,
      { type: QueryTypes.SELECT },
    );
    out.push(...rows.map((r) => ({ customerId: Number(r.customer_id), raw: r.raw, normalized: r.normalized, kind: r.kind })));
  }
  return out.slice(0, n);
}
