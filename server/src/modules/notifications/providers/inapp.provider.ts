import type { NotificationRow } from '../notification.model.js';
import type { NotificationProvider } from './provider.js';

/** In-app messages: the row is the message; this process pushes it to its own SSE connections at once. */
export function inappProvider(push: (row: NotificationRow) => void): NotificationProvider {
  return {
    name: 'inapp',
    send: (row) => {
      push(row);
      return Promise.resolve();
    },
  };
}
