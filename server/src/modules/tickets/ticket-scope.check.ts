import { forbidden } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import type { Ticket } from './ticket.model.js';
import { inScope, type TicketScope } from './ticket-scope.js';

const idOf = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * 403 unless the ticket lies in the user's scope. The row decides first; when it says no, the
 * ticket's process is asked, because the row follows the engine a moment later (the projector,
 * decision 0007): a worker who uploads a photo right after accepting, or a station head who opens a
 * ticket the moment it was dispatched, is in scope by the process's `workerId` / `stationId` before
 * the row shows it.
 */
export async function assertTicketInScope(
  services: Pick<Services, 'engine'>,
  tenant: Pick<TenantHandle, 'code'>,
  scope: TicketScope,
  row: Pick<Ticket, 'station_id' | 'worker_id' | 'instance_key'>,
): Promise<void> {
  if (inScope(scope, row)) return;
  if (!scope.all && row.instance_key) {
    const vars = (await services.engine.getInstance(tenant.code, row.instance_key))?.variables;
    if (vars && inScope(scope, { station_id: idOf(vars.stationId), worker_id: idOf(vars.workerId) })) return;
  }
  throw forbidden('该工单不在您的数据范围内');
}
