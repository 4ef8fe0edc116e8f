import type { Job, JobOutcome } from '@warmline/engine';
import type { Services } from '../../../services.js';
import { businessMinutesBetween, timeBasisOf } from '../sla-schedule.js';
import { clockVariables } from './sla-clock-variables.js';

/**
 * `wl-sla-pause`: the ticket waits on the customer. When the rule pauses, the running segment's
 * minutes are added to `consumedMinutes` and the segment closes (`segmentStartedAt = null`);
 * otherwise nothing changes. Either way the clock goes back to `wl-sla-compute`.
 */
export async function pauseSla(services: Services, job: Job): Promise<JobOutcome> {
  const v = clockVariables.parse(job.variables);
  const rule = v.slaRule;
  if (!rule?.pauseOnCustomerWait || !v.segmentStartedAt) return { outcome: 'complete', variables: { slaPauseApplied: false } };
  const used = businessMinutesBetween(new Date(v.segmentStartedAt), services.sla.now(), await timeBasisOf(services, rule));
  return {
    outcome: 'complete',
    variables: { consumedMinutes: (v.consumedMinutes ?? 0) + used, segmentStartedAt: null, slaPauseApplied: true },
  };
}
