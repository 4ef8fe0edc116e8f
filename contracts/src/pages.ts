import { z } from 'zod';
import { idSchema, optionalText, text } from './common.js';
import { PERMISSION_CODES } from './permissions.js';

/**
 * Page schemas of the console (amis JSON, docs/decisions/0010-page-schemas.md). Shipped defaults are
 * files `admin/pages/<key>.json`; the server keeps every version in the group database and serves
 * the current one, so an administrator's save is live at once.
 */

/** Largest page schema, serialized as JSON (UTF-8 bytes). */
export const PAGE_SCHEMA_MAX_BYTES = 512 * 1024;

export const PAGE_VERSION_SOURCES = ['shipped', 'edited', 'rollback'] as const;
export type PageVersionSource = (typeof PAGE_VERSION_SOURCES)[number];

export const pageKey = z
  .string()
  .max(64, '页面标识不能超过 64 个字符')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '页面标识只能由小写字母、数字和连字符组成');

export const pageParams = z.strictObject({ key: pageKey });
export const pageVersionParams = z.strictObject({ key: pageKey, version: idSchema });

/** Where the page sits in the console menu; absent = not in the menu (opened by link). */
export const pageMenu = z.strictObject({
  group: text(32),
  icon: optionalText(64),
  order: z.number().int().min(-100_000).max(100_000).default(0),
});
export type PageMenu = z.output<typeof pageMenu>;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/** An amis page: a JSON object whose `type` is `page`, at most PAGE_SCHEMA_MAX_BYTES. */
export const pageSchemaJson = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  if (schema.type !== 'page') ctx.addIssue({ code: 'custom', path: ['type'], message: '页面配置的 type 必须是 "page"' });
  const bytes = utf8Bytes(JSON.stringify(schema));
  if (bytes > PAGE_SCHEMA_MAX_BYTES) {
    ctx.addIssue({ code: 'custom', message: `页面配置不能超过 512 KB（当前约 ${Math.ceil(bytes / 1024)} KB）` });
  }
});
export type PageSchemaJson = z.output<typeof pageSchemaJson>;

/** A shipped page file, `admin/pages/<key>.json`. */
export const pageFile = z.strictObject({
  key: pageKey,
  title: text(64),
  /** The permission a user needs to see the page; null or absent = any signed-in user. */
  permission: z.enum(PERMISSION_CODES).nullable().optional(),
  menu: pageMenu.optional(),
  schema: pageSchemaJson,
});
export type PageFile = z.output<typeof pageFile>;

const comment = optionalText(200);

export const pageSaveBody = z.strictObject({ schema: pageSchemaJson, comment });
export const pageRollbackBody = z.strictObject({ version: z.number().int().min(1).max(2_147_483_647), comment });

export const pageListItem = z.object({
  key: z.string(),
  title: z.string(),
  permission: z.string().nullable(),
  menu: pageMenu.nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type PageListItem = z.infer<typeof pageListItem>;
export const pageList = z.object({ items: z.array(pageListItem) });

export const pageDetail = pageListItem.extend({
  schema: z.record(z.string(), z.unknown()),
  /** Who saved the current version (display name); null for a shipped version. */
  updatedBy: z.string().nullable(),
});
export type PageDetail = z.infer<typeof pageDetail>;

export const pageVersionItem = z.object({
  version: z.number().int(),
  comment: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  source: z.enum(PAGE_VERSION_SOURCES),
});
export type PageVersionItem = z.infer<typeof pageVersionItem>;
export const pageVersionList = z.object({ items: z.array(pageVersionItem) });

export const pageVersionDetail = pageVersionItem.extend({ key: z.string(), schema: z.record(z.string(), z.unknown()) });
export type PageVersionDetail = z.infer<typeof pageVersionDetail>;

export const pageSaveResult = z.object({ key: z.string(), version: z.number().int() });
export type PageSaveResult = z.infer<typeof pageSaveResult>;
