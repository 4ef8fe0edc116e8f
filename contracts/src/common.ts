import { z } from 'zod';

export const idSchema = z.coerce.number().int().positive().max(2_147_483_647);
export const idParams = z.strictObject({ id: idSchema });
export const subsidiaryParams = z.strictObject({ subsidiaryId: idSchema });
export const subsidiaryItemParams = z.strictObject({ subsidiaryId: idSchema, id: idSchema });

/** A short human-entered text: trimmed, non-empty, bounded. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) => z.string().trim().max(max).optional();
export const reasonSchema = z.string().trim().max(500).optional();

export const pagingQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A PATCH body must change something. */
export const nonEmptyPatch = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape).refine((v) => Object.keys(v).length > 0, { message: '至少需要修改一个字段' });

export const okSchema = z.object({ ok: z.literal(true) });
