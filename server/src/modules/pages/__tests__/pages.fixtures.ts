import type { RouteFixtures } from '../../../testing/index.js';
import { fixturePage, samplePageSchema } from './page-samples.js';

export const pageFixtures: RouteFixtures = {
  'pages.list': async () => ({ path: '/api/pages' }),
  'pages.get': async (env) => ({ path: `/api/pages/${await fixturePage(env)}` }),
  'pages.save': async (env) => ({
    path: `/api/pages/${await fixturePage(env)}`,
    body: { schema: samplePageSchema('改过的测试页面'), comment: '测试保存' },
  }),
  'pages.versions.list': async (env) => ({ path: `/api/pages/${await fixturePage(env)}/versions` }),
  'pages.versions.get': async (env) => ({ path: `/api/pages/${await fixturePage(env)}/versions/1` }),
  'pages.rollback': async (env) => ({ path: `/api/pages/${await fixturePage(env)}/rollback`, body: { version: 1, comment: '测试回滚' } }),
};
