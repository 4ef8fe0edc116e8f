import crypto from 'node:crypto';
import { Op, type Sequelize } from 'sequelize';
import type { NotificationChannel } from '@warmline/contracts';
import type { Logger } from '../../core/logger.js';
import { notificationModel, type NotificationRow } from './notification.model.js';
import type { NotificationProvider } from './providers/provider.js';

const BATCH = 50;
/** A claim lasts this long; a process that dies mid-send leaves the row to be claimed again after it. */
const CLAIM_MS = 60_000;

/** Back-off after the n-th failed attempt: 5 s, 10 s, 20 s … capped at one hour. */
export const backoffMs = (attempts: number) => Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));

/**
 * Drains the outbox: claims due pending rows (an UPDATE guarded by `status = pending` and an expired
 * claim, so two processes never send the same row at once), hands each to its channel's provider,
 * and records the outcome. At-least-once: a crash after sending and before recording sends again.
 */
export class NotificationDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  readonly owner = crypto.randomUUID();

  constructor(
    private readonly group: Sequelize,
    private readonly providers: Partial<Record<NotificationChannel, NotificationProvider>>,
    private readonly opts: { pollMs: number; maxAttempts: number },
    private readonly logger: Logger,
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.wake();
      this.timer = setTimeout(tick, this.opts.pollMs);
      this.timer.unref();
    };
    tick();
  }

  /** Drain now (new rows were queued); coalesces with a drain already running. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ err }, 'notification dispatch failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Claim and send until nothing due is left. Answers how many rows it handled. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const rows = await this.claim();
      if (rows.length === 0) return handled;
      for (const row of rows) await this.deliver(row);
      handled += rows.length;
      if (this.stopped) return handled;
    }
  }

  private async claim(): Promise<NotificationRow[]> {
    const Notifications = notificationModel(this.group);
    const now = new Date();
    const channels = Object.keys(this.providers).filter((c) => this.providers[c as NotificationChannel]);
    const due = {
      status: 'pending',
      channel: { [Op.in]: channels },
      next_attempt_at: { [Op.lte]: now },
      [Op.or]: [{ claimed_until: null }, { claimed_until: { [Op.lt]: now } }],
    };
    const candidates = await Notifications.findAll({ attributes: ['id'], where: due, order: [['id', 'ASC']], limit: BATCH, raw: true });
    if (candidates.length === 0) return [];
    const token = crypto.randomUUID();
    await Notifications.update(
      { claimed_until: new Date(now.getTime() + CLAIM_MS), claim_token: token },
      { where: { ...due, id: { [Op.in]: candidates.map((c) => c.id) } } },
    );
    return Notifications.findAll({ where: { claim_token: token }, order: [['id', 'ASC']], raw: true });
  }

  private async deliver(row: NotificationRow): Promise<void> {
    const Notifications = notificationModel(this.group);
    const provider = this.providers[row.channel];
    const mine = { id: row.id, claim_token: row.claim_token, status: 'pending' };
    if (!provider) return;
    const attempts = row.attempts + 1;
    try {
      await provider.send(row);
      await Notifications.update(
        { status: 'sent', sent_at: new Date(), attempts, provider: provider.name, claimed_until: null, last_error: null },
        { where: mine },
      );
    } catch (err) {
      const failed = attempts >= this.opts.maxAttempts;
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn({ err, notificationId: row.id, attempts }, 'notification not delivered');
      await Notifications.update(
        {
          status: failed ? 'failed' : 'pending',
          attempts,
          provider: provider.name,
          last_error: message.slice(0, 500),
          next_attempt_at: new Date(Date.now() + backoffMs(attempts)),
          claimed_until: null,
        },
        { where: mine },
      );
    }
  }
}
