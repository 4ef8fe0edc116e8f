import type { Permission } from '@warmline/contracts';
import type { FixtureEnv } from '../../../testing/index.js';
import { syncShippedPage } from '../page-sync.js';

/** A page schema as the console would save it. */
export const samplePageSchema = (title: string) => ({
  type: 'page',
  title,
  body: [{ type: 'crud', api: 'get:/api/dictionaries', columns: [{ name: 'name', label: '名称' }] }],
});

/**
 * A fresh page, shipped as if from a file. Pages are group-wide, so nothing here belongs to the
 * target subsidiary and no marker goes into the page (it would read as a leak across subsidiaries).
 */
export async function fixturePage(env: Pick<FixtureEnv, 'server' | 'unique'>, permission: Permission | null = null): Promise<string> {
  const key = `fx-${env.unique()}`;
  await syncShippedPage(env.server.services, {
    key,
    title: '测试页面',
    permission,
    menu: { group: '测试', order: 10 },
    schema: samplePageSchema('测试页面'),
  });
  return key;
}
