import { GROUP_TENANT } from '@warmline/engine';
import { TICKET_PROCESS_STATE_LABELS, type TicketProcessView } from '@warmline/contracts';
import { notFound } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { ticketModel } from './ticket.model.js';
import type { TicketScope } from './ticket-scope.js';
import { assertTicketInScope } from './ticket-scope.check.js';

/**
 * The ticket's process diagram: the XML of the deployed version its instance runs and the engine's
 * progress of that instance (decision 0016). A ticket without an instance answers nulls and empty
 * lists, so the screen can say so instead of failing.
 */
export async function getTicketProcessView(
  services: Services,
  tenant: TenantHandle,
  scope: TicketScope,
  ticketId: number,
): Promise<TicketProcessView> {
  const ticket = await ticketModel(tenant.db).findByPk(ticketId);
  if (!ticket) throw notFound('工单');
  await assertTicketInScope(services, tenant, scope, ticket);
  const none: TicketProcessView = {
    ticketId,
    processId: null,
    version: null,
    xml: null,
    state: null,
    stateLabel: '无流程记录',
    completed: [],
    active: [],
    takenFlows: [],
  };
  if (!ticket.instance_key) return none;
  const progress = await services.engine.getInstanceProgress(tenant.code, ticket.instance_key);
  if (!progress) return none;
  const xml =
    (await services.engine.getDefinitionXml(tenant.code, progress.processId, progress.version)) ??
    (await services.engine.getDefinitionXml(GROUP_TENANT, progress.processId, progress.version)) ??
    null;
  return {
    ticketId,
    processId: progress.processId,
    version: progress.version,
    xml,
    state: progress.state,
    stateLabel: TICKET_PROCESS_STATE_LABELS[progress.state],
    completed: progress.completedElementIds,
    active: progress.activeElementIds,
    takenFlows: progress.takenSequenceFlowIds,
  };
}
