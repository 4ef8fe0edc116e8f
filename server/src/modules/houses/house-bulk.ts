import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { normalizePhone } from '../phones/phone-normalize.js';
import { houseAddress } from './house.service.js';

/** One household for bulk loading (seeding, migrations from the billing system): a house and its customer. */
export interface HouseholdSeed {
  unitId: number;
  /** The unit's display address (`幸福小区 3号楼 2单元`), as `findUnit(...).address` gives it. */
  unitAddress: string;
  roomNo: string;
  billingNo: string;
  areaM2?: number | null;
  heatingStatus?: string;
  customer?: { name: string; customerNo: string; phones?: string[]; blacklisted?: boolean };
}

export interface BulkResult {
  houses: number;
  customers: number;
  phones: number;
}

const CHUNK = 1000;

async function insertRows(db: Sequelize, table: string, columns: string[], rows: unknown[][], tx?: Transaction) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const tuple = `(${columns.map(() => '?').join(',')})`;
    await db.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${chunk.map(() => tuple).join(',')}`, {
      replacements: chunk.flat(),
      type: QueryTypes.INSERT,
      transaction: tx,
    });
  }
}

/**
 * Insert many new households fast (multi-row INSERTs of 1,000): customers, their normalised phones
 * (the first one primary), then houses linked to them. No checks beyond phone normalisation — the
 * caller guarantees unique billing numbers, customer numbers and unit/room pairs. Not audited:
 * for seeding and one-off loads only, never from a route.
 * Throws on a phone that does not normalise.
 */
export async function bulkInsertHouseholds(
  db: Sequelize,
  areaCode: string | null,
  households: HouseholdSeed[],
  tx?: Transaction,
): Promise<BulkResult> {
  const now = new Date();
  const customers = new Map<string, NonNullable<HouseholdSeed['customer']>>();
  for (const h of households) if (h.customer && !customers.has(h.customer.customerNo)) customers.set(h.customer.customerNo, h.customer);

  await insertRows(
    db,
    'customers',
    ['name', 'customer_no', 'blacklisted', 'created_at', 'updated_at'],
    [...customers.values()].map((c) => [c.name, c.customerNo, Boolean(c.blacklisted), now, now]),
    tx,
  );
  const ids = new Map<string, number>();
  const nos = [...customers.keys()];
  for (let i = 0; i < nos.length; i += CHUNK) {
    const chunk = nos.slice(i, i + CHUNK);
    const rows = await db.query<{ id: number; customer_no: string }>(
      `SELECT id, customer_no FROM customers WHERE customer_no IN (${chunk.map(() => '?').join(',')})`,
      { replacements: chunk, type: QueryTypes.SELECT, transaction: tx },
    );
    for (const r of rows) ids.set(r.customer_no, Number(r.id));
  }

  const phoneRows: unknown[][] = [];
  for (const c of customers.values()) {
    const seen = new Set<string>();
    for (const raw of c.phones ?? []) {
      const n = normalizePhone(raw, areaCode);
      if (!n) throw new Error(`bad phone for customer ${c.customerNo}: ${raw}`);
      if (seen.has(n.normalized)) continue;
      phoneRows.push([ids.get(c.customerNo), raw, n.normalized, n.kind, seen.size === 0, now, now]);
      seen.add(n.normalized);
    }
  }
  await insertRows(
    db,
    'customer_phones',
    ['customer_id', 'raw', 'normalized', 'kind', 'is_primary', 'created_at', 'updated_at'],
    phoneRows,
    tx,
  );

  await insertRows(
    db,
    'houses',
    ['unit_id', 'room_no', 'address', 'area_m2', 'heating_status', 'billing_no', 'customer_id', 'created_at', 'updated_at'],
    households.map((h) => [
      h.unitId,
      h.roomNo,
      houseAddress(h.unitAddress, h.roomNo),
      h.areaM2 ?? null,
      h.heatingStatus ?? 'heating',
      h.billingNo,
      h.customer ? ids.get(h.customer.customerNo) : null,
      now,
      now,
    ]),
    tx,
  );
  return { houses: households.length, customers: customers.size, phones: phoneRows.length };
}
