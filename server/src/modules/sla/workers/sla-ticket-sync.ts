import type { Job } from '@warmline/engine';
import type { SlaFlag, SlaStage } from '@warmline/contracts';
import type { Services } from '../../../services.js';
import type { ClockVariables } from './sla-clock-variables.js';

export interface TicketSlaState {
  dueAt: string;
  slaFlag: SlaFlag | null;
  slaStage: SlaStage;
  slaPaused: boolean;
  priority?: string;
}

/**
 * Write the SLA state onto the ticket instance (its variables are what the ticket screens read) and
 * tell listeners when the flag or the due time changed (a new ticket's row shows its due time at
 * once, not at its next task). A ticket instance already gone is logged, not an error.
 */
export async function syncTicket(services: Services, job: Job, v: ClockVariables, state: TicketSlaState): Promise<void> {
  try {
    await services.engine.setVariables(job.tenantId, v.ticketInstanceKey, { ...state });
  } catch (err) {
    services.logger.warn({ err, ticketId: v.ticketId, instanceKey: v.ticketInstanceKey }, 'SLA state not written to the ticket instance');
  }
  const flagChanged = (v.slaFlag ?? null) !== state.slaFlag;
  if (flagChanged || v.dueAt !== state.dueAt) {
    services.sla.emitFlag({
      tenantId: job.tenantId,
      ticketId: v.ticketId,
      ticketInstanceKey: v.ticketInstanceKey,
      flag: state.slaFlag,
      stage: state.slaStage,
      dueAt: state.dueAt,
      priority: state.priority ?? v.priority ?? null,
      flagChanged,
    });
  }
}
