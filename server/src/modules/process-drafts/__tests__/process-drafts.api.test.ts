import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { QueryTypes } from 'sequelize';
import { EXTENSION_POINTS } from '@warmline/process-models';
import { buildWorld, describeEachDb, WORLD_PASSWORD, type ApiClient, type TestServer, type World } from '../../../testing/index.js';
import { deployableBpmn } from '../../process-definitions/__tests__/bpmn-samples.js';
import { draftBpmn } from './draft-samples.js';

interface AuditRow {
  action: string;
  entity_id: string;
  org_id: number | null;
  before_json: string | null;
  after_json: string | null;
}

const draftAudits = (server: TestServer, entityId: string) =>
  server.services.dbs.group.query<AuditRow>(
    `SELECT action, entity_id, org_id, before_json, after_json FROM audit_logs WHERE entity_type = 'process_draft' AND entity_id = ? ORDER BY id`,
    { replacements: [entityId], type: QueryTypes.SELECT },
  );

const save = (
  client: ApiClient,
  processId: string,
  body: { name?: string; xml?: string; basedOnVersion?: number | null; revision: number | null },
) =>
  client.request('PUT', `/api/process-drafts/${processId}`, {
    name: body.name ?? '草稿',
    xml: body.xml ?? draftBpmn(processId),
    basedOnVersion: body.basedOnVersion ?? null,
    revision: body.revision,
  });

async function deploy(client: ApiClient, processId: string) {
  const form = new FormData();
  form.append('file', new Blob([deployableBpmn(processId)]), `${processId}.bpmn`);
  const res = await client.request('POST', '/api/process-definitions', form);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return (res.body as { processes: { version: number }[] }).processes[0].version;
}

const idsOf = (body: { items: { processId: string }[] }) => body.items.map((d) => d.processId).sort();

describeEachDb('process drafts API', (ctx) => {
  let world: World;
  let adminName: string;
  before(async () => {
    world = await buildWorld(ctx.server, 'drf');
    adminName = (await ctx.server.admin.get('/api/auth/me')).body.displayName;
  });

  test('given a group process never deployed, when the group admin saves a draft, then it is listed and read back with who, when and revision 1, and the save is audited', async () => {
    const pid = 'drf_new_process';
    const res = await save(ctx.server.admin, pid, { name: '新建的流程', revision: null });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      { ...res.body, updatedAt: typeof res.body.updatedAt },
      {
        processId: pid,
        revision: 1,
        updatedBy: adminName,
        updatedAt: 'string',
        created: true,
      },
    );
    const list = await ctx.server.admin.get('/api/process-drafts');
    const item = list.body.items.find((d: { processId: string }) => d.processId === pid);
    assert.deepEqual(
      { ...item, updatedAt: Number.isNaN(Date.parse(item.updatedAt)) },
      {
        processId: pid,
        name: '新建的流程',
        owner: '<default>',
        basedOnVersion: null,
        revision: 1,
        updatedBy: adminName,
        updatedAt: false,
        deployedVersion: null,
        deployedAt: null,
        freshness: 'undeployed',
      },
    );
    const one = await ctx.server.admin.get(`/api/process-drafts/${pid}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.xml, draftBpmn(pid));
    const audits = await draftAudits(ctx.server, `<default>:${pid}`);
    assert.deepEqual(
      audits.map((a) => a.action),
      ['process_draft.create'],
    );
    assert.equal(JSON.parse(audits[0].after_json!).revision, 1);
  });

  test('given a draft at revision 1, when saved with revision 1, then it becomes revision 2; a save still naming revision 1 answers 409 saying who saved when, and changes nothing', async () => {
    const pid = 'drf_concurrent';
    assert.equal((await save(ctx.server.admin, pid, { revision: null })).status, 200);
    const second = await save(ctx.server.admin, pid, { xml: draftBpmn(pid, '第二次'), revision: 1 });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.revision, 2);
    assert.equal(second.body.created, false);

    const stale = await save(ctx.server.admin, pid, { xml: draftBpmn(pid, '过时的修改'), revision: 1 });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'CONFLICT');
    assert.match(
      stale.body.message,
      /^草稿已在另一个窗口或会话中被修改：您本人 于 \d{4}-\d\d-\d\d \d\d:\d\d 保存了第 2 次修订（您打开的是第 1 次）/,
    );

    const unaware = await save(ctx.server.admin, pid, { xml: draftBpmn(pid, '不知道已有草稿'), revision: null });
    assert.equal(unaware.status, 409);
    assert.match(unaware.body.message, /^此流程已有草稿/);

    const kept = await ctx.server.admin.get(`/api/process-drafts/${pid}`);
    assert.equal(kept.body.revision, 2);
    assert.match(kept.body.xml, /name="第二次"/);
    const audits = await draftAudits(ctx.server, `<default>:${pid}`);
    assert.deepEqual(
      audits.map((a) => [a.action, JSON.parse(a.after_json!).revision]),
      [
        ['process_draft.create', 1],
        ['process_draft.save', 2],
      ],
    );
  });

  test('given another user of the same owner saved last, when a stale save comes in, then the 409 names that user', async () => {
    const pid = 'drf_two_people';
    const role = await ctx.server.admin.post('/api/roles', {
      code: 'drf_designer',
      name: '流程设计员',
      dataScope: 'subtree',
      permissions: ['process:deploy', 'process:read'],
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const groupOrgId = (await ctx.server.admin.get('/api/auth/me')).body.orgId;
    const user = await ctx.server.admin.post('/api/users', {
      username: 'drf.designer',
      password: WORLD_PASSWORD,
      displayName: '设计员小王',
      orgId: groupOrgId,
      roleIds: [role.body.id],
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const wang = await ctx.server.login('drf.designer', WORLD_PASSWORD);
    assert.equal((await save(ctx.server.admin, pid, { revision: null })).status, 200);
    assert.equal((await save(wang, pid, { revision: 1 })).status, 200);
    const stale = await save(ctx.server.admin, pid, { revision: 1 });
    assert.equal(stale.status, 409);
    assert.match(stale.body.message, /^草稿已被他人修改：设计员小王 于 /);
  });

  test('given XML that is not BPMN, or BPMN without the process, then 422 in Chinese; oversized XML is a 400; nothing is saved', async () => {
    const pid = 'drf_invalid';
    const notBpmn = await save(ctx.server.admin, pid, { xml: '<note><to>x</to></note>', revision: null });
    assert.equal(notBpmn.status, 422);
    assert.equal(notBpmn.body.code, 'MODEL_REJECTED');
    assert.match(notBpmn.body.message, /^草稿不是有效的 BPMN 模型/);
    assert.ok(notBpmn.body.details.every((d: { message: string }) => /[\u4e00-\u9fa5]/.test(d.message)));

    const broken = await save(ctx.server.admin, pid, { xml: draftBpmn(pid).replace('</bpmn:process>', ''), revision: null });
    assert.equal(broken.status, 422);
    assert.match(broken.body.details[0].message, /无法解析|不是有效的 BPMN XML/);

    const otherProcess = await save(ctx.server.admin, pid, { xml: draftBpmn('drf_something_else'), revision: null });
    assert.equal(otherProcess.status, 422);
    assert.match(otherProcess.body.details[0].message, /草稿中没有 ID 为「drf_invalid」的流程/);

    const padding = `<!-- ${'长'.repeat(180_000)} -->`;
    const huge = await save(ctx.server.admin, pid, {
      xml: draftBpmn(pid).replace('<bpmn:process', `${padding}<bpmn:process`),
      revision: null,
    });
    assert.equal(huge.status, 400);
    assert.match(huge.body.details[0].message, /流程草稿不能超过 512 KB/);
    assert.equal((await ctx.server.admin.get(`/api/process-drafts/${pid}`)).status, 404);
  });

  test('given drafts of the group and of two subsidiaries, then each owner sees only its own, and the deploy rules decide who may keep which draft', async () => {
    const ext = EXTENSION_POINTS.afterIntake;
    const a = world.a.as.subsidiary_admin;
    const b = world.b.as.subsidiary_admin;
    const aSaved = await save(a, ext, { name: '甲公司扩展草稿', revision: null });
    assert.equal(aSaved.status, 200, JSON.stringify(aSaved.body));
    assert.equal((await save(ctx.server.admin, 'drf_group_only', { revision: null })).status, 200);

    assert.deepEqual(idsOf((await a.get('/api/process-drafts')).body), [ext]);
    assert.deepEqual(idsOf((await b.get('/api/process-drafts')).body), []);
    assert.ok(!idsOf((await ctx.server.admin.get('/api/process-drafts')).body).includes(ext));
    assert.equal((await b.get(`/api/process-drafts/${ext}`)).status, 404);
    assert.equal((await a.get('/api/process-drafts/drf_group_only')).status, 404);
    assert.equal((await ctx.server.admin.get(`/api/process-drafts/${ext}`)).status, 404);

    // B keeps its own draft of the same extension: A's revision means nothing to it.
    const bSaved = await save(b, ext, { name: '乙公司扩展草稿', revision: null });
    assert.equal(bSaved.status, 200);
    assert.equal(bSaved.body.revision, 1);
    assert.equal((await a.get(`/api/process-drafts/${ext}`)).body.name, '甲公司扩展草稿');
    assert.equal((await draftAudits(ctx.server, `${world.a.code}:${ext}`))[0].org_id, world.a.id);

    const core = await save(a, 'wl-ticket', { revision: null });
    assert.equal(core.status, 403);
    assert.match(core.body.message, /^不能保存此草稿：.*集团核心流程/);
    const groupExt = await save(ctx.server.admin, ext, { revision: null });
    assert.equal(groupExt.status, 403);
    assert.match(groupExt.body.message, /分公司扩展流程/);
    const viewer = await world.a.as.agent.get('/api/process-drafts');
    assert.equal(viewer.status, 403);
  });

  test('given a division designer (no deploy owner), then the list is empty and a save is refused', async () => {
    const role = await ctx.server.admin.post('/api/roles', {
      code: 'drf_div',
      name: '事业部设计员',
      dataScope: 'subtree',
      permissions: ['process:deploy', 'process:read'],
    });
    const user = await ctx.server.admin.post('/api/users', {
      username: 'drf.division',
      password: WORLD_PASSWORD,
      displayName: '事业部设计员',
      orgId: world.divisionId,
      roleIds: [role.body.id],
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const div = await ctx.server.login('drf.division', WORLD_PASSWORD);
    assert.deepEqual((await div.get('/api/process-drafts')).body, { items: [] });
    const refused = await save(div, 'drf_division', { revision: null });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.message, '只有集团或分公司的用户可以保存流程草稿');
  });

  test('given a draft, when the process is deployed, then the draft stays and reads older; a later save makes it newer again', async () => {
    const pid = 'drf_deployed';
    assert.equal((await save(ctx.server.admin, pid, { revision: null })).status, 200);
    const version = await deploy(ctx.server.admin, pid);
    const afterDeploy = await ctx.server.admin.get(`/api/process-drafts/${pid}`);
    assert.equal(afterDeploy.status, 200);
    assert.deepEqual([afterDeploy.body.freshness, afterDeploy.body.deployedVersion], ['older', version]);

    const resaved = await save(ctx.server.admin, pid, { basedOnVersion: version, revision: 1 });
    assert.equal(resaved.status, 200);
    const item = (await ctx.server.admin.get('/api/process-drafts')).body.items.find((d: { processId: string }) => d.processId === pid);
    assert.deepEqual([item.freshness, item.basedOnVersion, item.deployedVersion], ['newer', version, version]);
  });

  test('given a draft, when discarded with a stale revision, then 409; with its revision, then it is gone, audited, and the deployed versions stay', async () => {
    const pid = 'drf_discard';
    await deploy(ctx.server.admin, pid);
    assert.equal((await save(ctx.server.admin, pid, { revision: null })).status, 200);
    assert.equal((await save(ctx.server.admin, pid, { revision: 1 })).status, 200);
    const stale = await ctx.server.admin.request('DELETE', `/api/process-drafts/${pid}?revision=1`);
    assert.equal(stale.status, 409);
    assert.match(stale.body.message, /您的修改未丢弃/);
    const ok = await ctx.server.admin.request('DELETE', `/api/process-drafts/${pid}?revision=2`);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((await ctx.server.admin.get(`/api/process-drafts/${pid}`)).status, 404);
    assert.equal((await ctx.server.admin.request('DELETE', `/api/process-drafts/${pid}`)).status, 404);
    const audits = await draftAudits(ctx.server, `<default>:${pid}`);
    assert.deepEqual(
      audits.map((a) => a.action),
      ['process_draft.create', 'process_draft.save', 'process_draft.discard'],
    );
    assert.equal(JSON.parse(audits[2].before_json!).revision, 2);
    const versions = await ctx.server.admin.get(`/api/process-definitions/${pid}/versions`);
    assert.equal(versions.body.items.length, 1);
  });
});
