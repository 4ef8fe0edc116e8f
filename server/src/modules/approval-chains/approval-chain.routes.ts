import { approvalChainsView, groupApprovalChainsBody, subsidiaryApprovalChainsBody, subsidiaryParams } from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { groupView, putGroupChains, putSubsidiaryChains, subsidiaryView } from './approval-chain.service.js';

/** Approval chains (审批链) per gated operation: group defaults, overridable per subsidiary. */
export const approvalChainRoutes = [
  defineRoute({
    id: 'approval-chains.group.get',
    method: 'get',
    path: '/approval-chains',
    summary: '集团默认审批链（按操作）',
    tag: 'approval-chains',
    access: 'approval-chain:read',
    response: approvalChainsView,
    handler: ({ services }) => groupView(services),
  }),
  defineRoute({
    id: 'approval-chains.group.put',
    method: 'put',
    path: '/approval-chains',
    summary: '设置集团默认审批链（只改给出的操作）',
    tag: 'approval-chains',
    access: 'approval-chain:manage',
    body: groupApprovalChainsBody,
    response: approvalChainsView,
    handler: ({ services, body, tx, audit }) => putGroupChains(services, body, tx!, audit),
  }),
  defineRoute({
    id: 'approval-chains.subsidiary.get',
    method: 'get',
    path: '/subsidiaries/:subsidiaryId/approval-chains',
    summary: '分公司生效的审批链（分公司设置优先，其余沿用集团默认）',
    tag: 'approval-chains',
    access: 'approval-chain:read',
    params: subsidiaryParams,
    response: approvalChainsView,
    handler: ({ services, params }) => subsidiaryView(services, params.subsidiaryId),
  }),
  defineRoute({
    id: 'approval-chains.subsidiary.put',
    method: 'put',
    path: '/subsidiaries/:subsidiaryId/approval-chains',
    summary: '设置分公司审批链（null 表示沿用集团默认）',
    tag: 'approval-chains',
    access: 'approval-chain:manage',
    params: subsidiaryParams,
    body: subsidiaryApprovalChainsBody,
    response: approvalChainsView,
    txDatabase: 'group',
    handler: ({ services, params, body, tx, audit }) => putSubsidiaryChains(services, params.subsidiaryId, body, tx!, audit),
  }),
];
