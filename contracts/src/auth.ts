import { z } from 'zod';
import { PERMISSION_CODES } from './permissions.js';

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});
export const loginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
});

export const meResponse = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  /** The subsidiary whose database holds this user's data; null for group and division staff. */
  subsidiaryId: z.number().int().nullable(),
  roles: z.array(z.object({ code: z.string(), name: z.string() })),
  permissions: z.array(z.enum(PERMISSION_CODES as [string, ...string[]])),
});

export const loginLogQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  username: z.string().trim().max(64).optional(),
  success: z.enum(['true', 'false']).optional(),
});
export const loginLogItem = z.object({
  id: z.number().int(),
  username: z.string(),
  userId: z.number().int().nullable(),
  success: z.boolean(),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.string(),
});
