import { SLA_JOB_TYPES } from '@warmline/contracts';
import type { Job, JobOutcome, WorkerHandle } from '@warmline/engine';
import type { Services } from '../../../services.js';
import { computeSla } from './sla-compute.worker.js';
import { extendSla } from './sla-extend.worker.js';
import { overdueSla, remindSla } from './sla-flag.worker.js';
import { pauseSla } from './sla-pause.worker.js';

/** Register the SLA clock's job workers on the engine (server start). */
export function registerSlaWorkers(services: Services): WorkerHandle[] {
  const handlers: Record<string, (s: Services, job: Job) => Promise<JobOutcome>> = {
    [SLA_JOB_TYPES.compute]: computeSla,
    [SLA_JOB_TYPES.remind]: remindSla,
    [SLA_JOB_TYPES.overdue]: overdueSla,
    [SLA_JOB_TYPES.pause]: pauseSla,
    [SLA_JOB_TYPES.extend]: extendSla,
  };
  return Object.entries(handlers).map(([type, handle]) =>
    services.engine.registerWorker(type, async (job) => {
      try {
        return await handle(services, job);
      } catch (err) {
        services.logger.warn({ err, type, jobKey: job.jobKey }, 'SLA job failed');
        return { outcome: 'fail', errorMessage: err instanceof Error ? err.message : String(err), retryBackoffMs: 1_000 };
      }
    }),
  );
}
