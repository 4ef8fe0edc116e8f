import type { Job, JobOutcome } from '@warmline/engine';
import type { Services } from '../../../services.js';
import { clockVariables, raisePriority, timerAt } from './sla-clock-variables.js';
import { syncTicket } from './sla-ticket-sync.js';

/** `wl-sla-remind`: near due → yellow flag on the ticket (once; repeated runs change nothing). */
export async function remindSla(services: Services, job: Job): Promise<JobOutcome> {
  const v = clockVariables.parse(job.variables);
  const dueAt = v.dueAt ?? services.sla.now().toISOString();
  await syncTicket(services, job, v, { dueAt, slaFlag: 'yellow', slaStage: 'near', slaPaused: false });
  return { outcome: 'complete', variables: { slaFlag: 'yellow', slaStage: 'near', dueTimerAt: timerAt(dueAt) } };
}

/** `wl-sla-overdue`: overdue → red flag and the ticket's priority one level up (once per overdue). */
export async function overdueSla(services: Services, job: Job): Promise<JobOutcome> {
  const v = clockVariables.parse(job.variables);
  const dueAt = v.dueAt ?? services.sla.now().toISOString();
  const priority = v.slaFlag === 'red' ? (v.priority ?? 'normal') : raisePriority(v.priority);
  await syncTicket(services, job, v, { dueAt, slaFlag: 'red', slaStage: 'overdue', slaPaused: false, priority });
  return { outcome: 'complete', variables: { slaFlag: 'red', slaStage: 'overdue', priority } };
}
