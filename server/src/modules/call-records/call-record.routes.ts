import {
  callRecordCreateBody,
  callRecordItem,
  callRecordLinkBody,
  callRecordListParams,
  callRecordListQuery,
  callRecordParams,
  callRecordUpdateBody,
  pageOf,
} from '@warmline/contracts';
import { defineRoute, type RouteContext } from '../../core/route-table.js';
import { linkCall, listCalls, registerCall, updateCall, type CallCtx } from './call-record.service.js';

const base = '/subsidiaries/:subsidiaryId/call-records';
const ctxOf = (ctx: RouteContext<unknown, unknown, unknown>): CallCtx => ({
  services: ctx.services,
  tenant: ctx.tenant!,
  user: ctx.user,
  tx: ctx.tx!,
  audit: ctx.audit,
});

/** Call records (通话记录, docs/decisions/0014). */
export const callRecordRoutes = [
  defineRoute({
    id: 'callRecords.list',
    method: 'get',
    path: base,
    summary: '通话记录：按号码（含该号码所属热用户的通话）、热用户或工单查询，新的在前',
    tag: 'call-records',
    access: 'ticket:read',
    params: callRecordListParams,
    query: callRecordListQuery,
    response: pageOf(callRecordItem),
    handler: ({ tenant, query }) => listCalls(tenant!, query),
  }),
  defineRoute({
    id: 'callRecords.create',
    method: 'post',
    path: base,
    summary: '来电登记：坐席登记接听的来电（号码规范化，自动匹配热用户与房屋）',
    tag: 'call-records',
    access: 'ticket:create',
    params: callRecordListParams,
    body: callRecordCreateBody,
    response: callRecordItem,
    status: 201,
    handler: (ctx) => registerCall(ctxOf(ctx), ctx.body),
  }),
  defineRoute({
    id: 'callRecords.update',
    method: 'patch',
    path: `${base}/:id`,
    summary: '修改通话记录的结束时间或备注',
    tag: 'call-records',
    access: 'ticket:create',
    params: callRecordParams,
    body: callRecordUpdateBody,
    response: callRecordItem,
    handler: (ctx) => updateCall(ctxOf(ctx), ctx.params.id, ctx.body),
  }),
  defineRoute({
    id: 'callRecords.link',
    method: 'post',
    path: `${base}/:id/link`,
    summary: '将通话关联到工单（工单时间线记录“关联通话”）',
    tag: 'call-records',
    access: 'ticket:create',
    params: callRecordParams,
    body: callRecordLinkBody,
    response: callRecordItem,
    handler: (ctx) => linkCall(ctxOf(ctx), ctx.params.id, ctx.body),
  }),
];
