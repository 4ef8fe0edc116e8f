import { Op, UniqueConstraintError } from 'sequelize';
import type { z } from 'zod';
import type { HouseDetail, houseCreateBody, houseUpdateBody } from '@warmline/contracts';
import { duplicate, invalid, notFound } from '../../core/app-error.js';
import { findUnit } from '../buildings/index.js';
import { customerModel } from '../customers/customer.model.js';
import type { ChangeCtx } from '../customers/customer.service.js';
import { houseModel, type HouseRow } from './house.model.js';
import { getHouseDetail } from './house.query.js';
import { assertHouseStatus } from './house-status.js';

export const HOUSE_ENTITY = 'house';

/** The display address stored on the house: `幸福小区 3号楼 2单元 501`. */
export const houseAddress = (unitAddress: string, roomNo: string) => [unitAddress, roomNo].filter(Boolean).join(' ');

async function unitAddressOf(c: ChangeCtx, unitId: number): Promise<string> {
  const unit = await findUnit(c.tenant.db, unitId, c.tx);
  if (!unit) throw invalid('body.unitId', '单元不存在');
  return unit.address;
}

async function assertCustomer(c: ChangeCtx, customerId: number | null | undefined) {
  if (!customerId) return;
  const found = await customerModel(c.tenant.db).findByPk(customerId, { attributes: ['id'], transaction: c.tx });
  if (!found) throw invalid('body.customerId', '热用户不存在');
}

async function assertFree(c: ChangeCtx, v: { unitId: number; roomNo: string; billingNo: string }, exceptId?: number) {
  const model = houseModel(c.tenant.db);
  const notMe = exceptId ? { id: { [Op.ne]: exceptId } } : {};
  if (await model.findOne({ where: { billing_no: v.billingNo, ...notMe }, attributes: ['id'], transaction: c.tx })) {
    throw duplicate('body.billingNo', '缴费户号已存在');
  }
  if (await model.findOne({ where: { unit_id: v.unitId, room_no: v.roomNo, ...notMe }, attributes: ['id'], transaction: c.tx })) {
    throw duplicate('body.roomNo', '该单元下已有此房号');
  }
}

async function guardUnique<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UniqueConstraintError) throw duplicate('body.billingNo', '缴费户号或房号已存在');
    throw err;
  }
}

export async function createHouse(c: ChangeCtx, body: z.output<typeof houseCreateBody>): Promise<HouseDetail> {
  const unitAddress = await unitAddressOf(c, body.unitId);
  await assertHouseStatus(c.services, body.heatingStatus, 'body.heatingStatus');
  await assertCustomer(c, body.customerId);
  await assertFree(c, body);
  const row = await guardUnique(() =>
    houseModel(c.tenant.db).create(
      {
        unit_id: body.unitId,
        room_no: body.roomNo,
        address: houseAddress(unitAddress, body.roomNo),
        area_m2: body.areaM2 ?? null,
        heating_status: body.heatingStatus,
        billing_no: body.billingNo,
        customer_id: body.customerId ?? null,
      },
      { transaction: c.tx },
    ),
  );
  const after = await getHouseDetail(c.tenant.db, row.id, c.tx);
  await c.audit({
    action: 'house.create',
    entityType: HOUSE_ENTITY,
    entityId: row.id,
    orgId: c.tenant.subsidiaryId,
    after,
    reason: body.reason,
  });
  return after;
}

export async function updateHouse(c: ChangeCtx, id: number, body: z.output<typeof houseUpdateBody>): Promise<HouseDetail> {
  const row = await houseModel(c.tenant.db).findByPk(id, { transaction: c.tx });
  if (!row) throw notFound('房屋');
  const before = await getHouseDetail(c.tenant.db, id, c.tx);
  const next = { unitId: body.unitId ?? row.unit_id, roomNo: body.roomNo ?? row.room_no, billingNo: body.billingNo ?? row.billing_no };
  const patch: Partial<HouseRow> = {};
  if (body.unitId !== undefined || body.roomNo !== undefined) {
    patch.unit_id = next.unitId;
    patch.room_no = next.roomNo;
    patch.address = houseAddress(await unitAddressOf(c, next.unitId), next.roomNo);
  }
  if (body.heatingStatus !== undefined) {
    await assertHouseStatus(c.services, body.heatingStatus, 'body.heatingStatus');
    patch.heating_status = body.heatingStatus;
  }
  if (body.customerId !== undefined) {
    await assertCustomer(c, body.customerId);
    patch.customer_id = body.customerId;
  }
  if (body.areaM2 !== undefined) patch.area_m2 = body.areaM2;
  if (body.billingNo !== undefined) patch.billing_no = body.billingNo;
  await assertFree(c, next, id);
  await guardUnique(() => row.update(patch, { transaction: c.tx }));
  const after = await getHouseDetail(c.tenant.db, id, c.tx);
  await c.audit({
    action: 'house.update',
    entityType: HOUSE_ENTITY,
    entityId: id,
    orgId: c.tenant.subsidiaryId,
    before,
    after,
    reason: body.reason,
  });
  return after;
}

export async function deleteHouse(c: ChangeCtx, id: number, reason?: string): Promise<void> {
  const row = await houseModel(c.tenant.db).findByPk(id, { transaction: c.tx });
  if (!row) throw notFound('房屋');
  const before = await getHouseDetail(c.tenant.db, id, c.tx);
  await row.destroy({ transaction: c.tx });
  await c.audit({ action: 'house.delete', entityType: HOUSE_ENTITY, entityId: id, orgId: c.tenant.subsidiaryId, before, reason });
}
