import { z } from 'zod';
import { booleanQuery, nonEmptyPatch, optionalText, reasonSchema, text } from './common.js';

export const PHONE_KINDS = { mobile: '手机', landline: '固话' } as const;
export type PhoneKind = keyof typeof PHONE_KINDS;
export const phoneKindSchema = z.enum(['mobile', 'landline']);

export const MAX_CUSTOMER_PHONES = 20;

const queryId = z.coerce.number().int().positive().max(2_147_483_647);

/** 用户编号: the account number shared with the billing system. */
export const customerNoSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, '用户编号为 1–32 位字母、数字、下划线或横线');
/** Last four characters of the ID card (身份证后四位). */
const idCardLast4 = z
  .string()
  .trim()
  .regex(/^\d{3}[\dXx]$/, '身份证后四位格式不正确')
  .transform((s) => s.toUpperCase());

/** A phone number as typed; the server normalises it (mobile, landline with or without area code, service number). */
export const phoneInput = z.strictObject({
  number: text(32),
  /** Detected from the number when omitted; refused when it contradicts the number. */
  kind: phoneKindSchema.optional(),
  label: optionalText(32),
  isPrimary: z.boolean().optional(),
});
export type PhoneInput = z.infer<typeof phoneInput>;

export const customerCreateBody = z.strictObject({
  name: text(64),
  customerNo: customerNoSchema,
  idCardLast4: idCardLast4.optional(),
  remark: optionalText(500),
  phones: z.array(phoneInput).max(MAX_CUSTOMER_PHONES, `最多 ${MAX_CUSTOMER_PHONES} 个电话`).default([]),
  reason: reasonSchema,
});

export const customerUpdateBody = nonEmptyPatch({
  name: text(64).optional(),
  customerNo: customerNoSchema.optional(),
  idCardLast4: idCardLast4.nullable().optional(),
  remark: z.string().trim().max(500).nullable().optional(),
  reason: reasonSchema,
});

export const customerListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** Name or customer number (starts with), or a phone number in any format (also its first digits). */
  q: optionalText(64),
  blacklisted: booleanQuery.optional(),
});

export const phoneAddBody = phoneInput.extend({ reason: reasonSchema });

export const blacklistBody = z
  .strictObject({
    blacklisted: z.boolean(),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((b) => !b.blacklisted || Boolean(b.reason), { message: '加入黑名单须填写原因', path: ['reason'] });

export const customerPhoneParams = z.strictObject({
  subsidiaryId: queryId,
  id: queryId,
  phoneId: queryId,
});

export const customerPhone = z.object({
  id: z.number().int(),
  raw: z.string(),
  normalized: z.string(),
  kind: phoneKindSchema,
  isPrimary: z.boolean(),
  label: z.string().nullable(),
});
export type CustomerPhone = z.infer<typeof customerPhone>;

export const customerItem = z.object({
  id: z.number().int(),
  name: z.string(),
  customerNo: z.string(),
  idCardLast4: z.string().nullable(),
  remark: z.string().nullable(),
  blacklisted: z.boolean(),
  blacklistReason: z.string().nullable(),
  phones: z.array(customerPhone),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CustomerItem = z.infer<typeof customerItem>;

/** A house as shown beside its customer. */
export const customerHouse = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  roomNo: z.string(),
  address: z.string(),
  billingNo: z.string(),
  heatingStatus: z.string(),
  areaM2: z.number().nullable(),
});
export type CustomerHouse = z.infer<typeof customerHouse>;

export const customerDetail = customerItem.extend({ houses: z.array(customerHouse) });
export type CustomerDetail = z.infer<typeof customerDetail>;

/** 来电匹配: the caller's number in any format. */
export const phoneLookupQuery = z.strictObject({ phone: text(32) });

export const phoneLookupMatch = z.object({
  subsidiaryId: z.number().int(),
  subsidiaryName: z.string(),
  customer: z.object({
    id: z.number().int(),
    name: z.string(),
    customerNo: z.string(),
    blacklisted: z.boolean(),
    blacklistReason: z.string().nullable(),
  }),
  phones: z.array(customerPhone),
  houses: z.array(customerHouse),
});
export type PhoneLookupMatch = z.infer<typeof phoneLookupMatch>;

export const phoneLookupResult = z.object({
  /** The number as searched (normalised with the subsidiary's area code where it lacked one). */
  phone: z.string(),
  matches: z.array(phoneLookupMatch),
  /** True when more customers share the number than are listed. */
  truncated: z.boolean(),
});
export type PhoneLookupResult = z.infer<typeof phoneLookupResult>;
