import { z } from 'zod';
import type { Job, JobOutcome } from '@warmline/engine';
import type { Services } from '../../../services.js';

const extendVariables = z.object({ ticketId: z.number().int(), delayMinutes: z.number().int().positive() });

/** `wl-sla-extend` (a job of the ticket process after an approved delay): tells the clock to move the due time. */
export async function extendSla(services: Services, job: Job): Promise<JobOutcome> {
  const parsed = extendVariables.safeParse(job.variables);
  if (!parsed.success) {
    return {
      outcome: 'fail',
      errorMessage: `wl-sla-extend needs ticketId and a positive delayMinutes: ${parsed.error.message}`,
      retries: 0,
    };
  }
  await services.sla.extend(job.tenantId, parsed.data.ticketId, parsed.data.delayMinutes);
  return { outcome: 'complete', variables: {} };
}
