import {
  callerContext,
  callerContextQuery,
  subsidiaryParams,
  ticketDetail,
  ticketIntakeBody,
  ticketParams,
  ticketView,
} from '@warmline/contracts';
import { z } from 'zod';
import { defineRoute } from '../../core/route-table.js';
import { getCallerContext, getTicketDetail } from './ticket-detail.query.js';
import { intakeTicket } from './ticket-intake.service.js';

const base = '/subsidiaries/:subsidiaryId/tickets';

/** Intake and the ticket detail read (decision 0007); actions, pools and the timeline have their own route files. */
export const ticketRoutes = [
  defineRoute({
    id: 'tickets.create',
    method: 'post',
    path: base,
    summary: '受理工单：按来电号码或热用户 / 房屋自动带出信息，生成工单号并启动工单流程',
    tag: 'tickets',
    access: 'ticket:create',
    params: subsidiaryParams,
    body: ticketIntakeBody,
    response: ticketView,
    status: 201,
    // The row commits before the processes start (SQLite allows one writer; the engine writes on its
    // own connection), so intake runs its own transaction and writes its audit record in it.
    audit: 'self-audited',
    handler: ({ services, tenant, user, requestId, req, body }) => intakeTicket({ services, tenant: tenant!, user, requestId, req }, body),
  }),
  defineRoute({
    id: 'tickets.get',
    method: 'get',
    path: `${base}/:ticketId`,
    summary: '工单详情：工单、类型名称、热用户与房屋、同房屋 / 同号码历史工单、同单元在办工单',
    tag: 'tickets',
    access: 'ticket:read',
    params: ticketParams,
    query: z.strictObject({}),
    response: ticketDetail,
    handler: ({ services, tenant, user, params }) => getTicketDetail(services, tenant!, user, params.ticketId),
  }),
  defineRoute({
    id: 'tickets.callerContext',
    method: 'get',
    path: '/subsidiaries/:subsidiaryId/caller-context',
    summary: '来电弹屏：号码匹配的热用户与房屋、历史工单、同单元在办工单、黑名单状态',
    tag: 'tickets',
    access: 'ticket:read',
    params: subsidiaryParams,
    query: callerContextQuery,
    response: callerContext,
    handler: ({ tenant, query }) => getCallerContext(tenant!, query.phone),
  }),
];
