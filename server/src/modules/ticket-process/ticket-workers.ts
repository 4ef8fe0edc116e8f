import type { Job, JobOutcome, WorkerHandle } from '@warmline/engine';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import type { SlaClockPort } from './ticket-process.service.js';
import { supervisionModel, type SupervisionReport } from './supervision.model.js';

/** The ticket's end states the lifecycle's terminal service tasks record. */
const ENDINGS = { 'wl-ticket-close': 'closed', 'wl-ticket-void': 'voided', 'wl-ticket-cancel': 'cancelled' } as const;

const ticketIdOf = (job: Job): number => {
  const id = Number(job.variables.ticketId);
  if (!Number.isInteger(id) || id <= 0) throw new Error(`job ${job.type} of instance ${job.instanceKey} has no ticketId`);
  return id;
};

async function tenantByCode(services: Services, code: string): Promise<TenantHandle> {
  const sub = (await services.orgs.all()).find((o) => o.type === 'subsidiary' && o.code === code);
  if (!sub) throw new Error(`no subsidiary with code ${code}`);
  return services.tenants.byId(sub.id);
}

/**
 * Job workers of the shipped ticket processes (docs/decisions/0004): the lifecycle's terminal steps
 * stop the SLA clock and record the ending; supervision overdue / close keep the supervision record.
 * Every handler is idempotent (jobs are at-least-once).
 */
export function registerTicketWorkers(services: Services, clock: SlaClockPort): WorkerHandle[] {
  const handles: WorkerHandle[] = [];
  for (const [type, ending] of Object.entries(ENDINGS)) {
    handles.push(
      services.engine.registerWorker(type, async (job): Promise<JobOutcome> => {
        await clock.stop(job.tenantId, ticketIdOf(job));
        return { outcome: 'complete', variables: { ticketStatus: ending, endedAt: new Date().toISOString() } };
      }),
    );
  }
  handles.push(
    services.engine.registerWorker('wl-supervision-overdue', async (job): Promise<JobOutcome> => {
      const tenant = await tenantByCode(services, job.tenantId);
      await supervisionModel(tenant.db).update(
        { status: 'overdue', overdue_at: new Date() },
        { where: { instance_key: job.instanceKey, status: 'active' } },
      );
      if (typeof job.variables.ticketInstanceKey === 'string') {
        await services.engine.setVariables(job.tenantId, job.variables.ticketInstanceKey, { supervisionOverdue: true });
      }
      return { outcome: 'complete', variables: { supervisionOverdue: true } };
    }),
  );
  handles.push(
    services.engine.registerWorker('wl-supervision-close', async (job): Promise<JobOutcome> => {
      const tenant = await tenantByCode(services, job.tenantId);
      const reports = (Array.isArray(job.variables.supervisionReports) ? job.variables.supervisionReports : []) as SupervisionReport[];
      const result = typeof job.variables.supervisionResult === 'string' ? job.variables.supervisionResult : null;
      await supervisionModel(tenant.db).update(
        { status: 'closed', closed_at: new Date(), reports: JSON.stringify(reports), result },
        { where: { instance_key: job.instanceKey } },
      );
      if (typeof job.variables.ticketInstanceKey === 'string') {
        await services.engine.setVariables(job.tenantId, job.variables.ticketInstanceKey, { supervised: false, supervisionResult: result });
      }
      return { outcome: 'complete' };
    }),
  );
  return handles;
}
