import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { z } from 'zod';
import type { HouseDetail, HouseItem, houseExportQuery, Page } from '@warmline/contracts';
import { notFound } from '../../core/app-error.js';
import { findCustomer, containsPattern, prefixPattern } from '../customers/customer.query.js';
import { buildingNodeModel, findUnit } from '../buildings/index.js';

export type HouseFilters = z.output<typeof houseExportQuery>;

export interface HouseListRow {
  id: number;
  unit_id: number;
  room_no: string;
  address: string;
  area_m2: number | string | null;
  heating_status: string;
  billing_no: string;
  customer_id: number | null;
  customer_name: string | null;
  customer_no: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (v: Date | string) => new Date(v).toISOString();
export const areaOf = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

export const toHouseItem = (r: HouseListRow): HouseItem => ({
  id: Number(r.id),
  unitId: Number(r.unit_id),
  roomNo: r.room_no,
  address: r.address,
  areaM2: areaOf(r.area_m2),
  heatingStatus: r.heating_status,
  billingNo: r.billing_no,
  customerId: r.customer_id === null ? null : Number(r.customer_id),
  customerName: r.customer_name ?? null,
  customerNo: r.customer_no ?? null,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/**
 * The WHERE clause of the house list and export, or null when the filters can match nothing
 * (a community id that is not in the tree). `communityId` accepts any node: the houses below it.
 */
export async function houseWhere(db: Sequelize, f: HouseFilters): Promise<{ sql: string; params: unknown[] } | null> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.unitId) {
    where.push('h.unit_id = ?');
    params.push(f.unitId);
  }
  if (f.communityId) {
    const node = await buildingNodeModel(db).findByPk(f.communityId, { attributes: ['id', 'path', 'type'], raw: true });
    if (!node) return null;
    where.push("h.unit_id IN (SELECT u.id FROM building_nodes u WHERE u.type = 'unit' AND u.path LIKE ? ESCAPE '!')");
    params.push(prefixPattern(node.path));
  }
  if (f.heatingStatus) {
    where.push('h.heating_status = ?');
    params.push(f.heatingStatus);
  }
  if (f.customerId) {
    where.push('h.customer_id = ?');
    params.push(f.customerId);
  }
  if (f.q) {
    const scoped = Boolean(f.unitId || f.communityId || f.customerId);
    const alternatives = ["h.address LIKE ? ESCAPE '!'", "h.billing_no LIKE ? ESCAPE '!'"];
    params.push(prefixPattern(f.q), prefixPattern(f.q));
    if (scoped) {
      alternatives.push("h.address LIKE ? ESCAPE '!'", 'h.room_no = ?');
      params.push(containsPattern(f.q), f.q);
    }
    where.push(`(${alternatives.join(' OR ')})`);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

const SELECT_HOUSE = `SELECT h.id, h.unit_id, h.room_no, h.address, h.area_m2, h.heating_status, h.billing_no, h.customer_id,
       h.created_at, h.updated_at, c.name AS customer_name, c.customer_no AS customer_no
  FROM houses h LEFT JOIN customers c ON c.id = h.customer_id`;

export async function listHouses(db: Sequelize, f: HouseFilters & { page: number; pageSize: number }): Promise<Page<HouseItem>> {
  const where = await houseWhere(db, f);
  if (!where) return { items: [], total: 0, page: f.page, pageSize: f.pageSize };
  const [{ total }] = await db.query<{ total: number }>(`SELECT COUNT(*) AS total FROM houses h ${where.sql}`, {
    replacements: where.params,
    type: QueryTypes.SELECT,
  });
  if (Number(total) === 0) return { items: [], total: 0, page: f.page, pageSize: f.pageSize };
  // Deferred join: page through the (unit_id, room_no) index for ids only, then fetch those rows.
  const rows = await db.query<HouseListRow>(
    `${SELECT_HOUSE}
      JOIN (SELECT h.id FROM houses h ${where.sql} ORDER BY h.unit_id, h.room_no LIMIT ? OFFSET ?) pg ON pg.id = h.id
     ORDER BY h.unit_id, h.room_no`,
    { replacements: [...where.params, f.pageSize, (f.page - 1) * f.pageSize], type: QueryTypes.SELECT },
  );
  return { items: rows.map(toHouseItem), total: Number(total), page: f.page, pageSize: f.pageSize };
}

export async function findHouseItem(db: Sequelize, id: number, tx?: Transaction): Promise<HouseItem | null> {
  const [row] = await db.query<HouseListRow>(`${SELECT_HOUSE} WHERE h.id = ?`, {
    replacements: [id],
    type: QueryTypes.SELECT,
    transaction: tx,
  });
  return row ? toHouseItem(row) : null;
}

/** A house with its building path (heat source … unit) and its customer with phones. */
export async function getHouseDetail(db: Sequelize, id: number, tx?: Transaction): Promise<HouseDetail> {
  const item = await findHouseItem(db, id, tx);
  if (!item) throw notFound('房屋');
  const unit = await findUnit(db, item.unitId, tx);
  const customer = item.customerId ? await findCustomer(db, item.customerId, tx) : null;
  return {
    ...item,
    buildingPath: (unit?.pathNodes ?? []).map((p) => ({ id: p.id, type: p.type, name: p.name })),
    customer,
  };
}
