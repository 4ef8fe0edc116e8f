import type { Transaction } from 'sequelize';
import { GROUP_TENANT } from '@warmline/engine';
import { DEFAULT_TICKET_PROCESS_ID } from '@warmline/contracts';
import { CORE_PROCESS_IDS } from '@warmline/process-models';
import { invalid } from '../../core/app-error.js';
import { resolveForm } from '../forms/form.service.js';
import type { Services } from '../../services.js';

/** The intake form must be a stored form (shipped or made at runtime: docs/decisions/0012). */
export async function assertIntakeForm(services: Services, formId: string, tx?: Transaction): Promise<void> {
  if (!(await resolveForm(services, formId, tx))) throw invalid('body.intakeFormId', `表单 ${formId} 不存在`);
}

/**
 * A type runs a ticket lifecycle process the group has deployed: the group template `wl-ticket` or
 * another group-wide process; never one of the helper processes (approval, supervision, SLA clock,
 * extension pass-through), which are not ticket lifecycles.
 */
export async function assertTicketProcess(services: Services, processId: string): Promise<void> {
  if (processId !== DEFAULT_TICKET_PROCESS_ID && (CORE_PROCESS_IDS as readonly string[]).includes(processId)) {
    throw invalid('body.processId', `流程 ${processId} 不是工单流程`);
  }
  const deployed = await services.engine.listDefinitions(GROUP_TENANT);
  if (!deployed.some((d) => d.processId === processId)) throw invalid('body.processId', `流程 ${processId} 尚未由集团部署`);
}
