import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { z } from 'zod';
import {
  MAX_CUSTOMER_PHONES,
  type blacklistBody,
  type CustomerDetail,
  type customerCreateBody,
  type customerUpdateBody,
  type phoneAddBody,
} from '@warmline/contracts';
import { AppError, duplicate, notFound } from '../../core/app-error.js';
import type { AuditEntry } from '../../audit/audit.types.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { houseModel } from '../houses/house.model.js';
import { insertPhones, preparePhone, preparePhoneList } from './customer-phones.js';
import { customerModel, customerPhoneModel } from './customer.model.js';
import { getCustomerDetail } from './customer.query.js';

type Audit = (e: AuditEntry) => Promise<void>;
export interface ChangeCtx {
  services: Services;
  tenant: TenantHandle;
  tx: Transaction;
  audit: Audit;
}

export const CUSTOMER_ENTITY = 'customer';

async function assertCustomerNoFree(c: ChangeCtx, customerNo: string, exceptId?: number) {
  const other = await customerModel(c.tenant.db).findOne({
    where: { customer_no: customerNo, ...(exceptId ? { id: { [Op.ne]: exceptId } } : {}) },
    attributes: ['id'],
    transaction: c.tx,
  });
  if (other) throw duplicate('body.customerNo', '用户编号已存在');
}

/** Unique-index races end as 409 too, not 500. */
async function guardUnique<T>(field: string, message: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UniqueConstraintError) throw duplicate(field, message);
    throw err;
  }
}

async function requireCustomerRow(c: ChangeCtx, id: number) {
  const row = await customerModel(c.tenant.db).findByPk(id, { transaction: c.tx });
  if (!row) throw notFound('热用户');
  return row;
}

export async function createCustomer(c: ChangeCtx, body: z.output<typeof customerCreateBody>): Promise<CustomerDetail> {
  const phones = preparePhoneList(body.phones, c.tenant.areaCode);
  await assertCustomerNoFree(c, body.customerNo);
  const row = await guardUnique('body.customerNo', '用户编号已存在', () =>
    customerModel(c.tenant.db).create(
      {
        name: body.name,
        customer_no: body.customerNo,
        id_card_last4: body.idCardLast4 ?? null,
        remark: body.remark || null,
        blacklisted: false,
        blacklist_reason: null,
      },
      { transaction: c.tx },
    ),
  );
  await insertPhones(c.tenant.db, row.id, phones, c.tx);
  const after = await getCustomerDetail(c.tenant.db, row.id, c.tx);
  await c.audit({
    action: 'customer.create',
    entityType: CUSTOMER_ENTITY,
    entityId: row.id,
    orgId: c.tenant.subsidiaryId,
    after,
    reason: body.reason,
  });
  return after;
}

export async function updateCustomer(c: ChangeCtx, id: number, body: z.output<typeof customerUpdateBody>): Promise<CustomerDetail> {
  const row = await requireCustomerRow(c, id);
  const before = await getCustomerDetail(c.tenant.db, id, c.tx);
  if (body.customerNo !== undefined && body.customerNo !== row.customer_no) await assertCustomerNoFree(c, body.customerNo, id);
  await guardUnique('body.customerNo', '用户编号已存在', () =>
    row.update(
      {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.customerNo !== undefined && { customer_no: body.customerNo }),
        ...(body.idCardLast4 !== undefined && { id_card_last4: body.idCardLast4 }),
        ...(body.remark !== undefined && { remark: body.remark || null }),
      },
      { transaction: c.tx },
    ),
  );
  const after = await getCustomerDetail(c.tenant.db, id, c.tx);
  await c.audit({
    action: 'customer.update',
    entityType: CUSTOMER_ENTITY,
    entityId: id,
    orgId: c.tenant.subsidiaryId,
    before,
    after,
    reason: body.reason,
  });
  return after;
}

export async function deleteCustomer(c: ChangeCtx, id: number, reason?: string): Promise<void> {
  await requireCustomerRow(c, id);
  const houses = await houseModel(c.tenant.db).count({ where: { customer_id: id }, transaction: c.tx });
  if (houses) throw new AppError('CONFLICT', `该热用户仍关联 ${houses} 处房屋，请先解除房屋关联`);
  const before = await getCustomerDetail(c.tenant.db, id, c.tx);
  await customerPhoneModel(c.tenant.db).destroy({ where: { customer_id: id }, transaction: c.tx });
  await customerModel(c.tenant.db).destroy({ where: { id }, transaction: c.tx });
  await c.audit({ action: 'customer.delete', entityType: CUSTOMER_ENTITY, entityId: id, orgId: c.tenant.subsidiaryId, before, reason });
}

/** Bind one more number to a customer (来电号码绑定). The same number may belong to several customers. */
export async function addPhone(c: ChangeCtx, id: number, body: z.output<typeof phoneAddBody>): Promise<CustomerDetail> {
  await requireCustomerRow(c, id);
  const phone = preparePhone(body, c.tenant.areaCode, 'body');
  const model = customerPhoneModel(c.tenant.db);
  const existing = await model.findAll({ where: { customer_id: id }, transaction: c.tx });
  if (existing.some((p) => p.normalized === phone.normalized)) throw duplicate('body.number', '该用户已绑定此号码');
  if (existing.length >= MAX_CUSTOMER_PHONES) throw new AppError('CONFLICT', `每个用户最多 ${MAX_CUSTOMER_PHONES} 个电话`);
  const before = await getCustomerDetail(c.tenant.db, id, c.tx);
  const primary = phone.isPrimary || existing.length === 0;
  if (primary) await model.update({ is_primary: false }, { where: { customer_id: id }, transaction: c.tx });
  const created = await guardUnique('body.number', '该用户已绑定此号码', () =>
    model.create(
      { customer_id: id, raw: phone.raw, normalized: phone.normalized, kind: phone.kind, label: phone.label, is_primary: primary },
      { transaction: c.tx },
    ),
  );
  const after = await getCustomerDetail(c.tenant.db, id, c.tx);
  await c.audit({
    action: 'customer.phone.bind',
    entityType: CUSTOMER_ENTITY,
    entityId: id,
    orgId: c.tenant.subsidiaryId,
    before: before.phones,
    after: { phoneId: created.id, phones: after.phones },
    reason: body.reason,
  });
  return after;
}

/** Unbind a number; when it was the primary one, the oldest remaining number becomes primary. */
export async function removePhone(c: ChangeCtx, id: number, phoneId: number, reason?: string): Promise<CustomerDetail> {
  await requireCustomerRow(c, id);
  const model = customerPhoneModel(c.tenant.db);
  const phone = await model.findOne({ where: { id: phoneId, customer_id: id }, transaction: c.tx });
  if (!phone) throw notFound('电话号码');
  const before = await getCustomerDetail(c.tenant.db, id, c.tx);
  await phone.destroy({ transaction: c.tx });
  if (phone.is_primary) {
    const next = await model.findOne({ where: { customer_id: id }, order: [['id', 'ASC']], transaction: c.tx });
    if (next) await next.update({ is_primary: true }, { transaction: c.tx });
  }
  const after = await getCustomerDetail(c.tenant.db, id, c.tx);
  await c.audit({
    action: 'customer.phone.unbind',
    entityType: CUSTOMER_ENTITY,
    entityId: id,
    orgId: c.tenant.subsidiaryId,
    before: before.phones,
    after: after.phones,
    reason,
  });
  return after;
}

/** Put a customer on the blacklist (黑名单) or take them off; the reason is kept while listed. */
export async function setBlacklist(c: ChangeCtx, id: number, body: z.output<typeof blacklistBody>): Promise<CustomerDetail> {
  const row = await requireCustomerRow(c, id);
  const before = { blacklisted: Boolean(row.blacklisted), blacklistReason: row.blacklist_reason };
  await row.update(
    { blacklisted: body.blacklisted, blacklist_reason: body.blacklisted ? (body.reason ?? null) : null },
    { transaction: c.tx },
  );
  const after = await getCustomerDetail(c.tenant.db, id, c.tx);
  await c.audit({
    action: body.blacklisted ? 'customer.blacklist.add' : 'customer.blacklist.remove',
    entityType: CUSTOMER_ENTITY,
    entityId: id,
    orgId: c.tenant.subsidiaryId,
    before,
    after: { blacklisted: after.blacklisted, blacklistReason: after.blacklistReason },
    reason: body.reason,
  });
  return after;
}
