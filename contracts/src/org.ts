import { z } from 'zod';
import { nonEmptyPatch, optionalText, reasonSchema, text } from './common.js';

export const ORG_TYPES = {
  group: '集团',
  division: '事业部',
  subsidiary: '分公司',
  station: '站部',
  team: '班组',
  grid: '网格',
} as const;
export type OrgType = keyof typeof ORG_TYPES;
export const orgTypeSchema = z.enum(Object.keys(ORG_TYPES) as [OrgType, ...OrgType[]]);

/** Which child types each org type may hold. */
export const ORG_CHILD_TYPES: Record<OrgType, readonly OrgType[]> = {
  group: ['division', 'subsidiary'],
  division: ['subsidiary'],
  subsidiary: ['station', 'team'],
  station: ['team', 'grid'],
  team: ['grid'],
  grid: [],
};

const orgCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,31}$/, '编码须以小写字母开头，由小写字母、数字、下划线组成，2–32 位');

export const orgCreateBody = z.strictObject({
  parentId: z.number().int().positive(),
  type: orgTypeSchema,
  code: orgCode,
  name: text(64),
  sort: z.number().int().min(0).max(100_000).optional(),
  /** Landline area code of a subsidiary (e.g. 0431), used to normalise local phone numbers. */
  areaCode: z
    .string()
    .regex(/^0\d{2,3}$/, '区号格式应为 0 开头的 3–4 位数字')
    .optional(),
  reason: reasonSchema,
});

export const orgUpdateBody = nonEmptyPatch({
  name: text(64).optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
  enabled: z.boolean().optional(),
  areaCode: z
    .string()
    .regex(/^0\d{2,3}$/, '区号格式应为 0 开头的 3–4 位数字')
    .optional(),
  reason: reasonSchema,
});

export const orgUnit = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  type: orgTypeSchema,
  code: z.string(),
  name: z.string(),
  sort: z.number().int(),
  enabled: z.boolean(),
  areaCode: z.string().nullable(),
  /** For a subsidiary: the id whose database holds its data (itself). For others, the subsidiary above, or null. */
  subsidiaryId: z.number().int().nullable(),
});
export type OrgUnit = z.infer<typeof orgUnit>;

export const orgTreeNode: z.ZodType<OrgUnit & { children: unknown[] }> = orgUnit.extend({
  children: z.array(z.lazy(() => orgTreeNode)),
}) as never;

export const orgListQuery = z.strictObject({
  type: orgTypeSchema.optional(),
  q: optionalText(64),
});
