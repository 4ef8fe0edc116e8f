import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

describeEachDb('knowledge base', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'kbt');
  });

  const category = async (body: Record<string, unknown>) => {
    const res = await ctx.server.admin.post('/api/knowledge-base/categories', { code: `k_${uid()}`, name: `分类${uid()}`, ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: number; code: string };
  };

  test('given a tree of categories per ticket type with articles, when an agent searches, then titles and keywords match', async () => {
    // given 报修 → 暖气不热 (repair) and 投诉 (complaint), with articles
    const root = await category({ name: `报修类${uid()}`, ticketType: 'repair' });
    const cold = await category({ parentId: root.id, name: '暖气不热' });
    const complaint = await category({ ticketType: 'complaint' });
    const art = await ctx.server.admin.post('/api/knowledge-base/articles', {
      categoryId: cold.id,
      title: '室温不达标排查',
      content: '检查阀门与排气。',
      keywords: ['暖气不热', '排气'],
    });
    assert.equal(art.status, 201);
    await ctx.server.admin.post('/api/knowledge-base/articles', {
      categoryId: complaint.id,
      title: '服务态度投诉',
      content: '记录并回访。',
    });

    // when an agent lists the repair tree: the child comes right after its parent, one level deeper; complaint's is not there
    const tree = (await world.a.as.agent.get('/api/knowledge-base/categories?ticketType=repair')).body as {
      id: number;
      depth: number;
      articleCount: number;
    }[];
    const at = tree.findIndex((c) => c.id === root.id);
    assert.equal(tree[at + 1]!.id, cold.id);
    assert.equal(tree[at + 1]!.depth, 1);
    assert.equal(tree[at + 1]!.articleCount, 1);
    assert.ok(!tree.some((c) => c.id === complaint.id));

    // when searching by keyword inside the root (sub-categories included)
    const found = await world.a.as.agent.get(`/api/knowledge-base/articles?q=${encodeURIComponent('排气')}&categoryId=${root.id}`);
    assert.equal(found.status, 200);
    assert.deepEqual(
      found.body.items.map((a: { title: string; categoryCode: string }) => [a.title, a.categoryCode]),
      [['室温不达标排查', cold.code]],
    );
    // the article carries the ticket type its category inherits from the bound root (for intake to pick the type)
    assert.equal(found.body.items[0].ticketType, 'repair');
    const one = await world.a.as.agent.get(`/api/knowledge-base/articles/${art.body.id}`);
    assert.deepEqual([one.body.categoryName, one.body.ticketType], ['暖气不热', 'repair']);
    // a LIKE wildcard in q is matched literally
    assert.equal((await world.a.as.agent.get(`/api/knowledge-base/articles?q=${encodeURIComponent('%')}`)).body.total, 0);
  });

  test('a category with children or articles cannot be deleted; a cycle is refused; agents cannot edit', async () => {
    const parent = await category({});
    const child = await category({ parentId: parent.id });
    const del = await ctx.server.admin.delete(`/api/knowledge-base/categories/${parent.id}`, {});
    assert.equal(del.status, 409);
    assert.match(del.body.message, /子分类/);
    const cycle = await ctx.server.admin.patch(`/api/knowledge-base/categories/${parent.id}`, { parentId: child.id });
    assert.equal(cycle.status, 400);
    assert.equal(cycle.body.details[0].field, 'body.parentId');
    const badType = await ctx.server.admin.post('/api/knowledge-base/categories', { code: `k_${uid()}`, name: 'x', ticketType: 'no_such' });
    assert.deepEqual(badType.body.details, [{ field: 'body.ticketType', message: '工单类型不存在或已停用' }]);
    const agent = await world.a.as.agent.post('/api/knowledge-base/categories', { code: `k_${uid()}`, name: '坐席分类' });
    assert.equal(agent.status, 403);
  });
});
