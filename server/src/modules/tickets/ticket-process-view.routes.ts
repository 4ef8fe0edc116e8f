import { ticketProcessView, ticketProcessViewParams } from '@warmline/contracts';
import { z } from 'zod';
import { defineRoute } from '../../core/route-table.js';
import { getTicketProcessView } from './ticket-process-view.query.js';
import { ticketScopeOf } from './ticket-scope.js';

/** The ticket's process diagram with the completed and current elements (the detail screen reads it). */
export const ticketProcessViewRoutes = [
  defineRoute({
    id: 'tickets.processView',
    method: 'get',
    path: '/subsidiaries/:subsidiaryId/tickets/:ticketId/process',
    summary: '工单流程图：流程版本的 BPMN 与已完成、当前所在的节点',
    tag: 'tickets',
    access: 'ticket:read',
    params: ticketProcessViewParams,
    query: z.strictObject({}),
    response: ticketProcessView,
    handler: async ({ services, tenant, user, params }) =>
      getTicketProcessView(services, tenant!, await ticketScopeOf(user, services.orgs), params.ticketId),
  }),
];
