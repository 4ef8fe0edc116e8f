import { z } from 'zod';
import { reasonSchema } from './common.js';

/** Operations that need approval (docs/decisions/0004, `wl-approval`). */
export const APPROVAL_OPERATIONS = {
  delay: '延时',
  return: '退回',
  void: '作废',
  redispatch: '二次派单',
  cancel: '取消',
  closeWithoutCallback: '免回访处结',
} as const;
export type ApprovalOperation = keyof typeof APPROVAL_OPERATIONS;
export const APPROVAL_OPERATION_CODES = Object.keys(APPROVAL_OPERATIONS) as ApprovalOperation[];

/** Approval levels, in the order a chain lists them. */
export const APPROVAL_LEVELS = { station: '站部', subsidiary: '分公司', group: '集团' } as const;
export type ApprovalLevel = keyof typeof APPROVAL_LEVELS;

/** An ordered chain of levels without duplicates; empty = no approval needed. */
export const approvalChain = z
  .array(z.enum(['station', 'subsidiary', 'group'], { message: '审批层级须为 station（站部）、subsidiary（分公司）或 group（集团）' }))
  .max(3, '审批层级最多 3 级')
  .refine((levels) => new Set(levels).size === levels.length, { message: '审批层级不能重复' });

export type ApprovalChains = Record<ApprovalOperation, ApprovalLevel[]>;

const chainsShape = <T extends z.ZodType>(item: T) =>
  z.strictObject(
    Object.fromEntries(APPROVAL_OPERATION_CODES.map((op) => [op, item.optional()])) as Record<ApprovalOperation, z.ZodOptional<T>>,
  );

/** Group defaults: each given operation's chain replaces the stored one. */
export const groupApprovalChainsBody = z
  .strictObject({ chains: chainsShape(approvalChain), reason: reasonSchema })
  .refine((v) => Object.keys(v.chains).length > 0, { message: '至少需要设置一个操作的审批链', path: ['chains'] });

/** Subsidiary overrides: a chain overrides the group default, `null` removes the override (inherit). */
export const subsidiaryApprovalChainsBody = z
  .strictObject({ chains: chainsShape(approvalChain.nullable()), reason: reasonSchema })
  .refine((v) => Object.keys(v.chains).length > 0, { message: '至少需要设置一个操作的审批链', path: ['chains'] });

const levelList = z.array(z.enum(['station', 'subsidiary', 'group']));

export const approvalChainsView = z.object({
  /** Null for the group defaults. */
  subsidiaryId: z.number().int().nullable(),
  chains: z.record(z.string(), levelList),
  /** Operations whose chain comes from this subsidiary's own override. */
  overridden: z.array(z.string()),
});
export type ApprovalChainsView = z.infer<typeof approvalChainsView>;
