import { z } from 'zod';
import { nonEmptyPatch, optionalText, reasonSchema, text } from './common.js';
import { DATA_SCOPES, PERMISSION_CODES, type DataScope, type Permission } from './permissions.js';

const permission = z.enum(PERMISSION_CODES as [Permission, ...Permission[]]);
const dataScope = z.enum(Object.keys(DATA_SCOPES) as [DataScope, ...DataScope[]]);

export const roleCreateBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,31}$/, '角色编码须以小写字母开头，由小写字母、数字、下划线组成'),
  name: text(64),
  description: optionalText(255),
  dataScope,
  permissions: z.array(permission).max(200),
  reason: reasonSchema,
});

export const roleUpdateBody = nonEmptyPatch({
  name: text(64).optional(),
  description: optionalText(255),
  dataScope: dataScope.optional(),
  permissions: z.array(permission).max(200).optional(),
  reason: reasonSchema,
});

export const roleItem = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  builtin: z.boolean(),
  dataScope,
  permissions: z.array(z.string()),
  userCount: z.number().int(),
});

export const permissionItem = z.object({ code: z.string(), name: z.string() });
