import { z } from 'zod';
import {
  ticketTypeCreateBody,
  ticketTypeDeleteBody,
  ticketTypeItem,
  ticketTypeListQuery,
  ticketTypeParams,
  ticketTypeUpdateBody,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { createTicketType, deleteTicketType, getTicketType, listTicketTypes, updateTicketType } from './ticket-type.service.js';

/** Ticket types (group-wide): the 8 core types are protected, administrators add their own at runtime. */
export const ticketTypeRoutes = [
  defineRoute({
    id: 'ticket-types.list',
    method: 'get',
    path: '/ticket-types',
    summary: '工单类型列表（默认只含启用的类型）',
    tag: 'ticket-types',
    access: 'ticket:read',
    query: ticketTypeListQuery,
    response: z.array(ticketTypeItem),
    handler: ({ services, query }) => listTicketTypes(services, query.includeDisabled ?? false),
  }),
  defineRoute({
    id: 'ticket-types.get',
    method: 'get',
    path: '/ticket-types/:code',
    summary: '工单类型详情',
    tag: 'ticket-types',
    access: 'ticket:read',
    params: ticketTypeParams,
    query: z.strictObject({}),
    response: ticketTypeItem,
    handler: ({ services, params }) => getTicketType(services, params.code),
  }),
  defineRoute({
    id: 'ticket-types.create',
    method: 'post',
    path: '/ticket-types',
    summary: '新增工单类型（受理表单、咨询属性、绑定流程），同步到工单类型字典',
    tag: 'ticket-types',
    access: 'ticket-type:manage',
    body: ticketTypeCreateBody,
    response: ticketTypeItem,
    status: 201,
    handler: ({ services, body, tx, audit }) => createTicketType(services, body, tx!, audit),
  }),
  defineRoute({
    id: 'ticket-types.update',
    method: 'patch',
    path: '/ticket-types/:code',
    summary: '修改工单类型（核心类型不能停用，流程与咨询属性固定）',
    tag: 'ticket-types',
    access: 'ticket-type:manage',
    params: ticketTypeParams,
    body: ticketTypeUpdateBody,
    response: ticketTypeItem,
    handler: ({ services, params, body, tx, audit }) => updateTicketType(services, params.code, body, tx!, audit),
  }),
  defineRoute({
    id: 'ticket-types.delete',
    method: 'delete',
    path: '/ticket-types/:code',
    summary: '删除工单类型（核心类型、已有工单的类型不能删除）',
    tag: 'ticket-types',
    access: 'ticket-type:manage',
    params: ticketTypeParams,
    body: ticketTypeDeleteBody,
    handler: async ({ services, params, body, tx, audit }) => {
      await deleteTicketType(services, params.code, tx!, audit, body.reason);
      return undefined;
    },
  }),
];
