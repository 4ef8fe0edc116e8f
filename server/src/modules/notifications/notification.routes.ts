import { z } from 'zod';
import {
  notificationItem,
  notificationList,
  notificationListQuery,
  notificationParams,
  outboxList,
  outboxListQuery,
  readAllResult,
  streamQuery,
  streamTicketResult,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { invalid } from '../../core/app-error.js';
import { listMyNotifications, listOutbox, markAllRead, markRead } from './notification.service.js';
import { issueStreamTicket, redeemStreamTicket } from './stream-ticket.service.js';

const streamQueryWithResume = streamQuery.extend({ lastEventId: z.coerce.number().int().min(0).max(2_147_483_647).optional() });

/** `Last-Event-ID` (an EventSource reconnecting by itself) or `?lastEventId=` (a client reconnecting with a new ticket). */
function resumeFrom(header: string | string[] | undefined, query: number | undefined): number | undefined {
  if (typeof header === 'string' && header.length > 0) {
    if (!/^\d{1,10}$/.test(header)) throw invalid('Last-Event-ID', '续传位置必须是数字');
    return Number(header);
  }
  return query;
}

/** In-app notifications, their real-time stream (SSE), and the outbox for admins (docs/decisions/0008). */
export const notificationRoutes = [
  defineRoute({
    id: 'notifications.list',
    method: 'get',
    path: '/notifications',
    summary: '我的站内通知（最新在前）及未读数',
    tag: 'notifications',
    access: 'authenticated',
    query: notificationListQuery,
    response: notificationList,
    handler: ({ services, user, query }) => listMyNotifications(services, user, query),
  }),

  defineRoute({
    id: 'notifications.streamTicket',
    method: 'post',
    path: '/notifications/stream-ticket',
    summary: '获取实时推送凭证（一次性，60 秒内有效；EventSource 无法携带请求头，用它打开推送流）',
    tag: 'notifications',
    access: 'authenticated',
    // A short-lived credential, not a change of business data: nothing to audit (like login).
    audit: 'self-audited',
    response: streamTicketResult,
    status: 201,
    handler: async ({ services, user }) => {
      const { ticket, expiresAt } = await issueStreamTicket(services.dbs.group, user.id);
      return { ticket, expiresAt: expiresAt.toISOString(), streamUrl: `/api/notifications/stream?ticket=${ticket}` };
    },
  }),

  defineRoute({
    id: 'notifications.stream',
    method: 'get',
    path: '/notifications/stream',
    summary: '实时推送（SSE）：?ticket= 为推送凭证；断线重连时以 Last-Event-ID 或 ?lastEventId= 续传；每 25 秒心跳',
    tag: 'notifications',
    // Authenticated by the one-time ticket in the query (EventSource sends no Authorization header).
    access: 'public',
    query: streamQueryWithResume,
    handler: async ({ services, req, res, query }) => {
      const resume = resumeFrom(req.headers['last-event-id'], query.lastEventId);
      const userId = await redeemStreamTicket(services.dbs.group, query.ticket);
      await services.notifications.hub.open(userId, res, resume);
      return undefined;
    },
  }),

  defineRoute({
    id: 'notifications.read',
    method: 'post',
    path: '/notifications/:id/read',
    summary: '标记一条通知为已读',
    tag: 'notifications',
    access: 'authenticated',
    params: notificationParams,
    txDatabase: 'group',
    response: notificationItem,
    handler: async ({ services, user, params, tx, audit }) => {
      const { item, changed } = await markRead(services, user, params.id, tx);
      await audit({ action: 'notification.read', entityType: 'notification', entityId: item.id, orgId: user.orgId, after: { changed } });
      return item;
    },
  }),

  defineRoute({
    id: 'notifications.readAll',
    method: 'post',
    path: '/notifications/read-all',
    summary: '全部标记为已读',
    tag: 'notifications',
    access: 'authenticated',
    txDatabase: 'group',
    response: readAllResult,
    handler: async ({ services, user, tx, audit }) => {
      const updated = await markAllRead(services, user, tx);
      await audit({ action: 'notification.read-all', entityType: 'notification', entityId: null, orgId: user.orgId, after: { updated } });
      return { updated };
    },
  }),

  defineRoute({
    id: 'notificationOutbox.list',
    method: 'get',
    path: '/notification-outbox',
    summary: '通知发件箱（站内、短信、微信）：按渠道、状态筛选；短信与微信在 keep 模式下只保存在这里',
    tag: 'notifications',
    access: 'audit:read',
    query: outboxListQuery,
    response: outboxList,
    handler: ({ services, user, query }) => listOutbox(services, user, query),
  }),
];
