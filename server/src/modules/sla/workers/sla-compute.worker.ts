import type { Job, JobOutcome } from '@warmline/engine';
import type { SlaStage } from '@warmline/contracts';
import type { Services } from '../../../services.js';
import { resolveSlaRule } from '../sla-rule.service.js';
import { schedule, stageAt, timeBasisOf } from '../sla-schedule.js';
import { clockVariables, timerAt, type ClockRule } from './sla-clock-variables.js';
import { syncTicket } from './sla-ticket-sync.js';

/**
 * `wl-sla-compute`: fixes the rule on first run, folds in granted extensions and resumes, and
 * computes `dueAt` / `remindAt` from budget + extensions − minutes consumed before the running
 * segment. `slaStage` routes the clock: normal | near | overdue | paused. Back to normal clears the flag.
 */
export async function computeSla(services: Services, job: Job): Promise<JobOutcome> {
  const v = clockVariables.parse(job.variables);
  const now = services.sla.now();
  let rule: ClockRule | undefined = v.slaRule;
  if (!rule) {
    const r = await resolveSlaRule(services, { ticketType: v.ticketType ?? null, urgency: v.urgency ?? null, source: v.source ?? null });
    rule = {
      id: r.id,
      name: r.name,
      handleMinutes: r.handleMinutes,
      remindBeforeMinutes: r.remindBeforeMinutes,
      timeMode: r.timeMode,
      calendarId: r.calendarId,
      pauseOnCustomerWait: r.pauseOnCustomerWait,
    };
    if (v.agreedDueAt) rule = agreedRule(rule, v.startedAt, v.agreedDueAt);
  }
  const extendedMinutes = (v.extendedMinutes ?? 0) + (v.extendMinutes ?? 0);
  const consumedMinutes = v.consumedMinutes ?? 0;
  let segmentStartedAt = v.segmentStartedAt === undefined ? v.startedAt : v.segmentStartedAt;
  if (segmentStartedAt === null && v.slaResume) segmentStartedAt = now.toISOString();

  let dueAt = v.dueAt;
  let remindAt = v.remindAt;
  let stage: SlaStage = 'paused' as SlaStage;
  if (segmentStartedAt !== null) {
    const s = schedule(rule, await timeBasisOf(services, rule), {
      segmentStart: new Date(segmentStartedAt),
      consumedMinutes,
      extendedMinutes,
    });
    dueAt = s.dueAt.toISOString();
    remindAt = s.remindAt.toISOString();
    stage = stageAt(s, now);
  }
  // Paused before ever computing cannot happen (the first run always has a segment); keep types honest.
  dueAt ??= now.toISOString();
  remindAt ??= dueAt;

  const slaFlag = stage === 'normal' ? null : (v.slaFlag ?? null);
  await syncTicket(services, job, v, { dueAt, slaFlag, slaStage: stage, slaPaused: segmentStartedAt === null });
  return {
    outcome: 'complete',
    variables: {
      slaRule: rule,
      segmentStartedAt,
      consumedMinutes,
      extendedMinutes,
      extendMinutes: 0,
      slaResume: false,
      dueAt,
      remindAt,
      remindTimerAt: timerAt(remindAt),
      dueTimerAt: timerAt(dueAt),
      slaStage: stage,
      slaFlag,
    },
  };
}

/**
 * An agreed due time replaces the rule's budget: natural minutes from the start to that instant, so
 * pauses and approved delays still move it as they move any due time; the rule's reminder lead stays.
 */
function agreedRule(rule: ClockRule, startedAt: string, agreedDueAt: string): ClockRule {
  const minutes = Math.max(0, (Date.parse(agreedDueAt) - Date.parse(startedAt)) / 60_000);
  return { ...rule, name: `${rule.name}（约定时间）`, handleMinutes: minutes, timeMode: 'natural', calendarId: null };
}
