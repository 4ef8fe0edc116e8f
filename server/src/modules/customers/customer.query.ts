import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { z } from 'zod';
import type { CustomerDetail, CustomerHouse, CustomerItem, customerListQuery, Page } from '@warmline/contracts';
import { notFound } from '../../core/app-error.js';
import { normalizePhone } from '../phones/phone-normalize.js';
import { phonesOf } from './customer-phones.js';
import { customerModel, type CustomerRow } from './customer.model.js';

const iso = (v: Date | string) => new Date(v).toISOString();

/** A LIKE pattern matching `q` literally (escape character `!`, valid on SQLite and MariaDB). */
export const likeEscape = (q: string) => q.replace(/[!%_]/g, (c) => `!${c}`);
export const containsPattern = (q: string) => `%${likeEscape(q)}%`;
export const prefixPattern = (q: string) => `${likeEscape(q)}%`;

export const toCustomerItem = (r: CustomerRow, phones: CustomerItem['phones']): CustomerItem => ({
  id: Number(r.id),
  name: r.name,
  customerNo: r.customer_no,
  idCardLast4: r.id_card_last4 ?? null,
  remark: r.remark ?? null,
  blacklisted: Boolean(r.blacklisted),
  blacklistReason: r.blacklist_reason ?? null,
  phones,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export interface HouseSummaryRow {
  id: number;
  unit_id: number;
  room_no: string;
  address: string;
  billing_no: string;
  heating_status: string;
  area_m2: number | string | null;
}

export const toCustomerHouse = (h: HouseSummaryRow): CustomerHouse => ({
  id: Number(h.id),
  unitId: Number(h.unit_id),
  roomNo: h.room_no,
  address: h.address,
  billingNo: h.billing_no,
  heatingStatus: h.heating_status,
  areaM2: h.area_m2 === null || h.area_m2 === undefined ? null : Number(h.area_m2),
});

type ListQuery = z.output<typeof customerListQuery>;

/** Customers owning a phone: the exact normalised number, or numbers starting with 4+ typed digits. */
async function customerIdsByPhone(db: Sequelize, areaCode: string | null, q: string): Promise<number[]> {
  const phone = normalizePhone(q, areaCode);
  const digits = q.replace(/[\s-]/g, '');
  if (!phone && !/^\d{4,20}$/.test(digits)) return [];
  const rows = await db.query<{ customer_id: number }>(
    phone
      ? 'SELECT customer_id FROM customer_phones WHERE normalized = ? LIMIT 1000'
      : "SELECT customer_id FROM customer_phones WHERE normalized LIKE ? ESCAPE '!' LIMIT 1000",
    { replacements: [phone ? phone.normalized : prefixPattern(digits)], type: QueryTypes.SELECT },
  );
  return [...new Set(rows.map((r) => Number(r.customer_id)))];
}

/**
 * Customers page. q matches the name or the customer number by prefix, or a phone in any spelling —
 * each an index range, so the search stays fast on a million customers.
 */
export async function listCustomers(db: Sequelize, areaCode: string | null, q: ListQuery): Promise<Page<CustomerItem>> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.q) {
    const alternatives = ["c.name LIKE ? ESCAPE '!'", "c.customer_no LIKE ? ESCAPE '!'"];
    params.push(prefixPattern(q.q), prefixPattern(q.q));
    const ids = await customerIdsByPhone(db, areaCode, q.q);
    if (ids.length) alternatives.push(`c.id IN (${ids.map(() => '?').join(',')})`);
    params.push(...ids);
    where.push(`(${alternatives.join(' OR ')})`);
  }
  if (q.blacklisted !== undefined) {
    where.push('c.blacklisted = ?');
    params.push(q.blacklisted);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [{ total }] = await db.query<{ total: number }>(`SELECT COUNT(*) AS total FROM customers c ${clause}`, {
    replacements: params,
    type: QueryTypes.SELECT,
  });
  const rows = await db.query<CustomerRow>(`SELECT c.* FROM customers c ${clause} ORDER BY c.id DESC LIMIT ? OFFSET ?`, {
    replacements: [...params, q.pageSize, (q.page - 1) * q.pageSize],
    type: QueryTypes.SELECT,
  });
  const phones = await phonesOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return {
    items: rows.map((r) => toCustomerItem(r, phones.get(Number(r.id)) ?? [])),
    total: Number(total),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function housesOfCustomer(db: Sequelize, customerId: number, tx?: Transaction): Promise<CustomerHouse[]> {
  const rows = await db.query<HouseSummaryRow>(
    'SELECT id, unit_id, room_no, address, billing_no, heating_status, area_m2 FROM houses WHERE customer_id = ? ORDER BY id',
    { replacements: [customerId], type: QueryTypes.SELECT, transaction: tx },
  );
  return rows.map(toCustomerHouse);
}

/** A customer with phones, or null. */
export async function findCustomer(db: Sequelize, id: number, tx?: Transaction): Promise<CustomerItem | null> {
  const row = await customerModel(db).findByPk(id, { raw: true, transaction: tx });
  if (!row) return null;
  const phones = await phonesOf(db, [row.id], tx);
  return toCustomerItem(row, phones.get(row.id) ?? []);
}

export async function getCustomerDetail(db: Sequelize, id: number, tx?: Transaction): Promise<CustomerDetail> {
  const customer = await findCustomer(db, id, tx);
  if (!customer) throw notFound('热用户');
  return { ...customer, houses: await housesOfCustomer(db, id, tx) };
}
