import { ticketTimeline, ticketTimelineParams } from '@warmline/contracts';
import { z } from 'zod';
import { defineRoute } from '../../core/route-table.js';
import { getTimeline } from './ticket-timeline.query.js';
import { ticketScopeOf } from './ticket-scope.js';

/** The ticket's timeline (工单轨迹): the detail screen and the print view read it. */
export const ticketTimelineRoutes = [
  defineRoute({
    id: 'tickets.timeline',
    method: 'get',
    path: '/subsidiaries/:subsidiaryId/tickets/:ticketId/timeline',
    summary: '工单轨迹：每一步的操作人、时间、类型、原因、数据、附件、审批与关联通话（按时间顺序）',
    tag: 'tickets',
    access: 'ticket:read',
    params: ticketTimelineParams,
    query: z.strictObject({}),
    response: ticketTimeline,
    handler: async ({ services, tenant, user, params }) =>
      getTimeline(services, tenant!, await ticketScopeOf(user, services.orgs), params.ticketId),
  }),
];
