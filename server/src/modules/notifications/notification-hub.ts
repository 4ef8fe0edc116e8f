import type { Response } from 'express';
import { Op, type Sequelize } from 'sequelize';
import type { Logger } from '../../core/logger.js';
import { notificationModel, type NotificationRow } from './notification.model.js';
import { toNotificationItem } from './notification-view.js';

interface Connection {
  userId: number;
  res: Response;
  /** Ids already written to this connection (the local push and the poll may both find a row). */
  delivered: Set<number>;
  /** Rows at or below this id were known before the stream opened (or replayed): never written. */
  start: number;
  /** The highest id written so far (or `start`). */
  high: number;
}

const BACKLOG = 200;
/** Rows committed out of id order are still found by the poll within this window. */
const LATE_WINDOW_MS = 60_000;

/**
 * The SSE connections of this process. A row is written to a user's connections when this process's
 * dispatcher claims it (at once), and every `pollMs` the hub reads the outbox for its connected users
 * — so a user connected to another process than the one that claimed the row still gets it.
 */
export class NotificationHub {
  private readonly byUser = new Map<number, Set<Connection>>();
  private heartbeat: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly group: Sequelize,
    private readonly opts: { heartbeatMs: number; pollMs: number },
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.heartbeat = setInterval(() => this.each((c) => c.res.write(': ping\n\n')), this.opts.heartbeatMs);
    this.poller = setInterval(() => void this.poll(), this.opts.pollMs);
    this.heartbeat.unref();
    this.poller.unref();
  }

  stop(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.poller);
    this.each((c) => c.res.end());
    this.byUser.clear();
  }

  connectionCount(userId?: number): number {
    if (userId !== undefined) return this.byUser.get(userId)?.size ?? 0;
    return [...this.byUser.values()].reduce((n, s) => n + s.size, 0);
  }

  /**
   * Open a stream for `userId` on `res`. With `lastEventId`, the in-app notifications after it are
   * replayed first (an EventSource reconnecting); without, the stream starts at "now".
   */
  async open(userId: number, res: Response, lastEventId: number | undefined): Promise<void> {
    const Notifications = notificationModel(this.group);
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('connection', 'keep-alive');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write(`retry: 3000\n: connected\n\n`);
    const conn: Connection = { userId, res, delivered: new Set(), start: 0, high: 0 };
    if (lastEventId !== undefined) {
      conn.start = conn.high = lastEventId;
      const backlog = await Notifications.findAll({
        where: { user_id: userId, channel: 'inapp', id: { [Op.gt]: lastEventId } },
        order: [['id', 'ASC']],
        limit: BACKLOG,
        raw: true,
      });
      for (const row of backlog) this.write(conn, row);
    } else {
      const last = await Notifications.max<number, typeof Notifications.prototype>('id', { where: { user_id: userId, channel: 'inapp' } });
      conn.start = conn.high = last ?? 0;
    }
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(conn);
    res.on('close', () => {
      set.delete(conn);
      if (set.size === 0 && this.byUser.get(userId) === set) this.byUser.delete(userId);
    });
  }

  /** A row this process claimed: write it to the recipient's connections here, if any. */
  push(row: NotificationRow): void {
    if (row.channel !== 'inapp') return;
    for (const c of this.byUser.get(row.user_id) ?? []) this.write(c, row);
  }

  /** Find rows other processes created or claimed for the users connected here. */
  async poll(): Promise<void> {
    if (this.polling || this.byUser.size === 0) return;
    this.polling = true;
    try {
      const users = [...this.byUser.keys()];
      let high = Infinity;
      this.each((c) => (high = Math.min(high, c.high)));
      const rows = await notificationModel(this.group).findAll({
        where: {
          user_id: { [Op.in]: users },
          channel: 'inapp',
          [Op.or]: [{ id: { [Op.gt]: high } }, { created_at: { [Op.gte]: new Date(Date.now() - LATE_WINDOW_MS) } }],
        },
        order: [['id', 'ASC']],
        limit: 1000,
        raw: true,
      });
      for (const row of rows) for (const c of this.byUser.get(row.user_id) ?? []) this.write(c, row);
    } catch (err) {
      this.logger.warn({ err }, 'notification poll failed');
    } finally {
      this.polling = false;
    }
  }

  private write(c: Connection, row: NotificationRow): void {
    if (row.id <= c.start || c.delivered.has(row.id)) return;
    c.delivered.add(row.id);
    c.high = Math.max(c.high, row.id);
    if (c.delivered.size > 5_000) c.delivered.delete(c.delivered.values().next().value!);
    c.res.write(`id: ${row.id}\nevent: notification\ndata: ${JSON.stringify(toNotificationItem(row))}\n\n`);
  }

  private each(fn: (c: Connection) => void): void {
    for (const set of this.byUser.values()) for (const c of set) fn(c);
  }
}
