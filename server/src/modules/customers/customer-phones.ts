import { Op, type Sequelize, type Transaction } from 'sequelize';
import { MAX_CUSTOMER_PHONES, PHONE_KINDS, type CustomerPhone, type PhoneInput } from '@warmline/contracts';
import { AppError, invalid } from '../../core/app-error.js';
import { requirePhone } from '../phones/phone-normalize.js';
import { customerPhoneModel, type CustomerPhoneRow } from './customer.model.js';

/** A phone ready to store: normalised, kind decided. */
export interface PreparedPhone {
  raw: string;
  normalized: string;
  kind: 'mobile' | 'landline';
  label: string | null;
  isPrimary: boolean;
}

export const toPhone = (r: Pick<CustomerPhoneRow, 'id' | 'raw' | 'normalized' | 'kind' | 'is_primary' | 'label'>): CustomerPhone => ({
  id: Number(r.id),
  raw: r.raw,
  normalized: r.normalized,
  kind: r.kind,
  isPrimary: Boolean(r.is_primary),
  label: r.label ?? null,
});

/** Normalise one entered phone; `field` is where errors point (`body.phones.0`). */
export function preparePhone(input: PhoneInput, areaCode: string | null, field: string): PreparedPhone {
  const n = requirePhone(input.number, areaCode, `${field}.number`);
  if (input.kind && input.kind !== n.kind) {
    throw invalid(`${field}.kind`, `号码类型与号码不符：该号码是${PHONE_KINDS[n.kind]}`);
  }
  return {
    raw: input.number.trim(),
    normalized: n.normalized,
    kind: n.kind,
    label: input.label || null,
    isPrimary: Boolean(input.isPrimary),
  };
}

/**
 * Normalise a customer's list of phones: no number twice (in any spelling), at most one primary;
 * without an explicit primary the first number is primary.
 */
export function preparePhoneList(inputs: PhoneInput[], areaCode: string | null, field = 'body.phones'): PreparedPhone[] {
  const out: PreparedPhone[] = [];
  inputs.forEach((input, i) => {
    const p = preparePhone(input, areaCode, `${field}.${i}`);
    const dup = out.findIndex((o) => o.normalized === p.normalized);
    if (dup >= 0) throw invalid(`${field}.${i}.number`, `与第 ${dup + 1} 个号码重复`);
    out.push(p);
  });
  if (out.filter((p) => p.isPrimary).length > 1) throw invalid(field, '只能有一个主号码');
  if (out.length && !out.some((p) => p.isPrimary)) out[0]!.isPrimary = true;
  return out;
}

/** Phones of several customers, primary first, keyed by customer id. */
export async function phonesOf(db: Sequelize, customerIds: number[], tx?: Transaction): Promise<Map<number, CustomerPhone[]>> {
  const map = new Map<number, CustomerPhone[]>();
  if (!customerIds.length) return map;
  const rows = await customerPhoneModel(db).findAll({
    where: { customer_id: { [Op.in]: customerIds } },
    order: [
      ['customer_id', 'ASC'],
      ['is_primary', 'DESC'],
      ['id', 'ASC'],
    ],
    raw: true,
    transaction: tx,
  });
  for (const r of rows) {
    const list = map.get(r.customer_id) ?? [];
    list.push(toPhone(r));
    map.set(r.customer_id, list);
  }
  return map;
}

/** Insert the phones of a new customer. */
export async function insertPhones(db: Sequelize, customerId: number, phones: PreparedPhone[], tx: Transaction) {
  if (phones.length > MAX_CUSTOMER_PHONES) throw new AppError('CONFLICT', `每个用户最多 ${MAX_CUSTOMER_PHONES} 个电话`);
  if (!phones.length) return;
  await customerPhoneModel(db).bulkCreate(
    phones.map((p) => ({
      customer_id: customerId,
      raw: p.raw,
      normalized: p.normalized,
      kind: p.kind,
      label: p.label,
      is_primary: p.isPrimary,
    })),
    { transaction: tx },
  );
}
