import { repairJournal } from '../../modules/tickets/ticket-action-journal.repair.js';
import type { Services } from '../../services.js';
import type { SchedulerJob } from '../scheduler.js';
import { allTenants } from './tenants.js';

/**
 * An intent younger than this may belong to an action still waiting for the engine; older ones are
 * finished or dropped (decision 0018). Proposed as `WARMLINE_ACTION_JOURNAL_REPAIR_SECONDS` in config.ts.
 */
export const ACTION_JOURNAL_REPAIR_AFTER_MS = 30_000;

/** Repair the ticket action journal of every subsidiary; answers the intents recovered, dropped and kept. */
export async function repairActionJournals(services: Services, olderThanMs = ACTION_JOURNAL_REPAIR_AFTER_MS, now = new Date()) {
  const total = { recovered: 0, dropped: 0, kept: 0 };
  for (const tenant of await allTenants(services)) {
    const counts = await repairJournal(services, tenant, olderThanMs, now);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += counts[k];
  }
  return total;
}

/**
 * On the overdue scan's schedule (`WARMLINE_CRON_OVERDUE`, every minute by default: both are
 * minute-level safety nets), claimed once across server processes (scheduler_runs); the repair
 * itself claims each intent, so a repair at start racing this job writes nothing twice.
 */
export const actionJournalJob: SchedulerJob = {
  name: 'action-journal',
  cron: (c) => c.cron.overdue,
  run: (services, now) => repairActionJournals(services, ACTION_JOURNAL_REPAIR_AFTER_MS, now),
};
