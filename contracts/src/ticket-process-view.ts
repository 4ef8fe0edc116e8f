import { z } from 'zod';
import { idSchema } from './common.js';

export const ticketProcessViewParams = z.strictObject({ subsidiaryId: idSchema, ticketId: idSchema });

export const TICKET_PROCESS_STATE_LABELS = {
  active: '办理中',
  incident: '流程异常',
  completed: '已结束',
  terminated: '已终止',
} as const;

/**
 * The ticket's process diagram (工单流程图): the BPMN XML of the version its instance runs and which
 * elements ran (completed) or wait (active). `processId` etc. are null when the ticket has no
 * process instance (decision 0016).
 */
export const ticketProcessView = z.object({
  ticketId: z.number().int(),
  processId: z.string().nullable(),
  version: z.number().int().nullable(),
  xml: z.string().nullable(),
  state: z.enum(['active', 'incident', 'completed', 'terminated']).nullable(),
  stateLabel: z.string(),
  completed: z.array(z.string()),
  active: z.array(z.string()),
  takenFlows: z.array(z.string()),
});
export type TicketProcessView = z.infer<typeof ticketProcessView>;
