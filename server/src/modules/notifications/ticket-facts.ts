import type { Variables } from '@warmline/engine';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { ticketModel } from '../tickets/ticket.model.js';
import type { TicketRef } from './notification-text.js';

/** What the recipient rules need to know about a ticket: its row, or the process variables when no row exists (yet). */
export interface TicketFacts extends TicketRef {
  stationId: number | null;
  workerId: number | null;
  agentId: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The subsidiary whose engine tenant (= subsidiary code) is `tenantId`. */
export async function tenantOfCode(services: Services, tenantId: string): Promise<TenantHandle | undefined> {
  const sub = (await services.orgs.all()).find((o) => o.type === 'subsidiary' && o.code === tenantId && o.db_name);
  return sub ? services.tenants.byId(sub.id) : undefined;
}

export async function ticketFacts(tenant: TenantHandle, ticketId: number, vars: Variables): Promise<TicketFacts> {
  const row = await ticketModel(tenant.db).findByPk(ticketId);
  if (row) {
    return {
      subsidiaryId: tenant.subsidiaryId,
      ticketId,
      ticketNo: row.ticket_no,
      title: row.title,
      address: row.address,
      stationId: row.station_id ?? num(vars.stationId),
      workerId: row.worker_id ?? num(vars.workerId),
      agentId: row.agent_id ?? num(vars.agentId),
    };
  }
  return {
    subsidiaryId: tenant.subsidiaryId,
    ticketId,
    ticketNo: str(vars.ticketNo),
    title: str(vars.title),
    address: str(vars.address),
    stationId: num(vars.stationId),
    workerId: num(vars.workerId),
    agentId: num(vars.agentId),
  };
}
