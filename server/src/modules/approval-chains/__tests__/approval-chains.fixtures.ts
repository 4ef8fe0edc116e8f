import type { RouteFixtures } from '../../../testing/index.js';

export const approvalChainFixtures: RouteFixtures = {
  'approval-chains.group.get': async () => ({ path: '/api/approval-chains' }),
  'approval-chains.group.put': async () => ({
    path: '/api/approval-chains',
    body: { chains: { delay: ['station'], void: ['station', 'subsidiary'] }, reason: '测试设置集团审批链' },
  }),
  'approval-chains.subsidiary.get': async (env) => ({ path: `/api/subsidiaries/${env.target.id}/approval-chains` }),
  'approval-chains.subsidiary.put': async (env) => ({
    path: `/api/subsidiaries/${env.target.id}/approval-chains`,
    body: { chains: { void: ['subsidiary'], cancel: null }, reason: '测试设置分公司审批链' },
  }),
};
