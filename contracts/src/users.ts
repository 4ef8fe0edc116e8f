import { z } from 'zod';
import { nonEmptyPatch, optionalText, reasonSchema, text } from './common.js';

const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, '用户名须以字母开头，3–32 位字母、数字、下划线、点或横线');
const password = z.string().min(8, '密码至少 8 位').max(64, '密码最多 64 位');
const mobile = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '手机号格式不正确');
/** 坐席工号 */
const agentNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{2,16}$/, '坐席工号为 2–16 位字母或数字');
/** Bound IP phone (SIP extension or device MAC). */
const ipPhone = z.string().trim().min(2).max(64);
/** Bound mobile device (移动运维端设备标识). */
const deviceId = z.string().trim().min(4).max(128);
const dbId = z.number().int().positive().max(2_147_483_647);
const roleIds = z
  .array(dbId)
  .min(1, '至少选择一个角色')
  .max(20)
  .refine((ids) => new Set(ids).size === ids.length, { message: '角色不能重复' });

export const userCreateBody = z.strictObject({
  username,
  password,
  displayName: text(64),
  orgId: dbId,
  roleIds,
  mobile: mobile.optional(),
  agentNo: agentNo.optional(),
  ipPhone: ipPhone.optional(),
  mobileDeviceId: deviceId.optional(),
  enabled: z.boolean().optional(),
  reason: reasonSchema,
});

export const userUpdateBody = nonEmptyPatch({
  displayName: text(64).optional(),
  orgId: dbId.optional(),
  roleIds: roleIds.optional(),
  mobile: mobile.nullable().optional(),
  /** null unbinds. One agent number, IP phone and device per user, and per whole group. */
  agentNo: agentNo.nullable().optional(),
  ipPhone: ipPhone.nullable().optional(),
  mobileDeviceId: deviceId.nullable().optional(),
  enabled: z.boolean().optional(),
  reason: reasonSchema,
});

export const userPasswordBody = z.strictObject({ password, reason: reasonSchema });
/** Clear a login lockout (too many wrong passwords) before it expires. */
export const userUnlockBody = z.strictObject({ reason: reasonSchema });

export const userListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** The org unit and everything below it. */
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  /** Matches username, display name, mobile or agent number. */
  q: optionalText(64),
  roleCode: optionalText(32),
  enabled: z.enum(['true', 'false']).optional(),
});

export const userItem = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  mobile: z.string().nullable(),
  agentNo: z.string().nullable(),
  ipPhone: z.string().nullable(),
  mobileDeviceId: z.string().nullable(),
  enabled: z.boolean(),
  /** True while a lockout (too many wrong passwords) is in force. */
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  roles: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserItem = z.infer<typeof userItem>;
