import type { Services } from '../../services.js';
import { effectiveChains } from '../approval-chains/approval-chain.service.js';
import type { ApprovalChainsPort, SlaClockPort } from './ticket-process.service.js';

/** The ticket processes' collaborators from the running services: the SLA clock and the approval chains. */
export function ticketProcessDeps(services: Services): { clock: SlaClockPort; approvalChains: ApprovalChainsPort } {
  return {
    clock: services.sla,
    approvalChains: async (subsidiaryId) => ({ ...(await effectiveChains(services, subsidiaryId)) }),
  };
}
