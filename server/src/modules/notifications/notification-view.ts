import type { NotificationItem } from '@warmline/contracts';
import type { NotificationRow } from './notification.model.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** An outbox row as its recipient sees it (API and SSE). */
export const toNotificationItem = (r: NotificationRow): NotificationItem => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  subsidiaryId: r.subsidiary_id,
  ticketId: r.ticket_id,
  ticketNo: r.ticket_no,
  createdAt: iso(r.created_at)!,
  readAt: iso(r.read_at),
});
