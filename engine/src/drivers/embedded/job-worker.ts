import type { Job, JobHandler, JobOutcome, Variables, WorkerOptions } from '../../process-engine.js';
import { iso } from '../../store/sql.js';
import type { EmbeddedEngine } from './embedded-engine.js';
import { newKey } from '../../store/keys.js';
import { parseJson } from './instance-store.js';
import { finishJob } from './jobs.js';
import type { Wait } from './instance-run.js';

interface JobRow {
  job_key: string;
  instance_key: string;
  wait_key: string;
  process_id: string;
  element_id: string;
  type: string;
  retries: number;
  headers: string;
}

const ACTIVATABLE = "((state = 'activatable' AND (retry_at IS NULL OR retry_at <= ?)) OR (state = 'activated' AND deadline_at < ?))";

/**
 * Polls every tenant for activatable jobs of one type, claims them with a conditional UPDATE
 * (a job whose deadline passed is activatable again: at-least-once) and runs the handler.
 */
export class JobWorker {
  private active = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private closed = false;
  private readonly running = new Set<Promise<void>>();
  private readonly id = `w${newKey()}`;
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
    this.pollMs = options.pollIntervalMs ?? 500;
  }

  start(): void {
    this.schedule(0);
  }

  wake(): void {
    if (!this.closed && !this.polling) this.schedule(0);
  }

  private schedule(ms: number) {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    if (this.closed || this.polling) return;
    this.polling = true;
    let found = 0;
    try {
      for (const tenantId of await this.engine.tenantIds()) {
        const room = this.maxJobs - this.active;
        if (room <= 0 || this.closed) break;
        found += await this.pollTenant(tenantId, room);
      }
    } catch (err) {
      if (!this.closed) this.engine.log.warn({ err, type: this.type }, 'job poll failed');
    } finally {
      this.polling = false;
    }
    this.schedule(found > 0 && this.active < this.maxJobs ? 0 : this.pollMs);
  }

  private async pollTenant(tenantId: string, room: number): Promise<number> {
    const db = await this.engine.db(tenantId);
    const now = new Date();
    const rows = await db.select<JobRow>(
      `SELECT job_key, instance_key, wait_key, process_id, element_id, type, retries, headers FROM engine_jobs WHERE type = ? AND ${ACTIVATABLE} ORDER BY created_at LIMIT ?`,
      [this.type, now, now, room],
    );
    let claimed = 0;
    for (const row of rows) {
      const deadline = new Date(Date.now() + this.timeoutMs);
      const n = await db.execute(
        `UPDATE engine_jobs SET state = 'activated', deadline_at = ?, worker = ? WHERE job_key = ? AND ${ACTIVATABLE}`,
        [deadline, this.id, row.job_key, now, now],
      );
      if (n !== 1) continue;
      claimed++;
      const inst = await db.select<{ variables: string; waits: string }>(
        'SELECT variables, waits FROM engine_instances WHERE instance_key = ?',
        [row.instance_key],
      );
      const waits = parseJson<Record<string, Wait>>(inst[0]?.waits, {});
      const variables: Variables = { ...parseJson<Variables>(inst[0]?.variables, {}), ...waits[row.wait_key]?.loc };
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
      const p = this.handle(tenantId, row, job).finally(() => {
        this.active--;
        this.running.delete(p);
        if (!this.closed) this.wake();
      });
      this.running.add(p);
    }
    return claimed;
  }

  private async handle(tenantId: string, row: JobRow, job: Job): Promise<void> {
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
        { jobKey: row.job_key, instanceKey: row.instance_key, waitKey: row.wait_key, retries: job.retries },
        outcome,
        this.id,
      );
    } catch (err) {
      this.engine.log.warn({ err, jobKey: row.job_key }, 'job outcome not applied');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.polling) await new Promise((r) => setTimeout(r, 10));
    await Promise.allSettled([...this.running]);
  }
}
