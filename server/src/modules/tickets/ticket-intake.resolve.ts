import { Op } from 'sequelize';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { lookupNormalized } from '../customers/phone-lookup.query.js';
import { customerModel, type CustomerRow } from '../customers/customer.model.js';
import { houseModel, type HouseRow } from '../houses/house.model.js';
import { normalizePhone, PHONE_FORMAT_MESSAGE } from '../phones/phone-normalize.js';
import { phonesOf } from '../customers/customer-phones.js';

/** Who the ticket is for, as intake resolved it. */
export interface IntakeParty {
  customer: CustomerRow | null;
  house: HouseRow | null;
  /** The caller's number, normalised; null when none was given. */
  callerPhone: string | null;
  /** The customer's primary phone (contact default when no caller number was given). */
  customerPhone: string | null;
}

type Fail = (field: string, message: string) => never;

const housesOf = (tenant: TenantHandle, customerIds: number[]) =>
  customerIds.length
    ? houseModel(tenant.db).findAll({ where: { customer_id: { [Op.in]: customerIds } }, order: [['id', 'ASC']], raw: true })
    : Promise.resolve([] as HouseRow[]);

/**
 * From a house, a customer or a caller number to the customer and house of the ticket:
 * - a house decides (its customer comes with it; a given customer must be that one);
 * - a customer with one house takes it; with several, `houseId` is required;
 * - a caller number matching one customer is that customer; several houses (of one customer or of
 *   several customers) require `houseId`; no match leaves the ticket without customer (a stranger's call).
 */
export async function resolveParty(
  tenant: TenantHandle,
  input: { callerPhone?: string; customerId?: number; houseId?: number },
  fail: Fail,
): Promise<IntakeParty> {
  let callerPhone: string | null = null;
  if (input.callerPhone) {
    const n = normalizePhone(input.callerPhone, tenant.areaCode);
    if (!n) fail('body.callerPhone', PHONE_FORMAT_MESSAGE);
    callerPhone = n!.normalized;
  }
  let customer: CustomerRow | null = null;
  let house: HouseRow | null = null;

  if (input.houseId) {
    house = await houseModel(tenant.db).findByPk(input.houseId, { raw: true });
    if (!house) fail('body.houseId', '房屋不存在');
    if (input.customerId && house!.customer_id !== input.customerId) fail('body.customerId', '该房屋不属于所选热用户');
    if (house!.customer_id) customer = await customerModel(tenant.db).findByPk(house!.customer_id, { raw: true });
  } else if (input.customerId) {
    customer = await customerModel(tenant.db).findByPk(input.customerId, { raw: true });
    if (!customer) fail('body.customerId', '热用户不存在');
    const houses = await housesOf(tenant, [customer!.id]);
    if (houses.length > 1) fail('body.houseId', `该热用户有 ${houses.length} 处房屋，请选择房屋`);
    house = houses[0] ?? null;
  } else if (callerPhone) {
    const { matches } = await lookupNormalized(tenant.db, callerPhone, { subsidiaryId: tenant.subsidiaryId, name: tenant.name });
    const houses = await housesOf(
      tenant,
      matches.map((m) => m.customer.id),
    );
    if (houses.length > 1) fail('body.houseId', `该号码对应 ${houses.length} 处房屋，请选择房屋`);
    if (houses.length === 0 && matches.length > 1) fail('body.customerId', `该号码对应 ${matches.length} 位热用户，请选择热用户`);
    house = houses[0] ?? null;
    const customerId = house?.customer_id ?? matches[0]?.customer.id;
    if (customerId) customer = await customerModel(tenant.db).findByPk(customerId, { raw: true });
  }
  const customerPhone = customer ? ((await phonesOf(tenant.db, [customer.id])).get(customer.id)?.[0]?.normalized ?? null) : null;
  return { customer, house, callerPhone, customerPhone };
}
