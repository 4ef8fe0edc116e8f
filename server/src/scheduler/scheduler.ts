import crypto from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { SchedulerConfig } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { Services } from '../services.js';
import { dailySummaryJob } from './jobs/daily-summary.job.js';
import { dueSoonJob } from './jobs/due-soon.job.js';
import { overdueJob } from './jobs/overdue.job.js';
import { actionJournalJob, repairActionJournals } from './jobs/action-journal.job.js';
import { claimRun, finishRun, slotOf } from './scheduler-runs.js';

/** A scheduled job: one run per slot across every server process. */
export interface SchedulerJob {
  name: string;
  cron: (c: SchedulerConfig) => string;
  run: (services: Services, now: Date) => Promise<Record<string, number>>;
}

export const SCHEDULER_JOBS: SchedulerJob[] = [dueSoonJob, overdueJob, dailySummaryJob, actionJournalJob];

export type RunOutcome = { ran: true; result: Record<string, number> } | { ran: false };

/**
 * The process's cron (node-cron, in the configured time zone). Every firing claims its slot in the
 * group database first (`scheduler_runs`), so with several server processes each slot runs once.
 * Jobs are also idempotent on their own (notification dedupe keys, escalation levels).
 */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Set<Promise<unknown>>();
  readonly owner = `${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  private services: Services | undefined;
  /** Runs this process won and slots it skipped because another process (or an earlier firing) had them. */
  readonly stats = { ran: 0, skipped: 0 };

  constructor(
    private readonly config: SchedulerConfig,
    private readonly logger: Logger,
  ) {}

  start(services: Services): void {
    this.services = services;
    // Ticket action intents a stopped process left behind are repaired at start, scheduler on or off (decision 0018).
    const atStart = repairActionJournals(services).catch((err: unknown) =>
      this.logger.error({ err }, 'action journal repair at start failed'),
    );
    this.running.add(atStart);
    void atStart.finally(() => this.running.delete(atStart));
    if (!this.config.enabled) return;
    for (const job of SCHEDULER_JOBS) {
      const task = cron.schedule(
        job.cron(this.config),
        (ctx) => {
          const p = this.runJob(job.name, ctx.date).catch((err: unknown) =>
            this.logger.error({ err, job: job.name }, 'scheduled job failed'),
          );
          this.running.add(p);
          void p.finally(() => this.running.delete(p));
        },
        { timezone: this.config.timezone, name: `warmline:${job.name}:${this.owner}`, noOverlap: true },
      );
      this.tasks.push(task);
    }
  }

  /** Run `name` for the slot of `scheduledAt` unless another process (or an earlier call) already did. */
  async runJob(name: string, scheduledAt: Date): Promise<RunOutcome> {
    const services = this.services;
    if (!services) throw new Error('scheduler not started');
    const job = SCHEDULER_JOBS.find((j) => j.name === name);
    if (!job) throw new Error(`unknown job ${name}`);
    const slot = slotOf(scheduledAt);
    if (!(await claimRun(services.dbs.group, name, slot, this.owner))) {
      this.stats.skipped += 1;
      return { ran: false };
    }
    this.stats.ran += 1;
    let result: Record<string, number> = {};
    try {
      result = await job.run(services, scheduledAt);
      return { ran: true, result };
    } finally {
      await finishRun(services.dbs.group, name, slot, JSON.stringify(result)).catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    for (const t of this.tasks.splice(0)) await t.destroy();
    await Promise.allSettled([...this.running]);
  }
}
