import { z } from 'zod';
import {
  assignmentSuggestionParams,
  assignmentSuggestions,
  workerProfile,
  workerProfileBody,
  workerProfileParams,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { ticketScopeOf } from '../tickets/ticket-scope.js';
import { suggestAssignees } from './assignment-suggestion.service.js';
import { getWorkerProfile, putWorkerProfile } from './worker-profile.service.js';

const base = '/subsidiaries/:subsidiaryId/worker-profiles/:userId';

/** Worker profiles (skills, service areas, on duty) and the assignment suggestions built on them. */
export const workerProfileRoutes = [
  defineRoute({
    id: 'workerProfiles.get',
    method: 'get',
    path: base,
    summary: '维修人员档案：技能、服务片区、是否在岗（未维护时返回默认值）',
    tag: 'worker-profiles',
    access: 'user:read',
    params: workerProfileParams,
    query: z.strictObject({}),
    response: workerProfile,
    handler: ({ services, tenant, params }) => getWorkerProfile(services, tenant!, params.userId),
  }),
  defineRoute({
    id: 'workerProfiles.put',
    method: 'put',
    path: base,
    summary: '维护维修人员档案（仅本分公司的维修人员、网格员；技能取自字典 worker_skill，片区为本分公司楼宇节点）',
    tag: 'worker-profiles',
    access: 'user:write',
    params: workerProfileParams,
    body: workerProfileBody,
    response: workerProfile,
    txDatabase: 'group',
    handler: ({ services, tenant, params, body, tx, audit }) => putWorkerProfile(services, tenant!, params.userId, body, tx!, audit),
  }),
  defineRoute({
    id: 'tickets.assignmentSuggestions',
    method: 'get',
    path: '/subsidiaries/:subsidiaryId/tickets/:ticketId/assignment-suggestions',
    summary: '派工建议：工单所属站部的维修人员按技能匹配、在办工单量、服务片区、是否在岗排序，附中文理由',
    tag: 'tickets',
    access: 'ticket:read',
    params: assignmentSuggestionParams,
    query: z.strictObject({}),
    response: assignmentSuggestions,
    handler: async ({ services, tenant, user, params }) =>
      suggestAssignees(services, tenant!, await ticketScopeOf(user, services.orgs), params.ticketId),
  }),
];
