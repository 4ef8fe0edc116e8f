import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';

/** Dictionaries are group-wide: these requests are just valid, with fresh codes and no marker. */
async function createCategory(env: FixtureEnv): Promise<string> {
  const code = `fx_${env.unique()}`;
  const res = await env.server.admin.post('/api/dictionaries', { code, name: `测试字典${code}` });
  if (res.status !== 201) throw new Error(`fixture dictionary: ${res.status} ${JSON.stringify(res.body)}`);
  return code;
}

async function createItem(env: FixtureEnv): Promise<{ code: string; id: number }> {
  const code = await createCategory(env);
  const res = await env.server.admin.post(`/api/dictionaries/${code}/items`, { code: 'first', label: '第一项' });
  if (res.status !== 201) throw new Error(`fixture dictionary item: ${res.status} ${JSON.stringify(res.body)}`);
  return { code, id: res.body.id as number };
}

export const dictionaryFixtures: RouteFixtures = {
  'dict.categories.list': async () => ({ path: '/api/dictionaries?includeDisabled=true' }),
  'dict.categories.create': async (env) => {
    const code = `fx_${env.unique()}`;
    return { path: '/api/dictionaries', body: { code, name: `测试字典${code}`, description: '测试用字典', reason: '测试新增字典' } };
  },
  'dict.categories.update': async (env) => ({
    path: `/api/dictionaries/${await createCategory(env)}`,
    body: { name: `改名字典${env.unique()}`, description: '改过的说明', reason: '测试修改字典' },
  }),
  'dict.categories.delete': async (env) => ({ path: `/api/dictionaries/${await createCategory(env)}`, body: { reason: '测试删除字典' } }),
  'dict.items.list': async () => ({ path: '/api/dictionaries/ticket_type/items?includeDisabled=true' }),
  'dict.items.create': async (env) => ({
    path: `/api/dictionaries/${await createCategory(env)}/items`,
    body: { code: `i_${env.unique()}`, label: '新字典项', sort: 10, extra: { color: 'red' }, reason: '测试新增字典项' },
  }),
  'dict.items.update': async (env) => {
    const item = await createItem(env);
    return {
      path: `/api/dictionaries/${item.code}/items/${item.id}`,
      body: { label: '改名字典项', sort: 20, reason: '测试修改字典项' },
    };
  },
  'dict.items.delete': async (env) => {
    const item = await createItem(env);
    return { path: `/api/dictionaries/${item.code}/items/${item.id}`, body: { reason: '测试删除字典项' } };
  },
};
