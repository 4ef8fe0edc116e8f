import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { z } from 'zod';
import {
  billingNoSchema,
  customerNoSchema,
  MAX_CUSTOMER_PHONES,
  roomNoSchema,
  type ErrorDetail,
  type HouseImportResult,
} from '@warmline/contracts';
import { importErrors, readXlsxRows } from '../../xlsx/xlsx-table.js';
import { customerModel, customerPhoneModel } from '../customers/customer.model.js';
import type { ChangeCtx } from '../customers/customer.service.js';
import { normalizePhone, splitPhoneList, type NormalizedPhone } from '../phones/phone-normalize.js';
import { houseModel, type HouseRow } from './house.model.js';
import { areaOf } from './house.query.js';
import { HOUSE_COLUMNS } from './house-xlsx.js';
import { houseAddress, HOUSE_ENTITY } from './house.service.js';
import { houseStatuses, statusCodeOf } from './house-status.js';

const optionalCell = (max: number) => z.string().trim().max(max).optional();

/** One spreadsheet row as read (cells are trimmed strings). */
export const houseImportRow = z
  .object({
    community: z.string().trim().min(1).max(64),
    building: z.string().trim().min(1).max(64),
    unit: z.string().trim().min(1).max(64),
    roomNo: roomNoSchema,
    areaM2: optionalCell(20).transform((s, ctx) => {
      if (s === undefined || s === '') return null;
      const n = Number(s);
      if (!Number.isFinite(n) || n <= 0 || n > 100_000) {
        ctx.addIssue({ code: 'custom', message: '面积须为 0–100000 之间的数字' });
        return z.NEVER;
      }
      return Math.round(n * 100) / 100;
    }),
    heatingStatus: optionalCell(32),
    billingNo: billingNoSchema,
    customerNo: customerNoSchema.optional(),
    customerName: optionalCell(64),
    phones: optionalCell(400),
  })
  .superRefine((r, ctx) => {
    if (r.customerNo && !r.customerName) ctx.addIssue({ code: 'custom', path: ['customerName'], message: '填写用户编号时须填写用户姓名' });
    if (!r.customerNo && (r.customerName || r.phones)) {
      ctx.addIssue({ code: 'custom', path: ['customerNo'], message: '填写用户姓名或电话时须填写用户编号' });
    }
  });
type ImportRow = z.output<typeof houseImportRow>;

interface ResolvedRow extends ImportRow {
  row: number;
  unitId: number;
  unitAddress: string;
  status: string;
  parsedPhones: { raw: string; n: NormalizedPhone }[];
}

const header = (key: string) => HOUSE_COLUMNS.find((c) => c.key === key)!.header;
const SEP = '\u0000';

/** Every unit of the tree by its `小区/楼栋/单元` names; a list when the names are ambiguous. */
async function unitIndex(db: Sequelize, tx: Transaction) {
  const nodes = await db.query<{ id: number; parent_id: number | null; type: string; name: string }>(
    "SELECT id, parent_id, type, name FROM building_nodes WHERE type IN ('community', 'building', 'unit')",
    { type: QueryTypes.SELECT, transaction: tx },
  );
  const byId = new Map(nodes.map((n) => [Number(n.id), n]));
  const index = new Map<string, number[]>();
  for (const u of nodes) {
    if (u.type !== 'unit') continue;
    const b = u.parent_id === null ? undefined : byId.get(Number(u.parent_id));
    const c = b?.parent_id === null || !b ? undefined : byId.get(Number(b.parent_id));
    if (!b || !c) continue;
    const key = [c.name, b.name, u.name].join(SEP);
    index.set(key, [...(index.get(key) ?? []), Number(u.id)]);
  }
  return index;
}

/** `SELECT … WHERE column IN (…)` in chunks, for thousands of keys. */
async function inChunks<T, K>(keys: K[], fn: (chunk: K[]) => Promise<T[]>, size = 500): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += size) out.push(...(await fn(keys.slice(i, i + size))));
  return out;
}

/** Parse, resolve and check every row; any problem anywhere → 422 with all row errors, nothing written. */
async function resolveRows(c: ChangeCtx, buffer: Buffer): Promise<ResolvedRow[]> {
  const parsed = await readXlsxRows(buffer, HOUSE_COLUMNS, houseImportRow);
  const errors: ErrorDetail[] = [];
  const err = (row: number, key: string, message: string) => errors.push({ row, field: header(key), message });
  const units = await unitIndex(c.tenant.db, c.tx);
  const statuses = await houseStatuses(c.services);
  const resolved: ResolvedRow[] = [];
  const billingRow = new Map<string, number>();
  const roomRow = new Map<string, number>();
  const customerRow = new Map<string, { row: number; name: string; phones: Set<string> }>();

  for (const { row, data } of parsed) {
    const path = `${data.community}/${data.building}/${data.unit}`;
    const unitIds = units.get([data.community, data.building, data.unit].join(SEP)) ?? [];
    if (unitIds.length === 0) err(row, 'unit', `楼宇路径“${path}”不存在`);
    if (unitIds.length > 1) err(row, 'unit', `楼宇路径“${path}”对应多个单元，请先在楼宇树中区分名称`);
    const status = data.heatingStatus ? statusCodeOf(statuses, data.heatingStatus) : 'heating';
    if (!status) err(row, 'heatingStatus', `供热状态须为：${statuses.map((s) => s.label).join('、')}`);

    const parsedPhones: ResolvedRow['parsedPhones'] = [];
    for (const raw of data.phones ? splitPhoneList(data.phones) : []) {
      const n = normalizePhone(raw, c.tenant.areaCode);
      if (!n) err(row, 'phones', `电话号码格式不正确：${raw}`);
      else if (!parsedPhones.some((p) => p.n.normalized === n.normalized)) parsedPhones.push({ raw, n });
    }

    const firstBilling = billingRow.get(data.billingNo);
    if (firstBilling) err(row, 'billingNo', `缴费户号 ${data.billingNo} 与第 ${firstBilling} 行重复`);
    else billingRow.set(data.billingNo, row);
    if (unitIds.length === 1) {
      const roomKey = `${unitIds[0]}${SEP}${data.roomNo}`;
      const firstRoom = roomRow.get(roomKey);
      if (firstRoom) err(row, 'roomNo', `房屋 ${path}/${data.roomNo} 与第 ${firstRoom} 行重复`);
      else roomRow.set(roomKey, row);
    }
    if (data.customerNo) {
      const first = customerRow.get(data.customerNo);
      if (first && first.name !== data.customerName) err(row, 'customerName', `与第 ${first.row} 行同一用户编号的姓名不一致`);
      const entry = first ?? { row, name: data.customerName!, phones: new Set<string>() };
      customerRow.set(data.customerNo, entry);
      const before = entry.phones.size;
      for (const p of parsedPhones) entry.phones.add(p.n.normalized);
      if (entry.phones.size > MAX_CUSTOMER_PHONES && before <= MAX_CUSTOMER_PHONES) {
        err(row, 'phones', `用户编号 ${data.customerNo} 的电话合计超过 ${MAX_CUSTOMER_PHONES} 个`);
      }
    }
    if (unitIds.length === 1 && status) {
      resolved.push({ ...data, row, unitId: unitIds[0]!, unitAddress: '', status, parsedPhones });
    }
  }
  if (errors.length) throw importErrors(errors);
  return resolved;
}

/**
 * Import houses with their customers and phones from an xlsx sheet (批量导入).
 * Houses match by 缴费户号, customers by 用户编号; a non-empty 电话 cell replaces the customer's
 * numbers with the listed ones (rows of the same customer add up). All-or-nothing.
 */
export async function importHouses(c: ChangeCtx, buffer: Buffer, fileName: string): Promise<HouseImportResult> {
  const rows = await resolveRows(c, buffer);
  const db = c.tenant.db;
  const tx = c.tx;
  const errors: ErrorDetail[] = [];

  // Unit addresses for the display address.
  const unitIds = [...new Set(rows.map((r) => r.unitId))];
  const unitAddress = new Map<number, string>();
  const unitNodes = await inChunks(unitIds, (ids) =>
    db.query<{ id: number; path: string }>(`SELECT id, path FROM building_nodes WHERE id IN (${ids.map(() => '?').join(',')})`, {
      replacements: ids,
      type: QueryTypes.SELECT,
      transaction: tx,
    }),
  );
  const pathIds = [...new Set(unitNodes.flatMap((u) => u.path.split('/').filter(Boolean).map(Number)))];
  const pathNodes = await inChunks(pathIds, (ids) =>
    db.query<{ id: number; type: string; name: string }>(
      `SELECT id, type, name FROM building_nodes WHERE id IN (${ids.map(() => '?').join(',')})`,
      {
        replacements: ids,
        type: QueryTypes.SELECT,
        transaction: tx,
      },
    ),
  );
  const nodeById = new Map(pathNodes.map((n) => [Number(n.id), n]));
  for (const u of unitNodes) {
    const names = u.path
      .split('/')
      .filter(Boolean)
      .map((id) => nodeById.get(Number(id)))
      .filter((n) => n && ['community', 'building', 'unit'].includes(n.type))
      .map((n) => n!.name);
    unitAddress.set(Number(u.id), names.join(' '));
  }
  for (const r of rows) r.unitAddress = unitAddress.get(r.unitId) ?? '';

  // What exists already.
  const hModel = houseModel(db);
  const existingByBilling = new Map(
    (
      await inChunks(
        rows.map((r) => r.billingNo),
        (keys) => hModel.findAll({ where: { billing_no: { [Op.in]: keys } }, raw: true, transaction: tx }),
      )
    ).map((h) => [h.billing_no, h]),
  );
  const occupied = new Map(
    (
      await inChunks(unitIds, (ids) =>
        hModel.findAll({
          where: { unit_id: { [Op.in]: ids } },
          attributes: ['id', 'unit_id', 'room_no', 'billing_no'],
          raw: true,
          transaction: tx,
        }),
      )
    ).map((h) => [`${h.unit_id}${SEP}${h.room_no}`, h]),
  );
  for (const r of rows) {
    const mine = existingByBilling.get(r.billingNo);
    const other = occupied.get(`${r.unitId}${SEP}${r.roomNo}`);
    if (other && other.id !== mine?.id) {
      errors.push({ row: r.row, field: header('roomNo'), message: `该房屋已登记，缴费户号为 ${other.billing_no}` });
    }
  }
  if (errors.length) throw importErrors(errors);

  // Customers: create the new ones, rename the known ones.
  const cModel = customerModel(db);
  const customerNos = [...new Set(rows.map((r) => r.customerNo).filter((n): n is string => Boolean(n)))];
  const existingCustomers = new Map(
    (await inChunks(customerNos, (keys) => cModel.findAll({ where: { customer_no: { [Op.in]: keys } }, raw: true, transaction: tx }))).map(
      (cu) => [cu.customer_no, cu],
    ),
  );
  const firstRowOf = new Map<string, ResolvedRow>();
  for (const r of rows) if (r.customerNo && !firstRowOf.has(r.customerNo)) firstRowOf.set(r.customerNo, r);
  const toCreate = customerNos.filter((no) => !existingCustomers.has(no));
  for (let i = 0; i < toCreate.length; i += 500) {
    await cModel.bulkCreate(
      toCreate.slice(i, i + 500).map((no) => ({ customer_no: no, name: firstRowOf.get(no)!.customerName!, blacklisted: false })),
      { transaction: tx },
    );
  }
  let customersUpdated = 0;
  for (const no of customerNos) {
    const existing = existingCustomers.get(no);
    if (!existing) continue;
    customersUpdated += 1;
    const name = firstRowOf.get(no)!.customerName!;
    if (existing.name !== name) await cModel.update({ name }, { where: { id: existing.id }, transaction: tx });
  }
  const customerId = new Map(
    (
      await inChunks(customerNos, (keys) =>
        cModel.findAll({ where: { customer_no: { [Op.in]: keys } }, attributes: ['id', 'customer_no'], raw: true, transaction: tx }),
      )
    ).map((cu) => [cu.customer_no, Number(cu.id)]),
  );

  await replacePhones(c, rows, customerId);

  // Houses: create by new billing numbers, update the others.
  const values = (r: ResolvedRow): Partial<HouseRow> => ({
    unit_id: r.unitId,
    room_no: r.roomNo,
    address: houseAddress(r.unitAddress, r.roomNo),
    area_m2: r.areaM2,
    heating_status: r.status,
    billing_no: r.billingNo,
    customer_id: r.customerNo ? customerId.get(r.customerNo)! : null,
  });
  const newHouses = rows.filter((r) => !existingByBilling.has(r.billingNo));
  for (let i = 0; i < newHouses.length; i += 500) {
    await hModel.bulkCreate(newHouses.slice(i, i + 500).map(values), { transaction: tx });
  }
  let housesUpdated = 0;
  for (const r of rows) {
    const existing = existingByBilling.get(r.billingNo);
    if (!existing) continue;
    housesUpdated += 1;
    const next = values(r);
    // Re-importing an export rewrites nothing that did not change.
    const same =
      Number(existing.unit_id) === next.unit_id &&
      existing.room_no === next.room_no &&
      existing.address === next.address &&
      areaOf(existing.area_m2) === next.area_m2 &&
      existing.heating_status === next.heating_status &&
      (existing.customer_id === null ? null : Number(existing.customer_id)) === next.customer_id;
    if (!same) await hModel.update(next, { where: { id: existing.id }, transaction: tx });
  }

  const result: HouseImportResult = {
    housesCreated: newHouses.length,
    housesUpdated,
    customersCreated: toCreate.length,
    customersUpdated,
  };
  await c.audit({
    action: 'house.import',
    entityType: HOUSE_ENTITY,
    entityId: null,
    orgId: c.tenant.subsidiaryId,
    after: { fileName, rows: rows.length, ...result },
  });
  return result;
}

/** For each customer with numbers in the file: keep the listed ones, add the new, drop the rest. */
async function replacePhones(c: ChangeCtx, rows: ResolvedRow[], customerId: Map<string, number>) {
  const wanted = new Map<number, { raw: string; n: NormalizedPhone }[]>();
  for (const r of rows) {
    if (!r.customerNo || r.parsedPhones.length === 0) continue;
    const id = customerId.get(r.customerNo)!;
    const list = wanted.get(id) ?? [];
    for (const p of r.parsedPhones) if (!list.some((x) => x.n.normalized === p.n.normalized)) list.push(p);
    wanted.set(id, list);
  }
  if (!wanted.size) return;
  const pModel = customerPhoneModel(c.tenant.db);
  const ids = [...wanted.keys()];
  const existing = await inChunks(ids, (chunk) =>
    pModel.findAll({ where: { customer_id: { [Op.in]: chunk } }, raw: true, transaction: c.tx, order: [['id', 'ASC']] }),
  );
  const toDelete: number[] = [];
  const toAdd: Record<string, unknown>[] = [];
  const promote: number[] = [];
  for (const [id, list] of wanted) {
    const mine = existing.filter((p) => Number(p.customer_id) === id);
    const keep = mine.filter((p) => list.some((x) => x.n.normalized === p.normalized));
    toDelete.push(...mine.filter((p) => !keep.includes(p)).map((p) => p.id));
    const hasPrimary = keep.some((p) => Boolean(p.is_primary));
    if (!hasPrimary && keep.length) promote.push(keep[0]!.id);
    list
      .filter((x) => !keep.some((p) => p.normalized === x.n.normalized))
      .forEach((x, i) =>
        toAdd.push({
          customer_id: id,
          raw: x.raw,
          normalized: x.n.normalized,
          kind: x.n.kind,
          label: null,
          is_primary: !hasPrimary && keep.length === 0 && i === 0,
        }),
      );
  }
  for (let i = 0; i < toDelete.length; i += 500) {
    await pModel.destroy({ where: { id: { [Op.in]: toDelete.slice(i, i + 500) } }, transaction: c.tx });
  }
  if (promote.length) await pModel.update({ is_primary: true }, { where: { id: { [Op.in]: promote } }, transaction: c.tx });
  for (let i = 0; i < toAdd.length; i += 500) await pModel.bulkCreate(toAdd.slice(i, i + 500), { transaction: c.tx });
}
