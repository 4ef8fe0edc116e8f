import { pageOf, subsidiaryParams, ticketPoolCounts, ticketPoolItem, ticketPoolParams, ticketPoolQuery } from '@warmline/contracts';
import { z } from 'zod';

const dispatchStation = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
import { defineRoute } from '../../core/route-table.js';
import { listPool, poolCounts } from './ticket-pools.query.js';
import { ticketScopeOf } from './ticket-scope.js';

const base = '/subsidiaries/:subsidiaryId/ticket-pools';

/** Ticket pools (工单池, decision 0007): each user sees only the tickets of their scope. */
export const ticketPoolRoutes = [
  defineRoute({
    id: 'ticketPools.counts',
    method: 'get',
    path: base,
    summary: '各工单池的工单数（按当前用户的数据范围：站部负责人仅本站，维修人员仅本人）',
    tag: 'tickets',
    access: 'ticket:read',
    params: subsidiaryParams,
    query: z.strictObject({}),
    response: ticketPoolCounts,
    handler: async ({ services, tenant, user }) => poolCounts(tenant!, await ticketScopeOf(user, services.orgs)),
  }),
  defineRoute({
    id: 'ticketPools.list',
    method: 'get',
    path: `${base}/:pool`,
    summary:
      '工单池列表：待安排、已安排、退回、督办、越级投诉（坐席），待确认、已分派（站部）；可按编号、状态、类型、来源、标记、站部、维修人员、时限筛选与排序',
    tag: 'tickets',
    access: 'ticket:read',
    params: ticketPoolParams,
    query: ticketPoolQuery,
    response: pageOf(ticketPoolItem),
    handler: async ({ services, tenant, user, params, query }) =>
      listPool(services, tenant!, await ticketScopeOf(user, services.orgs), params.pool, query),
  }),
  defineRoute({
    id: 'ticketPools.stations',
    method: 'get',
    path: '/subsidiaries/:subsidiaryId/dispatch-stations',
    summary: '可派单的站部：本分公司启用的站部（坐席派单时选择，不受组织数据范围限制）',
    tag: 'tickets',
    access: 'ticket:act',
    params: subsidiaryParams,
    query: z.strictObject({}),
    response: z.array(dispatchStation),
    handler: async ({ services, tenant }) => {
      const sub = await services.orgs.get(tenant!.subsidiaryId);
      const all = await services.orgs.all();
      return all
        .filter((o) => sub && o.type === 'station' && o.enabled && o.path.startsWith(sub.path))
        .sort((a, b) => a.sort - b.sort || a.id - b.id)
        .map((o) => ({ id: o.id, code: o.code, name: o.name }));
    },
  }),
];
