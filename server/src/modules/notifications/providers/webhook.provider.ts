import type { NotificationRow } from '../notification.model.js';
import type { NotificationProvider } from './provider.js';

const TIMEOUT_MS = 10_000;

/**
 * A gateway reached by one HTTP call (docs/decisions/0008 documents the request): `POST <url>` with
 * `Authorization: Bearer <token>` when configured and the JSON body
 * `{id, channel, to, userId, title, body, kind, ticketNo}`. Any 2xx is delivered; anything else
 * (or no answer within 10 s) is retried with back-off. `id` lets the gateway drop a repeated delivery.
 */
export function webhookProvider(url: string, token?: string): NotificationProvider {
  return {
    name: 'webhook',
    send: async (row: NotificationRow) => {
      if (row.channel === 'sms' && !row.address) throw new Error('no mobile number');
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({
          id: row.id,
          channel: row.channel,
          to: row.address,
          userId: row.user_id,
          title: row.title,
          body: row.body,
          kind: row.kind,
          ticketNo: row.ticket_no,
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`gateway answered ${res.status}`);
    },
  };
}
