/**
 * Job workers on the SDK's ZBWorker (long-polling ActivateJobs). A JobHandler's outcome becomes
 * CompleteJob, FailJob (retries, retryBackOff) or ThrowError; a handler that throws fails the job
 * with one retry less and its message.
 *
 * Two SDK 8.8.13 defects are worked around here:
 * - `createWorker` does not pass `inputVariableDto` on to the worker, so job variables go through the
 *   strict lossless parser, which FAILS the job (burning a retry) and leaks worker capacity when a
 *   number cannot be represented exactly (e.g. an int64 above 2^53). We set the worker's DTO right
 *   after creation (before its first poll) to `LenientVariables`, which turns every number into a JS
 *   number (like JSON.parse).
 * - The SDK keeps the `tenantIds` array it is given and reads it on every poll: the driver passes
 *   one shared array and appends tenants it meets later, so running workers pick them up.
 */
import type { Zeebe } from '@camunda8/sdk';
import type { Job, JobHandler, JobOutcome, WorkerHandle, WorkerOptions } from '../../process-engine.js';

type ZeebeModule = typeof Zeebe;
type SdkJob = {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  retries: number;
  deadline: string;
  tenantId: string;
  customHeaders: Record<string, unknown>;
  variables: Record<string, unknown>;
  complete: (variables?: Record<string, unknown>) => Promise<unknown>;
  fail: (conf: { errorMessage: string; retries?: number; retryBackOff?: number }) => Promise<unknown>;
  error: (conf: { errorCode: string; errorMessage?: string; variables?: Record<string, unknown> }) => Promise<unknown>;
};

function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ((value as { isLosslessNumber?: unknown }).isLosslessNumber === true) return Number(String(value));
  if (Array.isArray(value)) return value.map(plain);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v);
  return out;
}

/** A DTO for the SDK's lossless parser that accepts every number (lossy above 2^53, like JSON.parse). */
export class LenientVariables {
  constructor() {
    return new Proxy<Record<string, unknown>>(
      {},
      {
        set(target, key, value) {
          target[key as string] = plain(value);
          return true;
        },
      },
    );
  }
}

export function mapJob(job: SdkJob): Job {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(job.customHeaders ?? {})) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const deadline = Number(job.deadline);
  return {
    jobKey: String(job.key),
    tenantId: job.tenantId,
    type: job.type,
    instanceKey: String(job.processInstanceKey),
    processId: job.bpmnProcessId,
    elementId: job.elementId,
    retries: Number(job.retries),
    customHeaders: headers,
    variables: { ...(job.variables ?? {}) },
    deadline: Number.isFinite(deadline) ? new Date(deadline).toISOString() : '',
  };
}

/** Applies a JobOutcome through the SDK job's own action (which also frees the worker's capacity). */
export function applyOutcome(job: SdkJob, outcome: JobOutcome): Promise<unknown> {
  switch (outcome.outcome) {
    case 'complete':
      return job.complete(outcome.variables ?? {});
    case 'fail':
      return job.fail({
        errorMessage: outcome.errorMessage,
        // The SDK would send 0 (an incident at once) when retries is left out: Zeebe's convention is one less.
        retries: outcome.retries ?? Math.max(0, Number(job.retries) - 1),
        retryBackOff: outcome.retryBackoffMs ?? 0,
      });
    case 'error':
      return job.error({ errorCode: outcome.errorCode, errorMessage: outcome.errorMessage ?? '', variables: outcome.variables ?? {} });
  }
}

export interface WorkerHost {
  zeebe: ZeebeModule;
  client: {
    createWorker(config: Record<string, unknown>): { close(timeout?: number): Promise<unknown> };
  };
  tenantIds: string[];
  longPollMs: number;
  closeTimeoutMs: number;
}

export function startWorker(host: WorkerHost, type: string, handler: JobHandler, options: WorkerOptions = {}): WorkerHandle {
  const { Duration } = host.zeebe;
  const worker = host.client.createWorker({
    taskType: type,
    tenantIds: host.tenantIds,
    maxJobsToActivate: options.maxJobsActive ?? 32,
    timeout: Duration.milliseconds.of(options.timeoutMs ?? 60_000),
    pollInterval: Duration.milliseconds.of(options.pollIntervalMs ?? 300),
    longPoll: Duration.milliseconds.of(host.longPollMs),
    taskHandler: async (sdkJob: SdkJob) => {
      let outcome: JobOutcome;
      try {
        outcome = await handler(mapJob(sdkJob));
      } catch (e) {
        outcome = { outcome: 'fail', errorMessage: e instanceof Error ? e.message : String(e) };
      }
      return applyOutcome(sdkJob, outcome);
    },
  });
  (worker as unknown as { inputVariableDto: unknown; customHeadersDto: unknown }).inputVariableDto = LenientVariables;
  (worker as unknown as { inputVariableDto: unknown; customHeadersDto: unknown }).customHeadersDto = LenientVariables;
  let closing: Promise<void> | undefined;
  return {
    close() {
      // The SDK waits for running handlers; a handler stuck on an unreachable gateway must not block shutdown.
      closing ??= Promise.race([
        worker.close().then(() => undefined),
        new Promise<void>((r) => setTimeout(r, host.closeTimeoutMs).unref()),
      ]).catch(() => undefined);
      return closing;
    },
  };
}
