import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';

/** The knowledge base is group-wide: valid requests with fresh codes and no marker. */
export async function createKbCategory(env: Pick<FixtureEnv, 'server' | 'unique'>, extra: Record<string, unknown> = {}): Promise<number> {
  const code = `kb_${env.unique()}`;
  const res = await env.server.admin.post('/api/knowledge-base/categories', { code, name: `分类${code}`, ...extra });
  if (res.status !== 201) throw new Error(`fixture kb category: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

export async function createKbArticle(env: Pick<FixtureEnv, 'server' | 'unique'>): Promise<number> {
  const categoryId = await createKbCategory(env);
  const res = await env.server.admin.post('/api/knowledge-base/articles', {
    categoryId,
    title: '室内温度低的排查步骤',
    content: '先确认阀门全开，再检查暖气片是否有空气。',
    keywords: ['暖气不热', '排气'],
  });
  if (res.status !== 201) throw new Error(`fixture kb article: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

export const knowledgeBaseFixtures: RouteFixtures = {
  'kb.categories.list': async () => ({ path: '/api/knowledge-base/categories?ticketType=repair&includeDisabled=true' }),
  'kb.categories.create': async (env) => {
    const code = `kb_${env.unique()}`;
    return {
      path: '/api/knowledge-base/categories',
      body: {
        parentId: await createKbCategory(env),
        code,
        name: `子分类${code}`,
        ticketType: 'repair',
        sort: 10,
        enabled: true,
        reason: '测试新增分类',
      },
    };
  },
  'kb.categories.update': async (env) => ({
    path: `/api/knowledge-base/categories/${await createKbCategory(env)}`,
    body: { name: `改名分类${env.unique()}`, ticketType: 'complaint', sort: 20, reason: '测试修改分类' },
  }),
  'kb.categories.delete': async (env) => ({
    path: `/api/knowledge-base/categories/${await createKbCategory(env)}`,
    body: { reason: '测试删除分类' },
  }),
  'kb.articles.list': async (env) => ({
    path: `/api/knowledge-base/articles?q=${encodeURIComponent('暖气')}&categoryId=${await createKbCategory(env)}&page=1&pageSize=20`,
  }),
  'kb.articles.get': async (env) => ({ path: `/api/knowledge-base/articles/${await createKbArticle(env)}` }),
  'kb.articles.create': async (env) => ({
    path: '/api/knowledge-base/articles',
    body: {
      categoryId: await createKbCategory(env),
      title: '漏水应急处置',
      content: '关闭入户阀门，通知维修站上门。',
      keywords: ['漏水', '阀门'],
      enabled: true,
      reason: '测试新增知识条目',
    },
  }),
  'kb.articles.update': async (env) => ({
    path: `/api/knowledge-base/articles/${await createKbArticle(env)}`,
    body: { title: '室内温度低的排查步骤（修订）', keywords: ['暖气不热'], reason: '测试修改知识条目' },
  }),
  'kb.articles.delete': async (env) => ({
    path: `/api/knowledge-base/articles/${await createKbArticle(env)}`,
    body: { reason: '测试删除知识条目' },
  }),
};
