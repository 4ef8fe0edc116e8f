import { z } from 'zod';
import { idSchema } from './common.js';
import { taskKeySchema } from './tasks.js';
import { TICKET_STATUSES } from './tickets.js';

/**
 * Ticket lifecycle actions (docs/decisions/0007): one route per operation under
 * `/api/subsidiaries/:subsidiaryId/tickets/:ticketId/…`. Every action answers the ticket's state after it.
 * A request may carry an `Idempotency-Key` header (≤ 100 chars): a repeat answers the first answer.
 */
export const ticketActionParams = z.strictObject({ subsidiaryId: idSchema, ticketId: idSchema });
export const ticketApprovalParams = z.strictObject({ subsidiaryId: idSchema, ticketId: idSchema, taskKey: taskKeySchema });

const id = z.number().int().positive().max(2_147_483_647);
/** A reason people read in the timeline: 2–500 characters. */
const reason = z.string().trim().min(2, '原因至少 2 个字').max(500);
const note = z.string().trim().max(500).optional();

export const ticketDispatchBody = z.strictObject({ stationId: id, note });
export const ticketConfirmAssignBody = z.strictObject({ workerId: id, note });
export const ticketReturnBody = z.strictObject({ reason });
export const ticketCloseDirectlyBody = z.strictObject({ note });
export const ticketReassignBody = z.strictObject({ workerId: id, reason });
export const ticketAcceptBody = z.strictObject({});
export const ticketRejectBody = z.strictObject({ reason });

export const TICKET_SATISFACTIONS = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;

/** 处理: what the worker did; satisfaction and signature are required when resolved and immutable once submitted. */
export const ticketHandleBody = z
  .strictObject({
    result: z.enum(['resolved', 'unresolved']),
    resultDescription: z.string().trim().min(2).max(2000),
    unresolvedReason: z.string().trim().min(2).max(1000).optional(),
    parts: z.string().trim().max(500).optional(),
    durationMinutes: z.number().int().min(1).max(1440).optional(),
    /** Indoor temperature readings (℃); the form keeps their average as `indoorTemperature`. */
    indoorTemperatures: z.array(z.number().min(-10).max(40)).min(1).max(20).optional(),
    satisfaction: z.enum(TICKET_SATISFACTIONS).optional(),
    /** A `ticket_attachments` row of this ticket (the customer's signature). */
    signatureAttachmentId: id.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.result === 'unresolved' && !v.unresolvedReason)
      ctx.addIssue({ code: 'custom', path: ['unresolvedReason'], message: '未解决时必须填写原因' });
    if (v.result === 'resolved' && !v.satisfaction)
      ctx.addIssue({ code: 'custom', path: ['satisfaction'], message: '已解决时必须填写满意度' });
  });
export type TicketHandleBody = z.infer<typeof ticketHandleBody>;

export const ticketRequestDelayBody = z.strictObject({ minutes: z.number().int().min(1).max(10_080), reason });
export const ticketRequestReasonBody = z.strictObject({ reason });
export const ticketWaitingCustomerBody = z.strictObject({ reason: note });
export const ticketCustomerBackBody = z.strictObject({ note });

export const ticketCallbackBody = z.strictObject({
  outcome: z.enum(['satisfied', 'dissatisfied', 'closeWithoutCallback']),
  note: z.string().trim().max(1000).optional(),
  remindPayment: z.boolean().optional(),
});

export const ticketSkipLevelBody = z
  .strictObject({
    decision: z.enum(['resolved', 'dispatch']),
    note: z.string().trim().min(2).max(1000),
    stationId: id.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'dispatch' && !v.stationId) ctx.addIssue({ code: 'custom', path: ['stationId'], message: '派往站部时必须选择站部' });
  });

export const ticketSuperviseBody = z.strictObject({
  requirement: z.string().trim().min(2).max(1000),
  deadline: z.iso.datetime({ offset: true }),
});

export const ticketSupervisionReportBody = z
  .strictObject({
    progress: z.string().trim().min(2).max(2000),
    done: z.boolean().optional(),
    result: z.string().trim().min(2).max(2000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.done && !v.result) ctx.addIssue({ code: 'custom', path: ['result'], message: '办结时必须填写结果' });
  });

export const ticketSupervisionReviewBody = z.strictObject({
  decision: z.enum(['accept', 'reject']),
  comment: z.string().trim().max(500).optional(),
});

export const ticketApprovalDecideBody = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().min(2).max(500).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !v.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: '驳回时必须填写意见' });
  });

export const ticketOpenTask = z.object({
  taskKey: z.string(),
  processId: z.string(),
  elementId: z.string(),
  name: z.string(),
  assignee: z.string().nullable(),
  candidateGroups: z.array(z.string()),
  /** Approval steps: the operation (`delay`, `void` …) and the level (`station`, `subsidiary`, `group`). */
  operation: z.string().nullable(),
  level: z.string().nullable(),
});
export type TicketOpenTask = z.infer<typeof ticketOpenTask>;

/** The ticket's state after an action, read from the process (the row follows through the projector). */
export const ticketActionResult = z.object({
  ticketId: z.number().int(),
  status: z.enum(TICKET_STATUSES),
  statusLabel: z.string(),
  ended: z.boolean(),
  waitingCustomer: z.boolean(),
  openTasks: z.array(ticketOpenTask),
  /** The timeline entry this action wrote. */
  eventId: z.number().int(),
});
export type TicketActionResult = z.infer<typeof ticketActionResult>;
