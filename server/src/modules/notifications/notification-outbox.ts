import type { NotificationChannel, NotificationKind } from '@warmline/contracts';
import type { NotificationConfig } from '../../config.js';
import type { Services } from '../../services.js';
import { notificationModel, type NotificationRow } from './notification.model.js';
import type { Recipient } from './recipients.js';
import type { TicketRef } from './notification-text.js';

/** One message to some users; the outbox stores one row per user and channel. */
export interface PlannedNotification {
  kind: NotificationKind;
  title: string;
  body: string;
  recipients: Recipient[];
  subsidiaryId: number | null;
  ticket?: TicketRef | null;
  /**
   * What makes the event unique (e.g. `task:12:3377` for a created task): a replay of the same event,
   * in this process or another, maps to the same key and is stored once.
   */
  eventKey: string;
}

/** The channels a kind goes out on for a recipient: in-app always, SMS / WeChat as configured. */
export function channelsFor(
  config: NotificationConfig,
  kind: NotificationKind,
  r: Recipient,
): { channel: NotificationChannel; address: string | null }[] {
  const out: { channel: NotificationChannel; address: string | null }[] = [{ channel: 'inapp', address: null }];
  if (config.sms.kind !== 'off' && config.smsKinds.includes(kind) && r.mobile) out.push({ channel: 'sms', address: r.mobile });
  if (config.wechat.kind !== 'off' && config.wechatKinds.includes(kind)) out.push({ channel: 'wechat', address: null });
  return out;
}

/** Store the planned messages as pending outbox rows; duplicates (same event, user, channel) are skipped. */
export async function enqueueNotifications(services: Services, planned: PlannedNotification[]): Promise<number> {
  const now = new Date();
  const rows: Partial<NotificationRow>[] = [];
  for (const p of planned) {
    for (const r of p.recipients) {
      for (const { channel, address } of channelsFor(services.config.notifications, p.kind, r)) {
        rows.push({
          user_id: r.id,
          channel,
          kind: p.kind,
          title: p.title.slice(0, 200),
          body: p.body.slice(0, 1000),
          address,
          subsidiary_id: p.subsidiaryId,
          ticket_id: p.ticket?.ticketId ?? null,
          ticket_no: p.ticket?.ticketNo ?? null,
          dedupe_key: `${p.eventKey}:u${r.id}:${channel}`.slice(0, 190),
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          created_at: now,
        });
      }
    }
  }
  if (rows.length === 0) return 0;
  await notificationModel(services.dbs.group).bulkCreate(rows, { ignoreDuplicates: true });
  return rows.length;
}
