import { z } from 'zod';
import { nonEmptyPatch, optionalText, reasonSchema, text } from './common.js';
import { customerItem } from './customers.js';

/** Codes of the `house_status` dictionary the product ships with (供热状态). */
export const HOUSE_STATUSES = { heating: '供热', suspended: '报停', unconnected: '未接网' } as const;
export type HouseStatus = keyof typeof HOUSE_STATUSES;

const dbId = z.number().int().positive().max(2_147_483_647);
const queryId = z.coerce.number().int().positive().max(2_147_483_647);

/** 缴费户号: the house's number in the billing system. */
export const billingNoSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, '缴费户号为 1–32 位字母、数字、下划线或横线');
export const roomNoSchema = text(32);
/** Heated area in m², two decimals. */
export const areaSchema = z.number().positive('面积须大于 0').max(100_000, '面积不能超过 100000 平方米');
/** A `house_status` dictionary code; checked against the dictionary on the server. */
export const heatingStatusSchema = z.string().trim().min(1).max(32);

export const houseCreateBody = z.strictObject({
  unitId: dbId,
  roomNo: roomNoSchema,
  areaM2: areaSchema.nullable().optional(),
  heatingStatus: heatingStatusSchema.default('heating'),
  billingNo: billingNoSchema,
  customerId: dbId.nullable().optional(),
  reason: reasonSchema,
});

export const houseUpdateBody = nonEmptyPatch({
  unitId: dbId.optional(),
  roomNo: roomNoSchema.optional(),
  areaM2: areaSchema.nullable().optional(),
  heatingStatus: heatingStatusSchema.optional(),
  billingNo: billingNoSchema.optional(),
  customerId: dbId.nullable().optional(),
  reason: reasonSchema,
});

const houseFilters = {
  unitId: queryId.optional(),
  /** Every house below this community (小区) in the building tree. */
  communityId: queryId.optional(),
  /**
   * Address or billing number (starts with); with a unitId / communityId / customerId scope also an
   * address containing it or the exact room number. Prefix matches keep 1,000,000 rows indexed.
   */
  q: optionalText(64),
  heatingStatus: optionalText(32),
  customerId: queryId.optional(),
};

export const houseListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  ...houseFilters,
});

export const houseExportQuery = z.strictObject(houseFilters);

export const houseItem = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  roomNo: z.string(),
  address: z.string(),
  areaM2: z.number().nullable(),
  heatingStatus: z.string(),
  billingNo: z.string(),
  customerId: z.number().int().nullable(),
  customerName: z.string().nullable(),
  customerNo: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HouseItem = z.infer<typeof houseItem>;

export const buildingPathNode = z.object({ id: z.number().int(), type: z.string(), name: z.string() });

export const houseDetail = houseItem.extend({
  /** The building tree from the top (heat source) down to the unit. */
  buildingPath: z.array(buildingPathNode),
  /** The heating customer with phones, or null when the house has none. */
  customer: customerItem.nullable(),
});
export type HouseDetail = z.infer<typeof houseDetail>;

export const houseImportResult = z.object({
  housesCreated: z.number().int(),
  housesUpdated: z.number().int(),
  customersCreated: z.number().int(),
  customersUpdated: z.number().int(),
});
export type HouseImportResult = z.infer<typeof houseImportResult>;
