import { z } from 'zod';
import { idSchema, pagingQuery } from './common.js';

/**
 * Notifications (docs/decisions/0008): in-app messages pushed over SSE, and SMS / WeChat messages
 * sent through a provider. Every message is one outbox row per user and channel.
 */
export const NOTIFICATION_CHANNELS = ['inapp', 'sms', 'wechat'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const NOTIFICATION_KINDS = [
  'dispatched', // 新工单待确认 (station heads)
  'task_assigned', // 待接单 / 待处理 (the worker)
  'reassigned', // 改派 (old and new worker)
  'due_soon', // 即将超时 (yellow)
  'overdue', // 已超时 (red)
  'completed', // 已处理待回访
  'approval_requested', // 待审批
  'daily_summary', // 每日汇总
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  dispatched: '新工单待确认',
  task_assigned: '新任务',
  reassigned: '工单改派',
  due_soon: '即将超时',
  overdue: '已超时',
  completed: '待回访',
  approval_requested: '待审批',
  daily_summary: '每日汇总',
};

/** One notification as its recipient sees it. */
export const notificationItem = z.object({
  id: z.number().int(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  subsidiaryId: z.number().int().nullable(),
  ticketId: z.number().int().nullable(),
  ticketNo: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationItem = z.infer<typeof notificationItem>;

/** GET /api/notifications — my in-app notifications, newest first, with the unread count. */
export const notificationListQuery = pagingQuery.extend({
  unread: z.enum(['true', 'false']).optional(),
});
export const notificationList = z.object({
  items: z.array(notificationItem),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type NotificationList = z.infer<typeof notificationList>;

export const notificationParams = z.strictObject({ id: idSchema });
export const readAllResult = z.object({ updated: z.number().int() });

/** POST /api/notifications/stream-ticket — a one-time ticket for `EventSource` (which cannot send headers). */
export const streamTicketResult = z.object({ ticket: z.string(), expiresAt: z.string(), streamUrl: z.string() });
export const streamQuery = z.strictObject({ ticket: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, '推送凭证格式不正确') });

/** GET /api/notification-outbox — admins read every channel's messages (SMS / WeChat kept by the `keep` provider). */
export const outboxListQuery = pagingQuery.extend({
  channel: z.enum(NOTIFICATION_CHANNELS).optional(),
  status: z.enum(NOTIFICATION_STATUSES).optional(),
});
export const outboxItem = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  userName: z.string().nullable(),
  channel: z.enum(NOTIFICATION_CHANNELS),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  subsidiaryId: z.number().int().nullable(),
  ticketId: z.number().int().nullable(),
  ticketNo: z.string().nullable(),
  status: z.enum(NOTIFICATION_STATUSES),
  attempts: z.number().int(),
  provider: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof outboxItem>;
export const outboxList = z.object({
  items: z.array(outboxItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
