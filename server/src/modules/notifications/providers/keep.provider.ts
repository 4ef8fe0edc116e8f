import type { NotificationProvider } from './provider.js';

/**
 * The default SMS / WeChat provider: nothing leaves the server. The row itself is the message; admins
 * read it with `GET /api/notification-outbox?channel=sms`.
 */
export const keepProvider: NotificationProvider = {
  name: 'keep',
  send: () => Promise.resolve(),
};
