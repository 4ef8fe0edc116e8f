import { QueryTypes, type Sequelize } from 'sequelize';
import type { PhoneLookupMatch, PhoneLookupResult } from '@warmline/contracts';
import { invalid } from '../../core/app-error.js';
import type { AuthUser } from '../../auth/auth-user.js';
import type { Services } from '../../services.js';
import { fanOut } from '../../tenancy/tenant-resolver.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { normalizePhone, PHONE_FORMAT_MESSAGE } from '../phones/phone-normalize.js';

/** Customers listed per subsidiary for one number; more is reported as `truncated`. */
export const LOOKUP_LIMIT = 20;

/**
 * The screen-pop query (来电弹屏): one statement, driven by the `customer_phones (normalized,
 * customer_id)` index, then primary keys and `houses (customer_id)`. One row per phone × house of
 * each matched customer; folded in memory.
 */
export const LOOKUP_SQL = `
SELECT c.id AS c_id, c.name AS c_name, c.customer_no AS c_no, c.blacklisted AS c_bl, c.blacklist_reason AS c_blr,
       p.id AS p_id, p.raw AS p_raw, p.normalized AS p_norm, p.kind AS p_kind, p.is_primary AS p_primary, p.label AS p_label,
       h.id AS h_id, h.unit_id AS h_unit, h.room_no AS h_room, h.address AS h_addr, h.billing_no AS h_bill,
       h.heating_status AS h_status, h.area_m2 AS h_area
  FROM (SELECT customer_id FROM customer_phones WHERE normalized = ? ORDER BY customer_id LIMIT ${LOOKUP_LIMIT + 1}) m
  JOIN customers c ON c.id = m.customer_id
  JOIN customer_phones p ON p.customer_id = c.id
  LEFT JOIN houses h ON h.customer_id = c.id
 ORDER BY c.id, p.is_primary DESC, p.id, h.id`;

interface LookupRow {
  c_id: number;
  c_name: string;
  c_no: string;
  c_bl: number | boolean;
  c_blr: string | null;
  p_id: number;
  p_raw: string;
  p_norm: string;
  p_kind: 'mobile' | 'landline';
  p_primary: number | boolean;
  p_label: string | null;
  h_id: number | null;
  h_unit: number | null;
  h_room: string | null;
  h_addr: string | null;
  h_bill: string | null;
  h_status: string | null;
  h_area: number | string | null;
}

/** Customers of one subsidiary database whose phones match an already normalised number. */
export async function lookupNormalized(
  db: Sequelize,
  normalized: string,
  tenant: { subsidiaryId: number; name: string },
): Promise<{ matches: PhoneLookupMatch[]; truncated: boolean }> {
  const rows = await db.query<LookupRow>(LOOKUP_SQL, { replacements: [normalized], type: QueryTypes.SELECT });
  const byId = new Map<number, PhoneLookupMatch & { phoneIds: Set<number>; houseIds: Set<number> }>();
  for (const r of rows) {
    const id = Number(r.c_id);
    let m = byId.get(id);
    if (!m) {
      if (byId.size === LOOKUP_LIMIT) break;
      m = {
        subsidiaryId: tenant.subsidiaryId,
        subsidiaryName: tenant.name,
        customer: { id, name: r.c_name, customerNo: r.c_no, blacklisted: Boolean(r.c_bl), blacklistReason: r.c_blr ?? null },
        phones: [],
        houses: [],
        phoneIds: new Set(),
        houseIds: new Set(),
      };
      byId.set(id, m);
    }
    const pid = Number(r.p_id);
    if (!m.phoneIds.has(pid)) {
      m.phoneIds.add(pid);
      m.phones.push({
        id: pid,
        raw: r.p_raw,
        normalized: r.p_norm,
        kind: r.p_kind,
        isPrimary: Boolean(r.p_primary),
        label: r.p_label ?? null,
      });
    }
    if (r.h_id !== null && r.h_id !== undefined && !m.houseIds.has(Number(r.h_id))) {
      m.houseIds.add(Number(r.h_id));
      m.houses.push({
        id: Number(r.h_id),
        unitId: Number(r.h_unit),
        roomNo: r.h_room ?? '',
        address: r.h_addr ?? '',
        billingNo: r.h_bill ?? '',
        heatingStatus: r.h_status ?? '',
        areaM2: r.h_area === null || r.h_area === undefined ? null : Number(r.h_area),
      });
    }
  }
  const customerIds = new Set(rows.map((r) => Number(r.c_id)));
  const matches = [...byId.values()].map(({ phoneIds: _p, houseIds: _h, ...m }) => m);
  return { matches, truncated: customerIds.size > LOOKUP_LIMIT };
}

/** `GET /subsidiaries/:id/phone-lookup`: the number normalised with this subsidiary's area code. */
export async function lookupInTenant(tenant: TenantHandle, phone: string): Promise<PhoneLookupResult> {
  const n = normalizePhone(phone, tenant.areaCode);
  if (!n) throw invalid('query.phone', PHONE_FORMAT_MESSAGE);
  const r = await lookupNormalized(tenant.db, n.normalized, { subsidiaryId: tenant.subsidiaryId, name: tenant.name });
  return { phone: n.normalized, ...r };
}

/**
 * `GET /phone-lookup`: every subsidiary database in the caller's scope, in parallel. A local number
 * (no area code) is completed with each subsidiary's own area code.
 */
export async function lookupAcrossTenants(services: Services, user: AuthUser, phone: string): Promise<PhoneLookupResult> {
  const tenants = await services.tenants.allForUser(user);
  const home = user.subsidiaryId ? tenants.find((t) => t.subsidiaryId === user.subsidiaryId) : undefined;
  const shown = normalizePhone(phone, home?.areaCode ?? null) ?? tenants.map((t) => normalizePhone(phone, t.areaCode)).find(Boolean);
  if (!shown) throw invalid('query.phone', PHONE_FORMAT_MESSAGE);
  const results = await fanOut(tenants, async (t) => {
    const n = normalizePhone(phone, t.areaCode);
    return n ? lookupNormalized(t.db, n.normalized, { subsidiaryId: t.subsidiaryId, name: t.name }) : { matches: [], truncated: false };
  });
  results.sort((a, b) => a.tenant.subsidiaryId - b.tenant.subsidiaryId);
  return {
    phone: shown.normalized,
    matches: results.flatMap((r) => r.result.matches),
    truncated: results.some((r) => r.result.truncated),
  };
}
