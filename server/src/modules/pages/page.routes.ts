import {
  pageDetail,
  pageList,
  pageParams,
  pageRollbackBody,
  pageSaveBody,
  pageSaveResult,
  pageVersionDetail,
  pageVersionList,
  pageVersionParams,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { getPage, getVersion, listPages, listVersions, rollbackPage, savePage } from './page.service.js';

/**
 * Console page schemas (amis JSON, group database; docs/decisions/0010). Reads go to the database, so
 * a save or rollback is what the next request gets — no rebuild.
 */
export const pageRoutes = [
  defineRoute({
    id: 'pages.list',
    method: 'get',
    path: '/pages',
    summary: '当前用户可见的页面（用于生成菜单）',
    tag: 'pages',
    access: 'authenticated',
    response: pageList,
    handler: ({ services, user }) => listPages(services, user),
  }),
  defineRoute({
    id: 'pages.get',
    method: 'get',
    path: '/pages/:key',
    summary: '页面的当前配置',
    tag: 'pages',
    access: 'authenticated',
    params: pageParams,
    response: pageDetail,
    handler: ({ services, user, params }) => getPage(services, user, params.key),
  }),
  defineRoute({
    id: 'pages.save',
    method: 'put',
    path: '/pages/:key',
    summary: '保存页面配置（生成新版本，立即生效）',
    tag: 'pages',
    access: 'page:manage',
    params: pageParams,
    body: pageSaveBody,
    response: pageSaveResult,
    txDatabase: 'group',
    handler: ({ services, user, params, body, tx, audit }) => savePage(services, params.key, body, { user, tx: tx!, audit }),
  }),
  defineRoute({
    id: 'pages.versions.list',
    method: 'get',
    path: '/pages/:key/versions',
    summary: '页面配置的历史版本（新的在前）',
    tag: 'pages',
    access: 'page:manage',
    params: pageParams,
    response: pageVersionList,
    handler: ({ services, params }) => listVersions(services, params.key),
  }),
  defineRoute({
    id: 'pages.versions.get',
    method: 'get',
    path: '/pages/:key/versions/:version',
    summary: '页面配置的某个历史版本',
    tag: 'pages',
    access: 'page:manage',
    params: pageVersionParams,
    response: pageVersionDetail,
    handler: ({ services, params }) => getVersion(services, params.key, params.version),
  }),
  defineRoute({
    id: 'pages.rollback',
    method: 'post',
    path: '/pages/:key/rollback',
    summary: '回滚页面配置到某个历史版本（复制为新版本）',
    tag: 'pages',
    access: 'page:manage',
    params: pageParams,
    body: pageRollbackBody,
    response: pageSaveResult,
    txDatabase: 'group',
    handler: ({ services, user, params, body, tx, audit }) => rollbackPage(services, params.key, body, { user, tx: tx!, audit }),
  }),
];
