import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { GROUP_TENANT } from '@warmline/engine';
import { readProcessModel } from '@warmline/process-models';
import { buildWorld, describeEachDb, WORLD_PASSWORD, type ApiClient, type World } from '../../../testing/index.js';
import { deployableBpmn } from './bpmn-samples.js';
import { addToScope, insertStep, removeNode, retag } from './shipped-model-edits.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const unique = uniqueHex;

const upload = (client: ApiClient, content: string, fileName = 'model.bpmn') => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(Buffer.from(content))]), fileName);
  return client.request('POST', '/api/process-definitions', form);
};

interface Detail {
  field: string;
  message: string;
  elementId?: string;
  reasonEn?: string;
}

const shippedTicket = () => {
  const model = readProcessModel('wl-ticket');
  assert.ok(model, 'process-models/bpmn/wl-ticket.bpmn is missing');
  return model.content;
};

function assertLockRefusal(res: { status: number; body: any }, elementId: string, zh: RegExp) {
  const where = `${res.status} ${JSON.stringify(res.body).slice(0, 1500)}`;
  assert.equal(res.status, 422, where);
  assert.equal(res.body.code, 'MODEL_REJECTED', where);
  const details = res.body.details as Detail[];
  assert.ok(
    details.some((d) => d.elementId === elementId && d.field === elementId && zh.test(d.message) && d.reasonEn),
    `no detail for ${elementId} ~ ${zh} in ${where}`,
  );
}

function assertForbidden(res: { status: number; body: any }, processId: string, zh: RegExp) {
  const where = `${res.status} ${JSON.stringify(res.body)}`;
  assert.equal(res.status, 403, where);
  assert.equal(res.body.code, 'FORBIDDEN', where);
  assert.match(res.body.message, zh, where);
  assert.ok(res.body.message.includes(processId), where);
  assert.deepEqual(
    (res.body.details as Detail[]).map((d) => [d.field, d.elementId]),
    [['file', processId]],
  );
}

describeEachDb('process definitions: deploy rules (core, extension and custom processes)', (ctx) => {
  let world: World;
  const deployer = {} as Record<'a' | 'b', ApiClient>;

  /** (tenant, version) of every deployed version of a process. */
  async function versions(processId: string): Promise<Array<[string, number]>> {
    const [rows] = await ctx.server.services.dbs.group.query(
      'SELECT tenant_id, version FROM process_definitions WHERE process_id = ? ORDER BY tenant_id, version',
      { replacements: [processId] },
    );
    return (rows as { tenant_id: string; version: number | string }[]).map((r) => [r.tenant_id, Number(r.version)]);
  }

  async function auditCount(processId: string): Promise<number> {
    const [rows] = await ctx.server.services.dbs.group.query(
      "SELECT COUNT(*) AS n FROM audit_logs WHERE action = 'process_definition.deploy' AND entity_id LIKE ?",
      { replacements: [`${processId}:%`] },
    );
    return Number((rows as { n: number | string }[])[0].n);
  }

  const latestGroupVersion = async (processId: string) =>
    Math.max(0, ...(await versions(processId)).filter(([t]) => t === GROUP_TENANT).map(([, v]) => v));

  before(async () => {
    world = await buildWorld(ctx.server, 'dr');
    const role = await ctx.server.admin.post('/api/roles', {
      code: 'dr_deployer',
      name: '扩展流程部署员',
      dataScope: 'subtree',
      permissions: ['process:deploy', 'process:read'],
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    for (const letter of ['a', 'b'] as const) {
      const username = `dr.deployer.${letter}`;
      const res = await ctx.server.admin.post('/api/users', {
        username,
        password: WORLD_PASSWORD,
        displayName: `部署员${letter}`,
        orgId: world[letter].id,
        roleIds: [role.body.id],
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      deployer[letter] = await ctx.server.login(username, WORLD_PASSWORD);
    }
  });

  test('given the shipped wl-ticket unchanged, when the group deploys it, then 201 into the group tenant', async () => {
    // when
    const res = await upload(ctx.server.admin, shippedTicket(), 'wl-ticket.bpmn');
    // then
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 1500));
    assert.equal(res.body.processes.length, 1);
    assert.equal(res.body.processes[0].processId, 'wl-ticket');
    assert.equal(res.body.processes[0].version, await latestGroupVersion('wl-ticket'));
    assert.ok((await versions('wl-ticket')).every(([tenant]) => tenant === GROUP_TENANT));
  });

  test('given wl-ticket with a locked node removed, bypassed or retyped, when the group deploys it, then 422 naming the node and nothing changes', async () => {
    // given
    const before = [await versions('wl-ticket'), await auditCount('wl-ticket')];
    const removed = removeNode(shippedTicket(), 'close');
    const bypassed = addToScope(
      shippedTicket(),
      'ticket-main',
      `<bpmn:sequenceFlow id="flow-skip-callback" sourceRef="handle-outcome" targetRef="ext-before-close"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=false</bpmn:conditionExpression></bpmn:sequenceFlow>`,
    );
    const retyped = retag(shippedTicket(), 'dispatch', 'manualTask');
    // when / then
    assertLockRefusal(await upload(ctx.server.admin, removed), 'close', /^核心节点「办结」\(close\) 已被删除$/);
    assertLockRefusal(
      await upload(ctx.server.admin, bypassed),
      'callback',
      /核心节点「回访」\(callback\) 被绕过：现在可从「处理」\(handle\)直接到达/,
    );
    assertLockRefusal(
      await upload(ctx.server.admin, retyped),
      'dispatch',
      /核心节点「派单」\(dispatch\) 的类型被修改：原为用户任务，现为手工任务/,
    );
    assert.deepEqual([await versions('wl-ticket'), await auditCount('wl-ticket')], before);
  });

  test('given wl-ticket with an unlocked step added between locked nodes, when the group deploys it, then 201 with a new version', async () => {
    // given
    await upload(ctx.server.admin, shippedTicket(), 'wl-ticket.bpmn');
    const previous = await latestGroupVersion('wl-ticket');
    const extended = insertStep(shippedTicket(), 'dispatch', 'station-confirm', 'notify-station', 'wl-test-notify-station');
    // when
    const res = await upload(ctx.server.admin, extended, 'wl-ticket.bpmn');
    // then
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 1500));
    assert.deepEqual(res.body.processes, [{ processId: 'wl-ticket', version: previous + 1 }]);
  });

  test('given a subsidiary user, when deploying wl-ticket (even unchanged), then 403 naming the process and nothing changes', async () => {
    const before = [await versions('wl-ticket'), await auditCount('wl-ticket')];
    assertForbidden(await upload(deployer.a, shippedTicket()), 'wl-ticket', /集团核心流程，只有集团用户可以部署/);
    assert.deepEqual([await versions('wl-ticket'), await auditCount('wl-ticket')], before);
  });

  test('given subsidiary A, when deploying wl-ext-before-handle, then 201 in tenant A only: B can neither list nor start it', async () => {
    // when
    const res = await upload(deployer.a, deployableBpmn('wl-ext-before-handle', '处理前检查（分公司A）'), 'ext.bpmn');
    // then
    assert.deepEqual([res.status, res.body], [201, { processes: [{ processId: 'wl-ext-before-handle', version: 1 }] }]);
    assert.deepEqual(await versions('wl-ext-before-handle'), [[world.a.code, 1]]);
    const asA = await world.a.as.subsidiary_admin.get('/api/process-definitions?processId=wl-ext-before-handle');
    assert.deepEqual(
      asA.body.items.map((i: { tenant: string }) => i.tenant),
      [world.a.code],
    );
    const asB = await world.b.as.subsidiary_admin.get('/api/process-definitions?processId=wl-ext-before-handle');
    assert.deepEqual([asB.status, asB.body.total], [200, 0]);
    const engine = ctx.server.services.engine;
    await assert.rejects(engine.startInstance({ tenantId: world.b.code, processId: 'wl-ext-before-handle' }));
    const started = await engine.startInstance({ tenantId: world.a.code, processId: 'wl-ext-before-handle' });
    assert.equal(started.version, 1);
  });

  test('given a subsidiary user, when deploying a process that is no extension process, then 403 listing the allowed ids', async () => {
    const processId = `custom_${unique()}`;
    const res = await upload(deployer.b, deployableBpmn(processId));
    assertForbidden(res, processId, /分公司只能部署扩展流程（wl-ext-after-intake、wl-ext-before-handle、wl-ext-before-close）/);
    assert.deepEqual(await versions(processId), []);
    assert.equal(await auditCount(processId), 0);
  });

  test('given a file mixing an extension process and another process, when a subsidiary deploys it, then 403 and neither is deployed', async () => {
    const other = `helper_${unique()}`;
    const mixed = deployableBpmn('wl-ext-before-close').replace(
      '</bpmn:definitions>',
      `${/<bpmn:process[\s\S]*<\/bpmn:process>/.exec(deployableBpmn(other))![0].replace(/"(Start|Classify|Handle|End|F\d)"/g, '"h-$1"')}</bpmn:definitions>`,
    );
    assertForbidden(await upload(deployer.a, mixed), other, /分公司只能部署扩展流程/);
    assert.deepEqual([await versions('wl-ext-before-close'), await versions(other)], [[], []]);
  });

  test('given group staff, when deploying an extension process, then 403: an extension belongs to one subsidiary', async () => {
    const before = await versions('wl-ext-after-intake');
    assertForbidden(
      await upload(ctx.server.admin, deployableBpmn('wl-ext-after-intake')),
      'wl-ext-after-intake',
      /只能由分公司用户为本分公司部署/,
    );
    assert.deepEqual(await versions('wl-ext-after-intake'), before);
  });

  test('given group staff, when deploying a custom process id, then 201 group-wide', async () => {
    const processId = `group_custom_${unique()}`;
    const res = await upload(ctx.server.admin, deployableBpmn(processId));
    assert.deepEqual([res.status, res.body], [201, { processes: [{ processId, version: 1 }] }]);
    assert.deepEqual(await versions(processId), [[GROUP_TENANT, 1]]);
  });
});
