import {
  okSchema,
  processDraftDeleteQuery,
  processDraftDetail,
  processDraftList,
  processDraftParams,
  processDraftSaveBody,
  processDraftSaveResult,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { discardDraft, getDraft, listDrafts, saveDraft } from './process-draft.service.js';

/**
 * Process drafts (group database; docs/decisions/0019-process-drafts.md): the designer saves
 * unfinished work without deploying. Group staff keep the group's drafts, a subsidiary's users their
 * own subsidiary's extension drafts — nobody sees another owner's.
 */
export const processDraftRoutes = [
  defineRoute({
    id: 'processDrafts.list',
    method: 'get',
    path: '/process-drafts',
    summary: '流程草稿列表（集团用户看集团的草稿，分公司用户看本分公司的扩展流程草稿；含与已部署版本的新旧关系）',
    tag: 'process-drafts',
    access: 'process:read',
    response: processDraftList,
    handler: ({ services, user }) => listDrafts(services, user),
  }),
  defineRoute({
    id: 'processDrafts.get',
    method: 'get',
    path: '/process-drafts/:processId',
    summary: '某个流程的草稿（含 BPMN XML）',
    tag: 'process-drafts',
    access: 'process:read',
    params: processDraftParams,
    response: processDraftDetail,
    handler: ({ services, user, params }) => getDraft(services, user, params.processId),
  }),
  defineRoute({
    id: 'processDrafts.save',
    method: 'put',
    path: '/process-drafts/:processId',
    summary: '保存流程草稿（不部署；须带上次读到的修订号，草稿已被他人保存时返回 409）',
    tag: 'process-drafts',
    access: 'process:deploy',
    params: processDraftParams,
    body: processDraftSaveBody,
    response: processDraftSaveResult,
    txDatabase: 'group',
    handler: ({ services, user, params, body, tx, audit }) => saveDraft(services, params.processId, body, { user, tx: tx!, audit }),
  }),
  defineRoute({
    id: 'processDrafts.discard',
    method: 'delete',
    path: '/process-drafts/:processId',
    summary: '丢弃流程草稿（已部署的版本不受影响）',
    tag: 'process-drafts',
    access: 'process:deploy',
    params: processDraftParams,
    query: processDraftDeleteQuery,
    response: okSchema,
    txDatabase: 'group',
    handler: ({ services, user, params, query, tx, audit }) =>
      discardDraft(services, params.processId, query.revision, { user, tx: tx!, audit }),
  }),
];
