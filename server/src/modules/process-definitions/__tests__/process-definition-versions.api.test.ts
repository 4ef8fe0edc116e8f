import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { GROUP_TENANT } from '@warmline/engine';
import { buildWorld, describeEachDb, WORLD_PASSWORD, type ApiClient, type World } from '../../../testing/index.js';
import { deployableBpmn, extensionBpmn } from './bpmn-samples.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const unique = uniqueHex;

const upload = (client: ApiClient, content: string) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(Buffer.from(content))]), 'model.bpmn');
  return client.request('POST', '/api/process-definitions', form);
};

interface VersionItem {
  processId: string;
  version: number;
  tenant: string;
  runningInstances: number;
}

describeEachDb('process definitions: versions and XML', (ctx) => {
  let world: World;
  const deployers: Record<'a' | 'b', ApiClient> = {} as Record<'a' | 'b', ApiClient>;

  before(async () => {
    world = await buildWorld(ctx.server, 'pv');
    const role = await ctx.server.admin.post('/api/roles', {
      code: 'pv_deployer',
      name: '流程部署员',
      dataScope: 'subtree',
      permissions: ['process:deploy', 'process:read'],
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    for (const side of ['a', 'b'] as const) {
      const username = `pv.deployer.${side}`;
      const user = await ctx.server.admin.post('/api/users', {
        username,
        password: WORLD_PASSWORD,
        displayName: `部署员${side}`,
        orgId: world[side].id,
        roleIds: [role.body.id],
      });
      assert.equal(user.status, 201, JSON.stringify(user.body));
      deployers[side] = await ctx.server.login(username, WORLD_PASSWORD);
    }
  });

  test('given a group process in two versions with instances running in both subsidiaries, when listing its versions, then each version shows the instances in the caller’s scope', async () => {
    const processId = `pv_${unique()}`;
    assert.equal((await upload(ctx.server.admin, deployableBpmn(processId, '第一版'))).status, 201);
    assert.equal((await upload(ctx.server.admin, deployableBpmn(processId, '第二版'))).status, 201);
    const engine = ctx.server.services.engine;
    await engine.startInstance({ tenantId: world.a.code, processId, version: 1 });
    await engine.startInstance({ tenantId: world.b.code, processId, version: 1 });
    await engine.startInstance({ tenantId: world.a.code, processId, version: 2 });

    const asGroup = await ctx.server.admin.get(`/api/process-definitions/${processId}/versions`);
    assert.equal(asGroup.status, 200, JSON.stringify(asGroup.body));
    assert.deepEqual(
      (asGroup.body.items as VersionItem[]).map((v) => [v.tenant, v.version, v.runningInstances]),
      [
        [GROUP_TENANT, 2, 1],
        [GROUP_TENANT, 1, 2],
      ],
    );
    const asA = await world.a.as.subsidiary_admin.get(`/api/process-definitions/${processId}/versions`);
    assert.equal(asA.status, 200, JSON.stringify(asA.body));
    assert.deepEqual(
      (asA.body.items as VersionItem[]).map((v) => [v.tenant, v.version, v.runningInstances]),
      [
        [GROUP_TENANT, 2, 1],
        [GROUP_TENANT, 1, 1],
      ],
    );
  });

  test('given extension versions of two subsidiaries, when a subsidiary lists them, then it sees only its own; the group sees both', async () => {
    const processId = 'wl-ext-before-close';
    assert.equal((await upload(deployers.a, extensionBpmn(processId, '甲扩展'))).status, 201);
    assert.equal((await upload(deployers.b, extensionBpmn(processId, '乙扩展'))).status, 201);
    const asA = await deployers.a.get(`/api/process-definitions/${processId}/versions`);
    assert.deepEqual(
      (asA.body.items as VersionItem[]).map((v) => [v.tenant, v.version]),
      [[world.a.code, 1]],
    );
    const asGroup = await ctx.server.admin.get(`/api/process-definitions/${processId}/versions`);
    assert.deepEqual((asGroup.body.items as VersionItem[]).map((v) => v.tenant).sort(), [world.a.code, world.b.code].sort());
  });

  test('given a deployed version, when reading its XML, then the exact uploaded XML comes back; another version, tenant or subsidiary answers 404', async () => {
    const processId = `px_${unique()}`;
    const first = deployableBpmn(processId, '第一版');
    const second = deployableBpmn(processId, '第二版');
    await upload(ctx.server.admin, first);
    await upload(ctx.server.admin, second);
    const v1 = await world.a.as.subsidiary_admin.get(
      `/api/process-definitions/${processId}/versions/1/xml?tenant=${encodeURIComponent(GROUP_TENANT)}`,
    );
    assert.equal(v1.status, 200, JSON.stringify(v1.body));
    assert.deepEqual(v1.body, { processId, version: 1, tenant: GROUP_TENANT, xml: first });
    const v2 = await ctx.server.admin.get(
      `/api/process-definitions/${processId}/versions/2/xml?tenant=${encodeURIComponent(GROUP_TENANT)}`,
    );
    assert.equal(v2.body.xml, second);
    const missing = await ctx.server.admin.get(
      `/api/process-definitions/${processId}/versions/3/xml?tenant=${encodeURIComponent(GROUP_TENANT)}`,
    );
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'NOT_FOUND');

    await upload(deployers.b, extensionBpmn('wl-ext-after-intake', '乙的扩展'));
    const own = await deployers.b.get(`/api/process-definitions/wl-ext-after-intake/versions/1/xml?tenant=${world.b.code}`);
    assert.equal(own.status, 200);
    assert.match(own.body.xml, /乙的扩展/);
    const other = await deployers.a.get(`/api/process-definitions/wl-ext-after-intake/versions/1/xml?tenant=${world.b.code}`);
    assert.equal(other.status, 404);
    assert.doesNotMatch(JSON.stringify(other.body), /乙的扩展/);
  });

  test('given a user without process:read, when reading versions or XML, then 403', async () => {
    const agent = world.a.as.agent;
    const list = await agent.get('/api/process-definitions/wl-ticket/versions');
    const xml = await agent.get(`/api/process-definitions/wl-ticket/versions/1/xml?tenant=${encodeURIComponent(GROUP_TENANT)}`);
    assert.deepEqual([list.status, xml.status], [403, 403]);
  });
});
