import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type ApiClient, type World } from '../../../testing/index.js';
import { oneTaskBpmn } from '../../tasks/__tests__/task-samples.js';
import { storeForm } from '../../forms/__tests__/form-samples.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const unique = uniqueHex;

const upload = (client: ApiClient, bpmn: string) => {
  const form = new FormData();
  form.append('file', new Blob([bpmn]), 'forms.bpmn');
  return client.request('POST', '/api/process-definitions', form);
};

// The deploy check of linked forms on the embedded driver (the Zeebe side: forms/__tests__/forms-zeebe.api.test.ts).
describeEachDb('process deploy: the forms user tasks link', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'pdf');
  });

  test('given a stored group form, when a process linking it is deployed, then 201', async () => {
    const processId = `pdf_ok_${unique()}`;
    const res = await upload(ctx.server.admin, oneTaskBpmn(processId, 'ticket-dispatch', ''));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.processes, [{ processId, version: 1 }]);
  });

  test('given a form id nobody stored, when deployed, then 422 MODEL_REJECTED naming the user task and nothing is deployed', async () => {
    const processId = `pdf_missing_${unique()}`;
    const res = await upload(ctx.server.admin, oneTaskBpmn(processId, 'pdf-no-such-form', ''));
    assert.equal(res.status, 422);
    assert.equal(res.body.code, 'MODEL_REJECTED');
    assert.deepEqual(
      res.body.details.map((d: { elementId: string; field: string }) => [d.elementId, d.field]),
      [['Work', 'Work']],
    );
    assert.match(res.body.details[0].message, /表单「pdf-no-such-form」不存在/);
    const list = await ctx.server.admin.get('/api/process-definitions');
    assert.equal(list.status, 200);
    assert.ok(!JSON.stringify(list.body).includes(processId));
  });

  test("given a subsidiary's own form, when the group deploys a process linking it, then 422: the group cannot use it", async () => {
    const formId = `pdf-sub-${unique()}`;
    await storeForm(ctx.server.services, formId, '分公司表单', world.a.id);
    const res = await upload(ctx.server.admin, oneTaskBpmn(`pdf_sub_${unique()}`, formId, ''));
    assert.equal(res.status, 422);
    assert.equal(res.body.details[0].elementId, 'Work');
    assert.match(res.body.details[0].message, /本单位不能使用/);
  });
});
