import { z } from 'zod';
import { idSchema, nonEmptyPatch, optionalText, subsidiaryItemParams, subsidiaryParams, text } from './common.js';

/**
 * Call records (通话记录, tenant table `call_records`, docs/decisions/0014): one row per call an agent
 * took or made. Today the agent workspace registers an incoming call (来电登记) when the agent looks
 * up a caller number and accepts it; the telephony adapter will create them itself later. A record
 * links to at most one ticket (the intake that came of the call).
 */

export const CALL_DIRECTIONS = { inbound: '来电', outbound: '去电' } as const;
export const callDirection = z.enum(['inbound', 'outbound']);
export type CallDirection = z.infer<typeof callDirection>;

const queryId = z.coerce.number().int().positive().max(2_147_483_647);

export const callRecordParams = subsidiaryItemParams;
export const callRecordListParams = subsidiaryParams;

export const callRecordCreateBody = z.strictObject({
  direction: callDirection.default('inbound'),
  /** The caller's number as the switch or the agent gave it; stored normalised. */
  callerNumber: text(40),
  /** The number called: the hotline or the agent's extension; the agent's number when omitted. */
  calleeNumber: optionalText(40),
  /** When the call began; now when omitted. */
  startedAt: z.iso.datetime({ offset: true }).optional(),
  endedAt: z.iso.datetime({ offset: true }).optional(),
  /** The customer the agent identified; else the number's single matching customer, if any. */
  customerId: idSchema.optional(),
  houseId: idSchema.optional(),
  note: optionalText(500),
});
export type CallRecordCreateBody = z.infer<typeof callRecordCreateBody>;

export const callRecordUpdateBody = nonEmptyPatch({
  endedAt: z.iso.datetime({ offset: true }).optional(),
  note: z.string().trim().max(500).nullable().optional(),
});

export const callRecordLinkBody = z.strictObject({ ticketId: idSchema, reason: optionalText(500) });

export const callRecordListQuery = z
  .strictObject({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
    /** A number in any format: its calls, and the calls of the customers it belongs to. */
    phone: z.string().trim().min(1).max(40).optional(),
    customerId: queryId.optional(),
    ticketId: queryId.optional(),
  })
  .refine((q) => Boolean(q.phone || q.customerId || q.ticketId), { message: '请按号码、热用户或工单查询', path: ['phone'] });

export const callRecordItem = z.object({
  id: z.number().int(),
  direction: callDirection,
  callerNumber: z.string(),
  calleeNumber: z.string().nullable(),
  agentId: z.number().int().nullable(),
  agentName: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  customerId: z.number().int().nullable(),
  customerName: z.string().nullable(),
  houseId: z.number().int().nullable(),
  ticketId: z.number().int().nullable(),
  ticketNo: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type CallRecordItem = z.infer<typeof callRecordItem>;
