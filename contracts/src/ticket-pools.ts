import { z } from 'zod';
import { booleanQuery, idSchema, pagingQuery } from './common.js';
import { TICKET_EVENT_KINDS, TICKET_POOLS, TICKET_STATUSES, type TicketEventKind } from './tickets.js';

/**
 * Ticket pools (工单池) and the ticket timeline (docs/decisions/0007): what the agents' and the
 * stations' lists and the detail / print screens read.
 */

export const TICKET_POOL_LABELS: Record<(typeof TICKET_POOLS)[number], string> = {
  unassigned: '待安排',
  assigned: '已安排',
  returned: '退回',
  supervised: '督办',
  skip_level: '越级投诉',
  to_confirm: '待确认',
  station_assigned: '已分派',
};

export const TICKET_POOL_SORTS = ['dueAt', 'createdAt', 'priority'] as const;

export const ticketPoolParams = z.strictObject({ subsidiaryId: idSchema, pool: z.enum(TICKET_POOLS) });

const isoTime = z.iso.datetime({ offset: true });
const code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, '编码须以小写字母开头，由小写字母、数字、下划线组成');

/** GET …/ticket-pools/:pool — filters, paging and sorting. */
export const ticketPoolQuery = pagingQuery.extend({
  /** Ticket number prefix (e.g. `CC-20261124`). */
  ticketNo: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/, '工单编号只能包含字母、数字、下划线和连字符')
    .optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  typeCode: code.optional(),
  source: code.optional(),
  supervised: booleanQuery.optional(),
  skipLevel: booleanQuery.optional(),
  /** `none`: no flag. */
  slaFlag: z.enum(['yellow', 'red', 'none']).optional(),
  stationId: idSchema.optional(),
  workerId: idSchema.optional(),
  dueBefore: isoTime.optional(),
  dueAfter: isoTime.optional(),
  sort: z.enum(TICKET_POOL_SORTS).default('dueAt'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type TicketPoolQuery = z.output<typeof ticketPoolQuery>;

export const ticketPoolItem = z.object({
  id: z.number().int(),
  ticketNo: z.string(),
  typeCode: z.string(),
  categoryCode: z.string().nullable(),
  urgency: z.string(),
  source: z.string(),
  status: z.enum(TICKET_STATUSES),
  statusLabel: z.string(),
  priority: z.string(),
  title: z.string(),
  address: z.string().nullable(),
  callerPhone: z.string().nullable(),
  contactName: z.string().nullable(),
  stationId: z.number().int().nullable(),
  stationName: z.string().nullable(),
  workerId: z.number().int().nullable(),
  workerName: z.string().nullable(),
  agentId: z.number().int(),
  supervised: z.boolean(),
  skipLevel: z.boolean(),
  /** Red (overdue) / yellow (near due) from the SLA clock; null when neither. */
  slaFlag: z.enum(['yellow', 'red']).nullable(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TicketPoolItem = z.infer<typeof ticketPoolItem>;

/** GET …/ticket-pools — how many tickets each pool holds for the caller. */
export const ticketPoolCounts = z.record(z.enum(TICKET_POOLS), z.number().int());
export type TicketPoolCounts = z.infer<typeof ticketPoolCounts>;

// -- timeline -------------------------------------------------------------------------------

export const TICKET_EVENT_KIND_LABELS: Record<TicketEventKind, string> = {
  created: '受理',
  dispatched: '派单',
  returned: '退回',
  confirmed: '站部确认',
  assigned: '派工',
  reassigned: '改派',
  accepted: '接单',
  rejected: '拒单',
  handled: '处理',
  completed: '完工',
  callback: '回访',
  closed: '办结',
  voided: '作废',
  cancelled: '取消',
  delay_requested: '申请延时',
  void_requested: '申请作废',
  cancel_requested: '申请取消',
  approval_requested: '提交审批',
  approval_decided: '审批',
  supervised: '督办',
  supervision_report: '督办反馈',
  supervision_closed: '督办办结',
  skip_level_takeover: '越级投诉处置',
  sla_flag: '时限预警',
  attachment_added: '上传附件',
  attachment_removed: '删除附件',
  call_linked: '关联通话',
  updated: '修改',
  task_created: '流转',
};

export const ticketTimelineParams = z.strictObject({ subsidiaryId: idSchema, ticketId: idSchema });

export const ticketAttachmentMeta = z.object({
  id: z.number().int(),
  eventId: z.number().int().nullable(),
  kind: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  takenAt: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  uploadedBy: z.number().int(),
  uploadedByName: z.string().nullable(),
  createdAt: z.string(),
});

export const ticketApprovalEntry = z.object({
  eventId: z.number().int(),
  kind: z.enum(['approval_requested', 'approval_decided']),
  operation: z.string().nullable(),
  level: z.string().nullable(),
  decision: z.string().nullable(),
  comment: z.string().nullable(),
  operatorName: z.string().nullable(),
  at: z.string(),
});

export const ticketCallEntry = z.object({
  eventId: z.number().int(),
  callId: z.string(),
  operatorName: z.string().nullable(),
  at: z.string(),
});

export const ticketTimelineEntry = z.object({
  id: z.number().int(),
  kind: z.enum(TICKET_EVENT_KINDS),
  kindLabel: z.string(),
  /** A one-line Chinese summary for lists and the print view (e.g. `待办：站部确认`). */
  summary: z.string(),
  operatorId: z.number().int().nullable(),
  /** Null for steps of the system (timers, the process itself). */
  operatorName: z.string().nullable(),
  at: z.string(),
  reason: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  taskKey: z.string().nullable(),
  attachments: z.array(ticketAttachmentMeta),
});
export type TicketTimelineEntry = z.infer<typeof ticketTimelineEntry>;

export const ticketTimeline = z.object({
  ticket: z.object({
    id: z.number().int(),
    ticketNo: z.string(),
    title: z.string(),
    typeCode: z.string(),
    status: z.enum(TICKET_STATUSES),
    statusLabel: z.string(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
  }),
  entries: z.array(ticketTimelineEntry),
  approvals: z.array(ticketApprovalEntry),
  calls: z.array(ticketCallEntry),
  /** Every attachment of the ticket, also those not tied to an entry. */
  attachments: z.array(ticketAttachmentMeta),
});
export type TicketTimeline = z.infer<typeof ticketTimeline>;
