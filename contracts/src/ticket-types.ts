import { z } from 'zod';
import { booleanQuery, nonEmptyPatch, reasonSchema, text } from './common.js';
import { dictCode } from './dictionaries.js';

/**
 * Ticket types (工单类型, group database `ticket_types`, docs/decisions/0007). The 8 core types are
 * shipped and protected; administrators add their own at runtime. Every type is mirrored as an item of
 * the `ticket_type` dictionary, so SLA rules and dictionary consumers see it.
 */

/** The process a type runs when none is given. */
export const DEFAULT_TICKET_PROCESS_ID = 'wl-ticket';

const formId = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, '表单编号须由小写字母、数字、短横线组成');
const processId = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/, '流程编号格式不正确');

export const ticketTypeParams = z.strictObject({ code: dictCode });

export const ticketTypeListQuery = z.strictObject({
  includeDisabled: booleanQuery.optional(),
});

export const ticketTypeCreateBody = z.strictObject({
  code: dictCode,
  name: text(64),
  description: z.string().trim().max(255).nullable().optional(),
  enabled: z.boolean().optional(),
  isConsultation: z.boolean().optional(),
  /** A form-js schema id (forms/schemas) with the type's own intake fields, or null. */
  intakeFormId: formId.nullable().optional(),
  /** A deployed process id; `wl-ticket` when omitted. */
  processId: processId.optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
  reason: reasonSchema,
});

export const ticketTypeUpdateBody = nonEmptyPatch({
  name: text(64).optional(),
  description: z.string().trim().max(255).nullable().optional(),
  enabled: z.boolean().optional(),
  isConsultation: z.boolean().optional(),
  intakeFormId: formId.nullable().optional(),
  processId: processId.optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
  reason: reasonSchema,
});

export const ticketTypeDeleteBody = z.strictObject({ reason: reasonSchema });

export const ticketTypeItem = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** Core types: neither deleted nor disabled; their process and consultation flag are fixed. */
  core: z.boolean(),
  enabled: z.boolean(),
  isConsultation: z.boolean(),
  intakeFormId: z.string().nullable(),
  processId: z.string(),
  sort: z.number().int(),
});
export type TicketTypeItem = z.infer<typeof ticketTypeItem>;
