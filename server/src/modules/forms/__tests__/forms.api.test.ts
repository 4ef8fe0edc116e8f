import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { QueryTypes } from 'sequelize';
import { buildWorld, describeEachDb, WORLD_PASSWORD, type TestServer, type World } from '../../../testing/index.js';
import { ensureInitialData } from '../../../bootstrap/ensure-initial-data.js';
import { startTask, oneTaskBpmn } from '../../tasks/__tests__/task-samples.js';
import { sampleFormSchema, storeForm } from './form-samples.js';

interface AuditRow {
  action: string;
  actor_name: string | null;
  org_id: number | null;
  before_json: string | null;
  after_json: string | null;
}

const formAudits = (server: TestServer, formId: string) =>
  server.services.dbs.group.query<AuditRow>(
    `SELECT action, actor_name, org_id, before_json, after_json FROM audit_logs WHERE entity_type = 'form' AND entity_id = ? ORDER BY id`,
    { replacements: [formId], type: QueryTypes.SELECT },
  );

const fieldsOf = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field);

describeEachDb('forms API', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'frm');
  });

  test('given the shipped form files, when the server has started, then each is a group form at version 1 named by its heading, and the sync is audited', async () => {
    const res = await world.a.as.agent.get('/api/forms');
    assert.equal(res.status, 200);
    const dispatch = res.body.items.find((f: { formId: string }) => f.formId === 'ticket-dispatch');
    assert.deepEqual(
      { ...dispatch, updatedAt: typeof dispatch.updatedAt },
      {
        formId: 'ticket-dispatch',
        name: '派单',
        version: 1,
        owner: { subsidiaryId: null, name: '热力集团' },
        source: 'shipped',
        updatedAt: 'string',
        editable: false,
      },
    );
    const detail = await world.a.as.repair_worker.get('/api/forms/ticket-handle');
    assert.equal(detail.status, 200);
    assert.equal(detail.body.schema.id, 'ticket-handle');
    assert.ok((detail.body.schema.components as unknown[]).length > 1);
    assert.equal(detail.body.updatedBy, null);
    const audits = await formAudits(ctx.server, 'ticket-dispatch');
    assert.deepEqual(
      audits.map((a) => [a.action, a.actor_name]),
      [['form.sync.create', '系统']],
    );
    const filtered = await world.a.as.agent.get('/api/forms?q=派单');
    assert.deepEqual(
      filtered.body.items.map((f: { formId: string }) => f.formId),
      ['ticket-dispatch'],
    );
  });

  test('given a group admin, when they save a new form, edit it and roll back, then each is a version, the current one is served and every change is audited', async () => {
    const formId = 'test-visit';
    const created = await ctx.server.admin.put(`/api/forms/${formId}`, { name: '上门登记', schema: sampleFormSchema(formId) });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(created.body, { formId, version: 1, created: true });

    const edited = sampleFormSchema(formId, [{ type: 'number', id: 'Field_count', key: 'count', label: '人数' }]);
    const save = await ctx.server.admin.put(`/api/forms/${formId}`, { name: '上门登记（新）', schema: edited, comment: '加人数' });
    assert.deepEqual(save.body, { formId, version: 2, created: false });

    const live = await world.b.as.agent.get(`/api/forms/${formId}`);
    assert.equal(live.status, 200);
    assert.equal(live.body.version, 2);
    assert.equal(live.body.name, '上门登记（新）');
    assert.deepEqual(live.body.schema, edited);
    assert.equal(live.body.updatedBy, '系统管理员');
    assert.equal(live.body.source, 'custom');
    assert.deepEqual(live.body.owner, { subsidiaryId: null, name: '热力集团' });

    const rb = await ctx.server.admin.post(`/api/forms/${formId}/rollback`, { version: 1 });
    assert.equal(rb.status, 200);
    assert.deepEqual(rb.body, { formId, version: 3, created: false });
    const versions = await ctx.server.admin.get(`/api/forms/${formId}/versions`);
    assert.deepEqual(
      versions.body.items.map((v: { version: number; name: string; source: string; comment: string | null; createdBy: string }) => [
        v.version,
        v.name,
        v.source,
        v.comment,
        v.createdBy,
      ]),
      [
        [3, '上门登记', 'rollback', '回滚到第 1 版', '系统管理员'],
        [2, '上门登记（新）', 'edited', '加人数', '系统管理员'],
        [1, '上门登记', 'edited', null, '系统管理员'],
      ],
    );
    const v2 = await ctx.server.admin.get(`/api/forms/${formId}/versions/2`);
    assert.deepEqual(v2.body.schema, edited);
    assert.equal((await ctx.server.admin.get(`/api/forms/${formId}`)).body.name, '上门登记');
    assert.deepEqual((await ctx.server.admin.get(`/api/forms/${formId}`)).body.schema, sampleFormSchema(formId));
    assert.equal((await ctx.server.admin.get(`/api/forms/${formId}/versions/9`)).status, 404);

    const audits = await formAudits(ctx.server, formId);
    assert.deepEqual(
      audits.map((a) => a.action),
      ['form.create', 'form.save', 'form.rollback'],
    );
    assert.deepEqual(JSON.parse(audits[1].before_json!), { formId, name: '上门登记', version: 1 });
    assert.equal(JSON.parse(audits[2].after_json!).copiedFrom, 1);

    const bad = await ctx.server.admin.post(`/api/forms/${formId}/rollback`, { version: 99 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.details, [{ field: 'body.version', message: '该表单没有第 99 版' }]);
    assert.equal((await ctx.server.admin.post('/api/forms/no-such-form/rollback', { version: 1 })).status, 404);
    assert.equal((await ctx.server.admin.get('/api/forms/no-such-form')).status, 404);
  });

  test('given a schema the server cannot validate against, when saved, then 422 FORM_INVALID names each problem in Chinese and nothing is stored', async () => {
    const formId = 'test-broken';
    const schema = {
      ...sampleFormSchema('other-id'),
      components: [
        { type: 'textfield', key: 'a', label: '甲' },
        { type: 'textfield', key: 'a', label: '乙' },
        { type: 'button', key: 'submit', label: '提交' },
      ],
    };
    const res = await ctx.server.admin.put(`/api/forms/${formId}`, { name: '坏表单', schema });
    assert.equal(res.status, 422);
    assert.equal(res.body.code, 'FORM_INVALID');
    assert.equal(res.body.message, '表单定义有 3 处问题，未保存');
    assert.deepEqual(res.body.details, [
      { field: 'body.schema.id', message: '表单编号「other-id」与应有的编号「test-broken」不一致' },
      { field: 'body.schema.components.1.key', message: '字段标识「a」重复了，每个字段的标识必须不同' },
      {
        field: 'body.schema.components.2.type',
        message: '组件类型「button」不受支持（可用：文本类输入、数字、复选框、单选、下拉、多选、标签、日期时间、说明文字、分组等）',
      },
    ]);
    assert.equal((await ctx.server.admin.get(`/api/forms/${formId}`)).status, 404);
    assert.deepEqual(await formAudits(ctx.server, formId), []);

    const badId = await ctx.server.admin.put('/api/forms/Bad_Id', { name: '表单', schema: sampleFormSchema('Bad_Id') });
    assert.equal(badId.status, 400);
    assert.deepEqual(fieldsOf(badId.body), ['params.formId']);
    const noName = await ctx.server.admin.put(`/api/forms/${formId}`, { schema: sampleFormSchema(formId) });
    assert.equal(noName.status, 400);
    assert.deepEqual(fieldsOf(noName.body), ['body.name']);
  });

  test('given subsidiary forms, then a subsidiary admin creates and edits its own, reads but cannot change group forms, and never sees another subsidiary’s', async () => {
    const subA = world.a.as.subsidiary_admin;
    const formId = 'test-sub-a';
    const created = await subA.put(`/api/forms/${formId}`, { name: '甲公司表单', schema: sampleFormSchema(formId) });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const own = await world.a.as.agent.get(`/api/forms/${formId}`);
    assert.equal(own.status, 200);
    assert.equal(own.body.owner.subsidiaryId, world.a.id);
    assert.equal(own.body.editable, false, 'an agent does not hold form:manage');
    assert.equal((await subA.get(`/api/forms/${formId}`)).body.editable, true);
    assert.equal((await subA.put(`/api/forms/${formId}`, { name: '甲公司表单', schema: sampleFormSchema(formId) })).body.version, 2);
    assert.equal((await subA.post(`/api/forms/${formId}/rollback`, { version: 1 })).body.version, 3);
    const audits = await formAudits(ctx.server, formId);
    assert.deepEqual(
      audits.map((a) => [a.action, Number(a.org_id)]),
      [
        ['form.create', world.a.id],
        ['form.save', world.a.id],
        ['form.rollback', world.a.id],
      ],
    );

    // Another subsidiary: not listed, not found, and its id is not free for them.
    for (const path of [`/api/forms/${formId}`, `/api/forms/${formId}/versions`, `/api/forms/${formId}/versions/1`]) {
      assert.equal((await world.b.as.agent.get(path)).status, 404, path);
    }
    const listB = await world.b.as.subsidiary_admin.get('/api/forms');
    assert.ok(!listB.body.items.some((f: { formId: string }) => f.formId === formId));
    assert.ok(listB.body.items.some((f: { formId: string }) => f.formId === 'ticket-dispatch'));
    const takeOver = await world.b.as.subsidiary_admin.put(`/api/forms/${formId}`, { name: '乙', schema: sampleFormSchema(formId) });
    assert.equal(takeOver.status, 409);
    assert.equal((await world.b.as.subsidiary_admin.post(`/api/forms/${formId}/rollback`, { version: 1 })).status, 404);
    // The group sees every form.
    assert.equal((await ctx.server.admin.get(`/api/forms/${formId}`)).status, 200);

    // Group forms are read-only to a subsidiary admin.
    const groupForm = await subA.get('/api/forms/ticket-handle');
    assert.equal(groupForm.status, 200);
    assert.equal(groupForm.body.editable, false);
    const denied = await subA.put('/api/forms/ticket-handle', { name: '处理', schema: groupForm.body.schema });
    assert.equal(denied.status, 403);
    assert.match(denied.body.message, /集团表单/);
    assert.equal((await subA.post('/api/forms/ticket-handle/rollback', { version: 1 })).status, 403);
    // Without form:manage no save at all.
    assert.equal((await world.a.as.agent.put(`/api/forms/${formId}`, { name: '甲', schema: sampleFormSchema(formId) })).status, 403);
    assert.equal((await subA.get('/api/forms/ticket-handle')).body.version, 1);
    assert.equal((await subA.get(`/api/forms/${formId}/versions`)).body.items.length, 3);
  });

  test('given many saves of one form at once, then every save gets its own version and none is lost', async () => {
    const formId = 'test-concurrent';
    assert.equal((await ctx.server.admin.put(`/api/forms/${formId}`, { name: '并发', schema: sampleFormSchema(formId) })).status, 200);
    // SQLite: at most three writers at once (see the page schemas' concurrency test).
    const n = ctx.dialect === 'sqlite' ? 3 : 8;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        ctx.server.admin.put(`/api/forms/${formId}`, { name: `并发${i}`, schema: sampleFormSchema(formId) }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      Array(n).fill(200),
    );
    assert.deepEqual(
      results.map((r) => r.body.version as number).sort((a, b) => a - b),
      Array.from({ length: n }, (_, i) => i + 2),
    );
    for (const [i, r] of results.entries()) {
      assert.equal((await ctx.server.admin.get(`/api/forms/${formId}/versions/${r.body.version}`)).body.name, `并发${i}`);
    }
  });

  test('given a user whose roles hold none of the form readers’ permissions, when they read forms, then 403', async () => {
    const role = await ctx.server.admin.post('/api/roles', {
      code: 'frm_dict_only',
      name: '只看字典',
      dataScope: 'subtree',
      permissions: ['dict:read'],
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const user = await ctx.server.admin.post('/api/users', {
      username: 'frm.dict.only',
      password: WORLD_PASSWORD,
      displayName: '只看字典',
      orgId: world.a.id,
      roleIds: [role.body.id],
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const client = await ctx.server.login('frm.dict.only', WORLD_PASSWORD);
    for (const path of [
      '/api/forms',
      '/api/forms/ticket-handle',
      '/api/forms/ticket-handle/versions',
      '/api/forms/ticket-handle/versions/1',
    ]) {
      const res = await client.get(path);
      assert.equal(res.status, 403, path);
      assert.equal(res.body.code, 'FORBIDDEN');
    }
  });

  test('given a task of a stored form, when the form gains a required field, then completing the task without it is refused at once (422 FORM_INVALID)', async () => {
    const formId = 'test-task-form';
    await storeForm(ctx.server.services, formId, '任务表单', null);
    const model = {
      processId: 'wl-test-form-task',
      bpmn: oneTaskBpmn('wl-test-form-task', formId, '<zeebe:assignmentDefinition candidateGroups="subsidiary-approver" />'),
    };
    const engine = ctx.server.services.engine;
    const task = await startTask(engine, world.a.code, model);
    const tasksPath = `/api/subsidiaries/${world.a.id}/tasks/${task.taskKey}`;
    const before = await world.a.as.subsidiary_admin.get(tasksPath);
    assert.equal(before.status, 200);
    assert.deepEqual((before.body.form.components as { key?: string }[]).map((c) => c.key).filter(Boolean), ['note']);

    const edited = sampleFormSchema(formId, [
      { type: 'textfield', id: 'Field_room', key: 'room', label: '房间号', validate: { required: true } },
    ]);
    assert.equal((await ctx.server.admin.put(`/api/forms/${formId}`, { name: '任务表单', schema: edited })).status, 200);

    const detail = await world.a.as.subsidiary_admin.get(tasksPath);
    assert.deepEqual(detail.body.form, edited);
    const refused = await world.a.as.subsidiary_admin.post(`${tasksPath}/complete`, { data: { note: '已上门' } });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'FORM_INVALID');
    assert.deepEqual(fieldsOf(refused.body), ['body.data.room']);
    assert.match(refused.body.details[0].message, /房间号/);
    assert.equal((await engine.getInstance(world.a.code, task.instanceKey))?.state, 'active');

    const done = await world.a.as.subsidiary_admin.post(`${tasksPath}/complete`, { data: { note: '已上门', room: '3-201' } });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal((await engine.getInstance(world.a.code, task.instanceKey))?.variables.room, '3-201');
  });

  test('given a form made at runtime, when a ticket type names it as intake form, then it is accepted; an unknown form id is refused', async () => {
    await storeForm(ctx.server.services, 'test-intake-custom', '自定义受理表单', null);
    const ok = await ctx.server.admin.post('/api/ticket-types', {
      code: 'frm_custom',
      name: '自定义表单类型',
      intakeFormId: 'test-intake-custom',
    });
    assert.ok(ok.status === 201, JSON.stringify(ok.body));
    const bad = await ctx.server.admin.post('/api/ticket-types', { code: 'frm_bad', name: '坏表单类型', intakeFormId: 'no-such-form' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.details, [{ field: 'body.intakeFormId', message: '表单 no-such-form 不存在' }]);
  });

  test('given a database from before form:manage existed, when the server starts again, then the subsidiary administrator role is granted it once', async () => {
    const db = ctx.server.services.dbs.group;
    const permissionsOf = async () => {
      const [row] = await db.query<{ permissions: string }>("SELECT permissions FROM roles WHERE code = 'subsidiary_admin'", {
        type: QueryTypes.SELECT,
      });
      return JSON.parse(row.permissions) as string[];
    };
    // given: the role and the grant record as an older version left them
    const older = (await permissionsOf()).filter((p) => p !== 'form:manage');
    await db.query("UPDATE roles SET permissions = ? WHERE code = 'subsidiary_admin'", { replacements: [JSON.stringify(older)] });
    await db.query("DELETE FROM builtin_role_grants WHERE role_code = 'subsidiary_admin' AND permission_code = 'form:manage'");
    // when
    await ensureInitialData(ctx.server.services);
    // then
    assert.ok((await permissionsOf()).includes('form:manage'));
    // and an administrator who takes it away later keeps it away
    await db.query("UPDATE roles SET permissions = ? WHERE code = 'subsidiary_admin'", { replacements: [JSON.stringify(older)] });
    await ensureInitialData(ctx.server.services);
    assert.ok(!(await permissionsOf()).includes('form:manage'));
  });
});
