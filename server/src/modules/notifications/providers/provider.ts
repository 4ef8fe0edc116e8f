import type { NotificationRow } from '../notification.model.js';

/** One way out for one channel. `send` resolves when the message is delivered, throws to be retried. */
export interface NotificationProvider {
  /** Stored on the row (`keep`, `inapp`, `webhook`). */
  readonly name: string;
  send(row: NotificationRow): Promise<void>;
}
