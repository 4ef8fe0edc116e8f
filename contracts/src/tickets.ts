/**
 * Ticket vocabulary shared by the server, the console and the mobile app (docs/decisions/0007).
 * The lifecycle itself is the `wl-ticket` process; these are the row's mirrored states.
 */

/** The ticket row's status, projected from the process (which task is open, how the instance ended). */
export const TICKET_STATUSES = [
  'pending_dispatch', // 待派单 (agents' unassigned pool)
  'returned', // 已退回 (returned by the station, back with the agents)
  'skip_level', // 越级投诉待集团处置
  'pending_confirm', // 待站部确认
  'pending_accept', // 待接单
  'in_progress', // 处理中
  'pending_callback', // 待回访
  'closed', // 已办结
  'voided', // 已作废
  'cancelled', // 已取消
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  pending_dispatch: '待派单',
  returned: '已退回',
  skip_level: '越级投诉待处置',
  pending_confirm: '待站部确认',
  pending_accept: '待接单',
  in_progress: '处理中',
  pending_callback: '待回访',
  closed: '已办结',
  voided: '已作废',
  cancelled: '已取消',
};

export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter((s) => !['closed', 'voided', 'cancelled'].includes(s));

/** Which open task of `wl-ticket` puts the row in which status. */
export const TICKET_STATUS_BY_TASK: Record<string, TicketStatus> = {
  dispatch: 'pending_dispatch',
  'skip-level-takeover': 'skip_level',
  'station-confirm': 'pending_confirm',
  'worker-accept': 'pending_accept',
  handle: 'in_progress',
  callback: 'pending_callback',
};

/** Ticket pools (工单池): agents see the first five, stations the last two. */
export const TICKET_POOLS = ['unassigned', 'assigned', 'returned', 'supervised', 'skip_level', 'to_confirm', 'station_assigned'] as const;
export type TicketPool = (typeof TICKET_POOLS)[number];

export const TICKET_PRIORITIES = ['normal', 'urgent', 'critical'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Kinds of timeline entries (ticket_events.kind). */
export const TICKET_EVENT_KINDS = [
  'created',
  'dispatched',
  'returned',
  'confirmed',
  'assigned',
  'reassigned',
  'accepted',
  'rejected',
  'handled',
  'completed',
  'callback',
  'closed',
  'voided',
  'cancelled',
  'delay_requested',
  'void_requested',
  'cancel_requested',
  'approval_requested',
  'approval_decided',
  'supervised',
  'supervision_report',
  'supervision_closed',
  'skip_level_takeover',
  'sla_flag',
  'attachment_added',
  'attachment_removed',
  'call_linked',
  'updated',
  'task_created',
] as const;
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];
