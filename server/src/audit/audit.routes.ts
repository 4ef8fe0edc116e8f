import { auditItem, auditQuery, pageOf } from '@warmline/contracts';
import { defineRoute } from '../core/route-table.js';
import { queryAudit } from './audit.query.js';

/** Read-only on purpose: no route edits or deletes audit records. */
export const auditRoutes = [
  defineRoute({
    id: 'audit.list',
    method: 'get',
    path: '/audit-logs',
    summary: '操作日志查询（分页、筛选）',
    tag: 'audit',
    access: 'audit:read',
    query: auditQuery,
    response: pageOf(auditItem),
    handler: ({ services, user, query }) => queryAudit(services, user, query),
  }),
];
