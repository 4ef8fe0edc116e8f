import { QueryTypes, type Sequelize } from 'sequelize';
import { invalid } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import { MAX_IMPORT_ROWS, type XlsxColumn } from '../../xlsx/xlsx-table.js';
import { phonesOf } from '../customers/customer-phones.js';
import { areaOf, houseWhere, type HouseFilters } from './house.query.js';
import { houseStatuses } from './house-status.js';

/** The sheet of the house import/export (房屋信息): one row per house. */
export const HOUSE_COLUMNS: XlsxColumn[] = [
  { key: 'community', header: '小区', width: 20 },
  { key: 'building', header: '楼栋', width: 12 },
  { key: 'unit', header: '单元', width: 10 },
  { key: 'roomNo', header: '房号', width: 10 },
  { key: 'areaM2', header: '面积', width: 10 },
  { key: 'heatingStatus', header: '供热状态', width: 10 },
  { key: 'billingNo', header: '缴费户号', width: 18 },
  { key: 'customerNo', header: '用户编号', width: 18 },
  { key: 'customerName', header: '用户姓名', width: 12 },
  { key: 'phones', header: '电话', width: 32 },
];

/** Several numbers share one cell, separated by this. */
export const PHONE_SEPARATOR = '/';

interface ExportRow {
  community: string | null;
  building: string | null;
  unit: string | null;
  room_no: string;
  area_m2: number | string | null;
  heating_status: string;
  billing_no: string;
  customer_id: number | null;
  customer_no: string | null;
  customer_name: string | null;
}

/** The rows of an export: the same filters as the list, at most MAX_IMPORT_ROWS (so it can be imported back). */
export async function houseExportRows(services: Services, db: Sequelize, f: HouseFilters): Promise<Record<string, unknown>[]> {
  const where = await houseWhere(db, f);
  if (!where) return [];
  const [{ total }] = await db.query<{ total: number }>(`SELECT COUNT(*) AS total FROM houses h ${where.sql}`, {
    replacements: where.params,
    type: QueryTypes.SELECT,
  });
  if (Number(total) > MAX_IMPORT_ROWS) {
    throw invalid('query', `符合条件的房屋有 ${total} 户，一次最多导出 ${MAX_IMPORT_ROWS} 户，请按小区筛选后分批导出`);
  }
  const rows = await db.query<ExportRow>(
    `SELECT cm.name AS community, b.name AS building, u.name AS unit, h.room_no, h.area_m2, h.heating_status, h.billing_no,
            h.customer_id, c.customer_no, c.name AS customer_name
       FROM houses h
       LEFT JOIN building_nodes u ON u.id = h.unit_id
       LEFT JOIN building_nodes b ON b.id = u.parent_id
       LEFT JOIN building_nodes cm ON cm.id = b.parent_id
       LEFT JOIN customers c ON c.id = h.customer_id
       ${where.sql}
      ORDER BY h.unit_id, h.room_no`,
    { replacements: where.params, type: QueryTypes.SELECT },
  );
  const customerIds = [
    ...new Set(
      rows
        .map((r) => r.customer_id)
        .filter((id): id is number => id !== null)
        .map(Number),
    ),
  ];
  const phones = new Map<number, string[]>();
  for (let i = 0; i < customerIds.length; i += 1000) {
    for (const [id, list] of await phonesOf(db, customerIds.slice(i, i + 1000)))
      phones.set(
        id,
        list.map((p) => p.normalized),
      );
  }
  const labels = new Map((await houseStatuses(services)).map((s) => [s.code, s.label]));
  return rows.map((r) => ({
    community: r.community ?? '',
    building: r.building ?? '',
    unit: r.unit ?? '',
    roomNo: r.room_no,
    areaM2: areaOf(r.area_m2),
    heatingStatus: labels.get(r.heating_status) ?? r.heating_status,
    billingNo: r.billing_no,
    customerNo: r.customer_no ?? '',
    customerName: r.customer_name ?? '',
    phones: r.customer_id === null ? '' : (phones.get(Number(r.customer_id)) ?? []).join(PHONE_SEPARATOR),
  }));
}
