import type { JobOutcome } from '../../process-engine.js';
import type { EmbeddedEngine } from './embedded-engine.js';
import { raiseIncident } from './incidents.js';

/** A worker's outcome applied to its job: complete, BPMN error, or fail (retry with back-off, else an incident). */
export async function finishJob(
  engine: EmbeddedEngine,
  tenantId: string,
  job: { jobKey: string; instanceKey: string; waitKey: string; retries: number },
  outcome: JobOutcome,
  workerId: string,
): Promise<void> {
  const { jobKey, instanceKey, waitKey } = job;
  if (outcome.outcome === 'complete') {
    await engine.apply(tenantId, instanceKey, { t: 'job', waitKey, variables: outcome.variables });
    return;
  }
  if (outcome.outcome === 'error') {
    await engine.apply(tenantId, instanceKey, {
      t: 'jobError',
      waitKey,
      code: outcome.errorCode,
      message: outcome.errorMessage ?? outcome.errorCode,
      variables: outcome.variables,
    });
    return;
  }
  const db = await engine.db(tenantId);
  engine.hot.delete(tenantId, instanceKey);
  const left = Math.max(0, outcome.retries ?? job.retries - 1);
  if (left > 0) {
    const retryAt = new Date(Date.now() + Math.max(0, outcome.retryBackoffMs ?? 0));
    await db.execute(
      "UPDATE engine_jobs SET state = 'activatable', retries = ?, retry_at = ?, deadline_at = NULL, worker = NULL, error_message = ? WHERE job_key = ? AND worker = ?",
      [left, retryAt, outcome.errorMessage, jobKey, workerId],
    );
    return;
  }
  const event = await db.transaction(async (tx) => {
    const n = await db.execute(
      "UPDATE engine_jobs SET state = 'failed', retries = 0, error_message = ? WHERE job_key = ? AND worker = ?",
      [outcome.errorMessage, jobKey, workerId],
      tx,
    );
    if (n !== 1) return null;
    const rows = await db.select<{ element_id: string }>('SELECT element_id FROM engine_jobs WHERE job_key = ?', [jobKey], tx);
    await db.execute(
      "UPDATE engine_instances SET state = 'incident', rev = rev + 1 WHERE instance_key = ? AND state = 'active'",
      [instanceKey],
      tx,
    );
    return raiseIncident(
      db,
      tx,
      tenantId,
      instanceKey,
      { message: outcome.errorMessage, elementId: rows[0]?.element_id ?? '', errorType: 'JOB_NO_RETRIES' },
      null,
      jobKey,
    );
  });
  if (event) engine.emit(event);
}
