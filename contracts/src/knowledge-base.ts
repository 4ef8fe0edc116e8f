import { z } from 'zod';
import { booleanQuery, idSchema, nonEmptyPatch, pagingQuery, reasonSchema, text } from './common.js';
import { dictCode } from './dictionaries.js';

/**
 * Knowledge base (知识库, group database): a tree of categories, optionally bound to a ticket type,
 * holding articles. Intake picks a category (its code goes to `tickets.category_code`) and may show
 * its articles to the agent.
 */

export const kbCategoryCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, '编码须以小写字母开头，由小写字母、数字、下划线组成，2–64 位');

export const kbCategoryParams = z.strictObject({ id: idSchema });
export const kbArticleParams = z.strictObject({ id: idSchema });

export const kbCategoryListQuery = z.strictObject({
  /** Only categories of this ticket type (and the ones bound to no type). */
  ticketType: dictCode.optional(),
  includeDisabled: booleanQuery.optional(),
});

export const kbCategoryCreateBody = z.strictObject({
  parentId: idSchema.nullable().optional(),
  code: kbCategoryCode,
  name: text(64),
  ticketType: dictCode.nullable().optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
  enabled: z.boolean().optional(),
  reason: reasonSchema,
});

export const kbCategoryUpdateBody = nonEmptyPatch({
  parentId: idSchema.nullable().optional(),
  name: text(64).optional(),
  ticketType: dictCode.nullable().optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
  enabled: z.boolean().optional(),
  reason: reasonSchema,
});

export const kbDeleteBody = z.strictObject({ reason: reasonSchema });

/** One category; the list is the tree flattened depth-first (`depth` 0 = a root). */
export const kbCategoryItem = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  code: z.string(),
  name: z.string(),
  ticketType: z.string().nullable(),
  sort: z.number().int(),
  enabled: z.boolean(),
  depth: z.number().int(),
  articleCount: z.number().int(),
});
export type KbCategoryItem = z.infer<typeof kbCategoryItem>;

export const kbArticleListQuery = pagingQuery.extend({
  /** Searched in titles and keywords. */
  q: z.string().trim().max(64).optional(),
  categoryId: idSchema.optional(),
  ticketType: dictCode.optional(),
  includeDisabled: booleanQuery.optional(),
});

const keywords = z.array(z.string().trim().min(1).max(32)).max(20);

export const kbArticleCreateBody = z.strictObject({
  categoryId: idSchema,
  title: text(200),
  content: text(20_000),
  keywords: keywords.optional(),
  enabled: z.boolean().optional(),
  reason: reasonSchema,
});

export const kbArticleUpdateBody = nonEmptyPatch({
  categoryId: idSchema.optional(),
  title: text(200).optional(),
  content: text(20_000).optional(),
  keywords: keywords.optional(),
  enabled: z.boolean().optional(),
  reason: reasonSchema,
});

export const kbArticleItem = z.object({
  id: z.number().int(),
  categoryId: z.number().int(),
  categoryCode: z.string(),
  categoryName: z.string(),
  /** The ticket type of the category or of its nearest bound ancestor; null when none is bound. */
  ticketType: z.string().nullable(),
  title: z.string(),
  content: z.string(),
  keywords: z.array(z.string()),
  enabled: z.boolean(),
  updatedAt: z.string(),
});
export type KbArticleItem = z.infer<typeof kbArticleItem>;
