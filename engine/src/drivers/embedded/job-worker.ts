import type { Job, JobHandler, JobOutcome, Variables, WorkerOptions } from '../../process-engine.js';
import { iso } from '../../store/sql.js';
import { newKey } from '../../store/keys.js';
import type { EmbeddedEngine } from './embedded-engine.js';
import type { Wait } from './instance-run.js';
import { parseJson } from './instance-store.js';
import { finishJob } from './jobs.js';
import { jobProbeOf } from './job-probe.js';

interface JobRow {
  job_key: string;
  instance_key: string;
  wait_key: string;
  process_id: string;
  element_id: string;
  type: string;
  retries: number;
  headers: string;
  variables: string;
  waits: string;
}

const activatable = (t: string) =>
  `((${t}state = 'activatable' AND (${t}retry_at IS NULL OR ${t}retry_at <= ?)) OR (${t}state = 'activated' AND ${t}deadline_at < ?))`;

/** A slot of a worker of this process taken for a job that is created already activated (in-process hand-off). */
export interface Reservation {
  workerId: string;
  deadline: Date;
  deliver(tenantId: string, job: Job, waitKey: string): void;
  release(): void;
}

/**
 * One worker of a job type. Jobs created by this process are handed over directly (created already
 * activated for the worker, in the transaction that creates them); jobs from elsewhere, retries and
 * jobs whose deadline passed (at-least-once) are found by polling every tenant, claimed with a
 * conditional UPDATE. A poll is also triggered when a job of the type is created while no slot is free.
 */
export class JobWorker {
  private active = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private pollAgain = false;
  /** The next poll queries every tenant for this type at once (started, woken, or more may be waiting). */
  private direct = true;
  private closed = false;
  private readonly running = new Set<Promise<void>>();
  readonly id = `w${newKey()}`;
  private readonly maxJobs: number;
  private readonly timeoutMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly engine: EmbeddedEngine,
    readonly type: string,
    private readonly handler: JobHandler,
    options: WorkerOptions,
  ) {
    this.maxJobs = options.maxJobsActive ?? 32;
    this.timeoutMs = options.timeoutMs ?? 300_000;
    this.pollMs = options.pollIntervalMs ?? 1000;
  }

  start(): void {
    this.schedule(0);
  }

  /** Poll now (a job of this type may be waiting); when a poll is under way, poll again right after it. */
  wake(): void {
    if (this.closed) return;
    if (this.polling) this.pollAgain = true;
    else {
      this.direct = true;
      this.schedule(0);
    }
  }

  /** Take a slot for a job this process is about to create, if one is free. */
  reserve(): Reservation | undefined {
    if (this.closed || this.active >= this.maxJobs) return undefined;
    this.active++;
    let settled = false;
    return {
      workerId: this.id,
      deadline: new Date(Date.now() + this.timeoutMs),
      deliver: (tenantId, job, waitKey) => {
        if (settled) return;
        settled = true;
        // A closed worker leaves the job activated: once its deadline passes, another worker takes it.
        if (this.closed) this.active--;
        else this.track(this.handle(tenantId, job, waitKey));
      },
      release: () => {
        if (settled) return;
        settled = true;
        this.active--;
      },
    };
  }

  private track(p: Promise<void>) {
    const done = p.finally(() => {
      this.active--;
      this.running.delete(done);
      if (!this.closed && this.pollAgain) this.wake();
    });
    this.running.add(done);
  }

  private schedule(ms: number) {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    if (this.closed || this.polling) return;
    this.polling = true;
    this.pollAgain = false;
    const direct = this.direct;
    this.direct = false;
    let found = 0;
    try {
      for (const tenantId of await this.engine.tenantIds()) {
        const room = this.maxJobs - this.active;
        if (room <= 0 || this.closed) break;
        // A periodic poll asks the shared probe first: no query of this type where none is activatable.
        if (!direct && !(await jobProbeOf(this.engine).types(tenantId, this.pollMs / 2)).has(this.type)) continue;
        found += await this.pollTenant(tenantId, room);
      }
    } catch (err) {
      if (!this.closed) this.engine.log.warn({ err, type: this.type }, 'job poll failed');
    } finally {
      this.polling = false;
    }
    const full = this.active >= this.maxJobs;
    // More may be waiting: poll again at once, unless every slot is taken (a finishing job wakes us).
    if ((found > 0 || this.pollAgain) && full) this.pollAgain = true;
    const again = (found > 0 || this.pollAgain) && !full;
    if (again) this.direct = true;
    this.schedule(again ? 0 : this.pollMs);
  }

  private async pollTenant(tenantId: string, room: number): Promise<number> {
    const db = await this.engine.db(tenantId);
    const now = new Date();
    const rows = await db.select<JobRow>(
      `SELECT j.job_key, j.instance_key, j.wait_key, j.process_id, j.element_id, j.type, j.retries, j.headers, i.variables, i.waits
       FROM engine_jobs j JOIN engine_instances i ON i.instance_key = j.instance_key
       WHERE j.type = ? AND ${activatable('j.')} ORDER BY j.created_at LIMIT ?`,
      [this.type, now, now, room],
    );
    let claimed = 0;
    for (const row of rows) {
      const deadline = new Date(Date.now() + this.timeoutMs);
      const n = await db.execute(
        `UPDATE engine_jobs SET state = 'activated', deadline_at = ?, worker = ? WHERE job_key = ? AND ${activatable('')}`,
        [deadline, this.id, row.job_key, now, now],
      );
      if (n !== 1) continue;
      claimed++;
      const waits = parseJson<Record<string, Wait>>(row.waits, {});
      const variables: Variables = { ...parseJson<Variables>(row.variables, {}), ...waits[row.wait_key]?.loc };
      const job: Job = {
        jobKey: row.job_key,
        tenantId,
        type: row.type,
        instanceKey: row.instance_key,
        processId: row.process_id,
        elementId: row.element_id,
        retries: Number(row.retries),
        customHeaders: parseJson<Record<string, string>>(row.headers, {}),
        variables,
        deadline: iso(deadline) ?? '',
      };
      this.active++;
      this.track(this.handle(tenantId, job, row.wait_key));
    }
    return claimed;
  }

  private async handle(tenantId: string, job: Job, waitKey: string): Promise<void> {
    let outcome: JobOutcome;
    try {
      outcome = await this.handler(job);
    } catch (err) {
      outcome = { outcome: 'fail', errorMessage: (err as Error)?.message ?? String(err) };
    }
    try {
      await finishJob(
        this.engine,
        tenantId,
        { jobKey: job.jobKey, instanceKey: job.instanceKey, waitKey, retries: job.retries },
        outcome,
        this.id,
      );
    } catch (err) {
      this.engine.log.warn({ err, jobKey: job.jobKey }, 'job outcome not applied');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.polling) await new Promise((r) => setTimeout(r, 10));
    await Promise.allSettled([...this.running]);
  }
}
