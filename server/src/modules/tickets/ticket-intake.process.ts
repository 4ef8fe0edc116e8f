import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { ticketProcessDeps } from '../ticket-process/ticket-process.deps.js';
import { startTicketProcesses } from '../ticket-process/ticket-process.service.js';
import type { TicketStart } from '../ticket-process/ticket-start.schema.js';

/**
 * Start a new ticket's processes: its type's lifecycle process (the group template `wl-ticket` or
 * another group process the type is bound to) with the same variables and the same SLA clock.
 */
export function startIntakeProcesses(
  services: Services,
  tenant: TenantHandle,
  processId: string,
  input: TicketStart,
): Promise<{ ticketInstanceKey: string }> {
  return startTicketProcesses(services, tenant, input, ticketProcessDeps(services), processId);
}
