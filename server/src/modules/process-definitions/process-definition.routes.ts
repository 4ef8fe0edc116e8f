import {
  pageOf,
  processDefinitionItem,
  processDefinitionListQuery,
  processDefinitionXml,
  processDeployResult,
  processIdParams,
  processVersionList,
  processVersionParams,
  processVersionQuery,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { listDefinitions, visibleTenants } from './process-definition.query.js';
import { deployProcessFile, refuseClientTenant } from './process-definition.service.js';
import { listProcessVersions, readProcessXml } from './process-definition.versions.js';

export const processDefinitionRoutes = [
  defineRoute({
    id: 'processDefinitions.deploy',
    engine: true,
    method: 'post',
    path: '/process-definitions',
    summary: '部署流程定义（上传 BPMN 文件；集团用户部署为全集团流程，分公司用户部署为本分公司流程；不合格的模型返回 422 及元素问题清单）',
    tag: 'process-definitions',
    access: 'process:deploy',
    upload: { field: 'file', extensions: ['bpmn', 'xml'] },
    response: processDeployResult,
    status: 201,
    handler: ({ services, user, file, req, audit }) => {
      refuseClientTenant(req.query, req.body);
      return deployProcessFile(services, user, file!, audit);
    },
  }),

  defineRoute({
    id: 'processDefinitions.list',
    method: 'get',
    path: '/process-definitions',
    summary: '已部署的流程定义（默认每个流程的最新版本；集团用户看全部，分公司用户看集团与本分公司的）',
    tag: 'process-definitions',
    access: 'process:read',
    query: processDefinitionListQuery,
    response: pageOf(processDefinitionItem),
    handler: async ({ services, user, query }) =>
      listDefinitions(services.dbs.group, await visibleTenants(services, user), {
        processId: query.processId,
        allVersions: query.allVersions === true,
        page: query.page,
        pageSize: query.pageSize,
      }),
  }),

  defineRoute({
    id: 'processDefinitions.versions',
    method: 'get',
    path: '/process-definitions/:processId/versions',
    summary: '流程的全部已部署版本及每个版本上运行中的实例数（集团版本与本人范围内分公司的版本；实例只计本人范围内的分公司）',
    tag: 'process-definitions',
    access: 'process:read',
    params: processIdParams,
    response: processVersionList,
    handler: async ({ services, user, params }) => ({ items: await listProcessVersions(services, user, params.processId) }),
  }),

  defineRoute({
    id: 'processDefinitions.xml',
    method: 'get',
    path: '/process-definitions/:processId/versions/:version/xml',
    summary: '某个已部署版本的 BPMN XML（tenant 为 <default> 表示集团版本，或分公司编码）',
    tag: 'process-definitions',
    access: 'process:read',
    params: processVersionParams,
    query: processVersionQuery,
    response: processDefinitionXml,
    handler: ({ services, user, params, query }) => readProcessXml(services, user, params.processId, params.version, query.tenant),
  }),
];
