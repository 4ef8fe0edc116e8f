import { z } from 'zod';
import { idSchema, optionalText, text } from './common.js';

/**
 * Task and intake forms (form-js schemas, docs/decisions/0012-form-storage.md). Shipped defaults are
 * files `forms/schemas/<formId>.form.json`; the server keeps every version in the group database and
 * tasks and intake validate against the current one, so an administrator's save is live at once.
 */

/** Largest form schema, serialized as JSON (UTF-8 bytes). */
export const FORM_SCHEMA_MAX_BYTES = 512 * 1024;

export const FORM_VERSION_SOURCES = ['shipped', 'edited', 'rollback'] as const;
export type FormVersionSource = (typeof FORM_VERSION_SOURCES)[number];

/** Where a form comes from: a shipped file (`shipped`) or made at runtime (`custom`). */
export const FORM_ORIGINS = ['shipped', 'custom'] as const;
export type FormOrigin = (typeof FORM_ORIGINS)[number];

/** A form id: the form-js schema's `id` and what `zeebe:formDefinition formId` names. */
export const formIdSchema = z
  .string()
  .max(100, '表单编号不能超过 100 个字符')
  .regex(/^[a-z0-9][a-z0-9-]*$/, '表单编号只能由小写字母、数字和连字符组成，且不能以连字符开头');

export const formParams = z.strictObject({ formId: formIdSchema });
export const formVersionParams = z.strictObject({ formId: formIdSchema, version: idSchema });

export const formListQuery = z.strictObject({ q: optionalText(100) });

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * A form-js schema as JSON: an object of at most FORM_SCHEMA_MAX_BYTES. Its form-js rules (type,
 * components, keys, …) are checked by the server with `@warmline/forms` (422 FORM_INVALID).
 */
export const formSchemaJson = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  const bytes = utf8Bytes(JSON.stringify(schema));
  if (bytes > FORM_SCHEMA_MAX_BYTES) {
    ctx.addIssue({ code: 'custom', message: `表单定义不能超过 512 KB（当前约 ${Math.ceil(bytes / 1024)} KB）` });
  }
});

export const formSaveBody = z.strictObject({ name: text(64), schema: formSchemaJson, comment: optionalText(200) });
export const formRollbackBody = z.strictObject({ version: z.number().int().min(1).max(2_147_483_647), comment: optionalText(200) });

/** Who owns a form: the group (subsidiaryId null) or one subsidiary. */
export const formOwner = z.object({ subsidiaryId: z.number().int().nullable(), name: z.string() });
export type FormOwner = z.infer<typeof formOwner>;

export const formListItem = z.object({
  formId: z.string(),
  name: z.string(),
  version: z.number().int(),
  owner: formOwner,
  source: z.enum(FORM_ORIGINS),
  updatedAt: z.string(),
  /** Whether the caller may save this form (form:manage, and the owner is theirs). */
  editable: z.boolean(),
});
export type FormListItem = z.infer<typeof formListItem>;
export const formList = z.object({ items: z.array(formListItem) });

export const formDetail = formListItem.extend({
  schema: z.record(z.string(), z.unknown()),
  /** Who saved the current version (display name); null for a shipped version. */
  updatedBy: z.string().nullable(),
});
export type FormDetail = z.infer<typeof formDetail>;

export const formVersionItem = z.object({
  version: z.number().int(),
  name: z.string(),
  comment: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  source: z.enum(FORM_VERSION_SOURCES),
});
export type FormVersionItem = z.infer<typeof formVersionItem>;
export const formVersionList = z.object({ items: z.array(formVersionItem) });

export const formVersionDetail = formVersionItem.extend({ formId: z.string(), schema: z.record(z.string(), z.unknown()) });
export type FormVersionDetail = z.infer<typeof formVersionDetail>;

export const formSaveResult = z.object({ formId: z.string(), version: z.number().int(), created: z.boolean() });
export type FormSaveResult = z.infer<typeof formSaveResult>;
