import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { GROUP_TENANT } from '@warmline/engine';
import { buildWorld, describeEachDb, WORLD_PASSWORD, type ApiClient, type World } from '../../../testing/index.js';
import { deployableBpmn, hostileBpmn, inclusiveJoinBpmn, zeebeIncompatibleBpmn } from './bpmn-samples.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const unique = uniqueHex;

const upload = (
  client: ApiClient,
  content: string | Buffer,
  fileName = 'model.bpmn',
  extra: Record<string, string> = {},
  path = '/api/process-definitions',
) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(typeof content === 'string' ? Buffer.from(content) : content)]), fileName);
  return client.request('POST', path, form);
};

interface Detail {
  field: string;
  message: string;
  elementId?: string;
  reasonEn?: string;
}

function assertRejected(res: { status: number; body: any }, expected: Array<[elementId: string, zh: RegExp, en: RegExp]>) {
  const where = `${res.status} ${JSON.stringify(res.body).slice(0, 600)}`;
  assert.equal(res.status, 422, where);
  assert.equal(res.body.code, 'MODEL_REJECTED', where);
  assert.match(res.body.message, /未通过部署检查/);
  const details = res.body.details as Detail[];
  for (const d of details) {
    assert.ok(d.elementId && d.reasonEn && d.message, `incomplete detail ${JSON.stringify(d)}`);
    assert.equal(d.field, d.elementId === '(document)' ? 'file' : d.elementId);
    assert.match(d.message, /[\u4e00-\u9fa5]/);
  }
  for (const [id, zh, en] of expected) {
    assert.ok(
      details.some((d) => d.elementId === id && zh.test(d.message) && en.test(d.reasonEn!)),
      `no detail for ${id} ~ ${zh} / ${en} in ${where}`,
    );
  }
}

async function definitionRows(ctx: { server: { services: any } }, processId: string) {
  const [rows] = await ctx.server.services.dbs.group.query(
    'SELECT tenant_id, process_id, version FROM process_definitions WHERE process_id = ? ORDER BY version',
    {
      replacements: [processId],
    },
  );
  return rows as { tenant_id: string; process_id: string; version: number }[];
}

describeEachDb('process definitions: deploy', (ctx) => {
  let world: World;
  let deployerA: ApiClient;

  before(async () => {
    world = await buildWorld(ctx.server, 'pd');
    // A subsidiary user allowed to deploy: a custom role, since no builtin subsidiary role deploys.
    const role = await ctx.server.admin.post('/api/roles', {
      code: 'pd_deployer',
      name: '流程部署员',
      dataScope: 'subtree',
      permissions: ['process:deploy', 'process:read'],
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const user = await ctx.server.admin.post('/api/users', {
      username: 'pd.deployer.a',
      password: WORLD_PASSWORD,
      displayName: '分公司A部署员',
      orgId: world.a.id,
      roleIds: [role.body.id],
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    deployerA = await ctx.server.login('pd.deployer.a', WORLD_PASSWORD);
  });

  test('given a valid BPMN file from a group admin, when deployed, changed and deployed again, then 201 with versions 1 and 2, group-wide and audited', async () => {
    const processId = `ok_${unique()}`;
    const first = await upload(ctx.server.admin, deployableBpmn(processId), `${processId}.bpmn`);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(first.body, { processes: [{ processId, version: 1 }] });
    const changed = deployableBpmn(processId, '改过的流程');
    const second = await upload(ctx.server.admin, changed, `${processId}.xml`);
    assert.deepEqual([second.status, second.body], [201, { processes: [{ processId, version: 2 }] }]);
    // Like Zeebe, an identical resource does not make a new version.
    const again = await upload(ctx.server.admin, changed, `${processId}.bpmn`);
    assert.deepEqual([again.status, again.body], [201, { processes: [{ processId, version: 2 }] }]);
    assert.deepEqual(
      (await definitionRows(ctx, processId)).map((r) => [r.tenant_id, Number(r.version)]),
      [
        [GROUP_TENANT, 1],
        [GROUP_TENANT, 2],
      ],
    );
    const audit = await ctx.server.admin.get(`/api/audit-logs?entityType=process_definition&entityId=${processId}:1`);
    assert.equal(audit.status, 200);
    assert.equal(audit.body.items.length, 1);
    assert.equal(audit.body.items[0].action, 'process_definition.deploy');
    assert.equal(audit.body.items[0].after.tenantId, GROUP_TENANT);
  });

  test('given a subsidiary user with process:deploy, when deploying an extension process, then the definition belongs to their subsidiary', async () => {
    const processId = 'wl-ext-after-intake';
    const res = await upload(deployerA, deployableBpmn(processId));
    assert.deepEqual([res.status, res.body], [201, { processes: [{ processId, version: 1 }] }]);
    assert.deepEqual(
      (await definitionRows(ctx, processId)).map((r) => r.tenant_id),
      [world.a.code],
    );
  });

  test('given a tenant in the query or a form field, when deploying, then 400 and nothing is deployed', async () => {
    const processId = `tn_${unique()}`;
    const viaQuery = await upload(deployerA, deployableBpmn(processId), 'x.bpmn', {}, `/api/process-definitions?tenant=${world.b.code}`);
    assert.equal(viaQuery.status, 400, JSON.stringify(viaQuery.body));
    assert.equal(viaQuery.body.details[0].field, 'query.tenant');
    const viaField = await upload(deployerA, deployableBpmn(processId), 'x.bpmn', { tenant: world.b.code });
    assert.equal(viaField.status, 400, JSON.stringify(viaField.body));
    assert.equal(viaField.body.details[0].field, 'body.tenant');
    assert.deepEqual(await definitionRows(ctx, processId), []);
  });

  test('given users without process:deploy, when deploying, then 403', async () => {
    for (const role of ['agent', 'subsidiary_admin', 'station_head']) {
      const res = await upload(world.a.as[role], deployableBpmn(`no_${unique()}`));
      assert.equal(res.status, 403, `${role}: ${JSON.stringify(res.body)}`);
    }
  });

  test('given a division user allowed to deploy, when deploying, then 403: definitions are the group’s or one subsidiary’s', async () => {
    const res = await ctx.server.admin.post('/api/users', {
      username: 'pd.division',
      password: WORLD_PASSWORD,
      displayName: '事业部用户',
      orgId: world.divisionId,
      roleIds: [(await ctx.server.admin.get('/api/roles')).body.find((r: { code: string }) => r.code === 'pd_deployer').id],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const division = await ctx.server.login('pd.division', WORLD_PASSWORD);
    const deploy = await upload(division, deployableBpmn(`div_${unique()}`));
    assert.equal(deploy.status, 403, JSON.stringify(deploy.body));
  });

  test('given an inclusive-gateway join, when deployed, then 422 MODEL_REJECTED naming the gateway in Chinese and English', async () => {
    const processId = `ij_${unique()}`;
    assertRejected(await upload(ctx.server.admin, inclusiveJoinBpmn(processId)), [['Join', /包容网关汇聚/, /inclusive gateway joins/]]);
    assert.deepEqual(await definitionRows(ctx, processId), []);
  });

  test('given JavaScript, a ${} expression and a broken FEEL mapping, when deployed, then 422 naming each element', async () => {
    const processId = `js_${unique()}`;
    assertRejected(await upload(ctx.server.admin, hostileBpmn(processId)), [
      ['Evil', /javascript 脚本，不予执行/, /javascript script, which is never run/],
      ['F2', /\$\{…\} 表达式/, /\$\{…\} expression/],
      ['Map', /FEEL 表达式无法解析/, /not a valid FEEL expression/],
    ]);
    assert.deepEqual(await definitionRows(ctx, processId), []);
  });

  test('given a model Camunda 8.8 would refuse, when deployed, then 422 with the lint rule', async () => {
    assertRejected(await upload(ctx.server.admin, zeebeIncompatibleBpmn(`zi_${unique()}`)), [
      ['Late', /Camunda 8\.8 规则 escalation-boundary-event-attached-to-ref/, /not allowed to be attached/],
    ]);
  });

  const broken: Array<[string, string | Buffer, RegExp]> = [
    ['an empty file', '', /文件为空/],
    ['plain text', 'just some text', /不是 XML/],
    ['a zip archive', Buffer.from('504b0304140000000800', 'hex'), /不是 XML|二进制/],
    ['XML that is not BPMN', '<?xml version="1.0"?><note><to>x</to></note>', /不是有效的 BPMN XML|不是 BPMN 2\.0/],
    ['truncated BPMN', deployableBpmn('trunc').slice(0, 300), /无法解析/],
    [
      'an entity bomb',
      `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>${deployableBpmn('bomb')}`,
      /DOCTYPE 或 ENTITY/,
    ],
    ['invalid UTF-8', Buffer.from([0x3c, 0x3f, 0x78, 0x6d, 0x6c, 0xff, 0xfe, 0xfd]), /UTF-8/],
    ['a GBK-declared file', deployableBpmn('gbk').replace('encoding="UTF-8"', 'encoding="GBK"'), /只接受 UTF-8/],
    ['a file over 5 MB', deployableBpmn('huge').replace('name="测试流程"', `name="${'x'.repeat(5 * 1024 * 1024)}"`), /文件过大/],
    ['no executable process', deployableBpmn('nx').replace('isExecutable="true"', 'isExecutable="false"'), /没有可执行的流程/],
    ['duplicate ids', deployableBpmn('dup').replace('id="End"', 'id="Start"'), /重复/],
  ];
  for (const [what, content, zh] of broken) {
    test(`given ${what}, when deployed, then 422 MODEL_REJECTED (never 500)`, async () => {
      const res = await upload(ctx.server.admin, content);
      assert.equal(res.status, 422, JSON.stringify(res.body).slice(0, 400));
      assert.equal(res.body.code, 'MODEL_REJECTED');
      assert.ok(
        (res.body.details as Detail[]).some((d) => zh.test(d.message)),
        JSON.stringify(res.body.details).slice(0, 400),
      );
    });
  }
});

describeEachDb('process definitions: list', (ctx) => {
  let world: World;
  let deployer: Record<'a' | 'b', ApiClient>;
  // Subsidiaries deploy only extension processes (docs/decisions/0006-deploy-rules.md).
  const ids = { group: `lg_${unique()}`, a: 'wl-ext-after-intake', b: 'wl-ext-before-close' };

  before(async () => {
    world = await buildWorld(ctx.server, 'pl');
    const role = await ctx.server.admin.post('/api/roles', {
      code: 'pl_deployer',
      name: '流程部署员',
      dataScope: 'subtree',
      permissions: ['process:deploy', 'process:read'],
    });
    deployer = {} as Record<'a' | 'b', ApiClient>;
    for (const letter of ['a', 'b'] as const) {
      const username = `pl.deployer.${letter}`;
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
    assert.equal((await upload(ctx.server.admin, deployableBpmn(ids.group), 'group.bpmn')).status, 201);
    assert.equal((await upload(ctx.server.admin, deployableBpmn(ids.group, '第二版'), 'group.bpmn')).status, 201);
    assert.equal((await upload(deployer.a, deployableBpmn(ids.a), 'a.bpmn')).status, 201);
    assert.equal((await upload(deployer.b, deployableBpmn(ids.b), 'b.bpmn')).status, 201);
  });

  const mine = (items: { processId: string }[]) => items.filter((i) => Object.values(ids).includes(i.processId));

  test('given a group admin, when listing, then every tenant’s latest versions are there', async () => {
    const res = await ctx.server.admin.get('/api/process-definitions?pageSize=200');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const found = mine(res.body.items).map((i: any) => [i.processId, i.version, i.tenant]);
    assert.deepEqual(
      found.sort(),
      [
        [ids.a, 1, world.a.code],
        [ids.b, 1, world.b.code],
        [ids.group, 2, GROUP_TENANT],
      ].sort(),
    );
    const item = res.body.items.find((i: any) => i.processId === ids.group);
    assert.equal(item.resourceName, 'group.bpmn');
    assert.ok(Date.now() - Date.parse(item.deployedAt) < 10 * 60_000, item.deployedAt);
  });

  test('given allVersions and a process id, when listing, then every version of that process is there, newest first', async () => {
    const res = await ctx.server.admin.get(`/api/process-definitions?processId=${ids.group}&allVersions=true`);
    assert.deepEqual(
      res.body.items.map((i: any) => i.version),
      [2, 1],
    );
    assert.equal(res.body.total, 2);
  });

  test('given a subsidiary admin of A, when listing, then the group’s and A’s definitions are there and B’s are not', async () => {
    const res = await world.a.as.subsidiary_admin.get('/api/process-definitions?pageSize=200');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      mine(res.body.items)
        .map((i: any) => i.processId)
        .sort(),
      [ids.a, ids.group].sort(),
    );
    assert.ok(!JSON.stringify(res.body).includes(world.b.code));
  });

  test('given roles without process:read, when listing, then 403', async () => {
    for (const role of ['agent', 'repair_worker']) {
      assert.equal((await world.a.as[role].get('/api/process-definitions')).status, 403, role);
    }
  });
});
