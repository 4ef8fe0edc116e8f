import { z } from 'zod';
import { defineRoute } from '../core/route-table.js';

export const healthRoutes = [
  defineRoute({
    id: 'health.get',
    method: 'get',
    path: '/health',
    summary: '健康检查',
    tag: 'system',
    access: 'public',
    query: z.strictObject({}),
    response: z.object({ status: z.literal('ok'), database: z.string(), uptimeSeconds: z.number() }),
    handler: async ({ services }) => {
      await services.dbs.group.query('SELECT 1');
      return { status: 'ok' as const, database: services.dbs.kind, uptimeSeconds: Math.round(process.uptime()) };
    },
  }),
];
