import { toDate } from '../../store/sql.js';
import type { EmbeddedEngine } from './embedded-engine.js';

/**
 * Fires due timers. Timers are rows (`engine_timers`); the scheduler re-reads them on start and
 * every `pollMs`, and sets a timeout to the next due one. Firing restores the instance; the
 * run marks the row fired in the same transaction as the new state (`fired_at IS NULL` and the
 * instance `rev` are checked), so a timer fires once even with two processes or after a crash.
 */
export class TimerScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;
  private reconciledAt = Date.now();

  constructor(
    private readonly engine: EmbeddedEngine,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.arm(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Re-read the timers now (e.g. after a deploy scheduled start timers). */
  wake(): void {
    if (!this.stopped && !this.running) this.arm(0);
  }

  private arm(ms: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, Math.min(ms, this.pollMs)));
    this.timer.unref?.();
  }

  async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let next = this.pollMs;
    // Start timers of tenants added since, or of deploys by other processes missed: re-check now and then.
    const reconcile = Date.now() - this.reconciledAt > 60_000;
    if (reconcile) this.reconciledAt = Date.now();
    try {
      for (const tenantId of await this.engine.tenantIds()) {
        if (this.stopped) break;
        if (reconcile) await this.engine.startTimers.reconcile(tenantId);
        const startDue = await this.engine.startTimers.fireDue(tenantId);
        if (startDue !== undefined) next = Math.min(next, startDue + 2);
        const db = await this.engine.db(tenantId);
        const rows = await db.select<{ timer_key: string; instance_key: string; due_at: unknown }>(
          "SELECT t.timer_key, t.instance_key, t.due_at FROM engine_timers t JOIN engine_instances i ON i.instance_key = t.instance_key WHERE t.fired_at IS NULL AND i.state = 'active' ORDER BY t.due_at LIMIT 200",
        );
        const now = Date.now();
        const fired = new Set<string>();
        for (const r of rows) {
          const due = toDate(r.due_at)?.getTime() ?? 0;
          if (due >= now) {
            next = Math.min(next, due - now + 2);
            continue;
          }
          if (fired.has(r.instance_key)) continue;
          fired.add(r.instance_key);
          await this.engine
            .apply(tenantId, r.instance_key, { t: 'resume' })
            .catch((err: unknown) => this.engine.log.warn({ err, timer: r.timer_key }, 'timer not fired'));
        }
        if (fired.size) next = 0;
      }
    } catch (err) {
      if (!this.stopped) this.engine.log.warn({ err }, 'timer scan failed');
    } finally {
      this.running = false;
    }
    this.arm(next);
  }
}
