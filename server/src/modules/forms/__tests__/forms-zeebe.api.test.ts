import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
// The Zeebe driver's own protocol fakes: a gRPC gateway and a REST API on 127.0.0.1 (no broker runs here).
import { FakeZeebeGateway, GrpcStatusError } from '../../../../../engine/src/drivers/zeebe/__tests__/fake-gateway.js';
import { FakeRestApi } from '../../../../../engine/src/drivers/zeebe/__tests__/fake-rest.js';
import { buildWorld, startSecondServer, startTestServer, TEST_DIALECTS, type TestServer, type World } from '../../../testing/index.js';
import { oneTaskBpmn } from '../../tasks/__tests__/task-samples.js';
import { sampleFormSchema } from './form-samples.js';

const GROUP = '<default>';
const INVALID_ARGUMENT = 3;

interface DeployCall {
  tenantId: string;
  resources: { name: string; content: string }[];
}

/** Like Zeebe: a `.bpmn` resource deploys a process, a `.form` resource a form (no process). */
function answerDeploysLikeZeebe(gateway: FakeZeebeGateway) {
  gateway.answer('DeployResource', (req) => ({
    key: '2251799813685000',
    tenantId: req.tenantId,
    deployments: (req.resources as { name: string; content: Buffer }[]).map((r, i) =>
      r.name.endsWith('.form')
        ? {
            form: {
              formId: r.name.slice(0, -5),
              version: 1,
              formKey: String(2251799813685500 + i),
              resourceName: r.name,
              tenantId: req.tenantId,
            },
          }
        : {
            process: {
              bpmnProcessId: /<bpmn:process[^>]*\sid="([^"]+)"/.exec(r.content.toString('utf8'))?.[1] ?? `p${i}`,
              version: 1,
              processDefinitionKey: String(2251799813685100 + i),
              resourceName: r.name,
              tenantId: req.tenantId,
            },
          },
    ),
  }));
}

const deployCalls = (gateway: FakeZeebeGateway): DeployCall[] =>
  gateway.callsOf('DeployResource').map((c) => ({
    tenantId: c.request.tenantId as string,
    resources: (c.request.resources as { name: string; content: Buffer }[]).map((r) => ({
      name: r.name,
      content: Buffer.from(r.content).toString('utf8'),
    })),
  }));

/** Per tenant, the content of the last deployed `${formId}.form` resource among calls after `from`. */
function deployedForm(gateway: FakeZeebeGateway, formId: string, from = 0): Map<string, string> {
  const out = new Map<string, string>();
  for (const call of deployCalls(gateway).slice(from))
    for (const r of call.resources) if (r.name === `${formId}.form`) out.set(call.tenantId, r.content);
  return out;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

for (const dialect of TEST_DIALECTS) {
  describe(`forms on the Zeebe driver (fake gateway) [${dialect}]`, () => {
    const gateway = new FakeZeebeGateway();
    const rest = new FakeRestApi();
    let server: TestServer;
    let world: World;
    let allTenants: string[];

    const stored = async (formId: string) => {
      const res = await server.admin.get(`/api/forms/${formId}`);
      assert.equal(res.status, 200);
      return res.body as { version: number; schema: Record<string, unknown> };
    };

    before(async () => {
      const [grpcAddress, restAddress] = await Promise.all([gateway.start(), rest.start()]);
      answerDeploysLikeZeebe(gateway);
      server = await startTestServer(dialect, {
        WARMLINE_ENGINE_DRIVER: 'zeebe',
        ZEEBE_ADDRESS: grpcAddress,
        ZEEBE_REST_ADDRESS: restAddress,
        ZEEBE_REQUEST_TIMEOUT_MS: '3000',
      });
      world = await buildWorld(server, 'zf');
      allTenants = sorted([GROUP, world.a.code, world.b.code]);
    });
    after(async () => {
      await server?.destroy();
      await Promise.all([gateway.stop(), rest.stop()]);
    });

    test('given a fresh start, when the shipped models are deployed, then the group tenant gets each stored form at its current version', async () => {
      // given the server started on the fake gateway (no subsidiary yet at that time)
      const atStart = deployedForm(gateway, 'ticket-dispatch');
      // then the form deployed is the stored current version, not something else
      assert.deepEqual(sorted(atStart.keys()), [GROUP]);
      assert.deepEqual(JSON.parse(atStart.get(GROUP)!), (await stored('ticket-dispatch')).schema);
    });

    test('given an edited group form, when saved and then rolled back, then each current version is deployed to the group and every subsidiary tenant', async () => {
      const formId = 'zf-group-form';
      // when a group form is saved twice
      let from = gateway.callsOf('DeployResource').length;
      assert.equal((await server.admin.put(`/api/forms/${formId}`, { name: '零版', schema: sampleFormSchema(formId) })).status, 200);
      const v2 = sampleFormSchema(formId, [{ type: 'textfield', id: 'Field_more', key: 'more', label: '补充' }]);
      assert.equal((await server.admin.put(`/api/forms/${formId}`, { name: '一版', schema: v2 })).status, 200);
      // then every tenant got version 2 (the last deploy per tenant)
      let deployed = deployedForm(gateway, formId, from);
      assert.deepEqual(sorted(deployed.keys()), allTenants);
      for (const content of deployed.values()) assert.deepEqual(JSON.parse(content), v2);
      assert.deepEqual((await stored(formId)).schema, v2);

      // when rolled back to version 1
      from = gateway.callsOf('DeployResource').length;
      const rb = await server.admin.post(`/api/forms/${formId}/rollback`, { version: 1 });
      assert.equal(rb.status, 200);
      // then version 3 (a copy of 1) is what every tenant gets
      deployed = deployedForm(gateway, formId, from);
      assert.deepEqual(sorted(deployed.keys()), allTenants);
      const current = await stored(formId);
      assert.equal(current.version, 3);
      assert.deepEqual(current.schema, sampleFormSchema(formId));
      for (const content of deployed.values()) assert.deepEqual(JSON.parse(content), current.schema);
    });

    test("given a subsidiary's own form, when saved, then only that subsidiary's tenant gets it", async () => {
      const formId = 'zf-sub-form';
      const from = gateway.callsOf('DeployResource').length;
      const res = await world.a.as.subsidiary_admin.put(`/api/forms/${formId}`, { name: '分公司表单', schema: sampleFormSchema(formId) });
      assert.equal(res.status, 200);
      const deployed = deployedForm(gateway, formId, from);
      assert.deepEqual(sorted(deployed.keys()), [world.a.code]);
      assert.deepEqual(JSON.parse(deployed.get(world.a.code)!), (await stored(formId)).schema);
    });

    test('given the gateway refuses forms, when a form is saved, then the version is kept, the answer says so in Chinese, and saving again deploys it', async () => {
      const formId = 'zf-refused-form';
      gateway.answer('DeployResource', () => {
        throw new GrpcStatusError(INVALID_ARGUMENT, 'refused by the test');
      });
      try {
        // when saving while Zeebe refuses
        const res = await server.admin.put(`/api/forms/${formId}`, { name: '被拒', schema: sampleFormSchema(formId) });
        // then a clear error naming the engine deploy …
        assert.equal(res.status, 503);
        assert.equal(res.body.code, 'ENGINE_UNAVAILABLE');
        assert.match(res.body.message, /表单已保存，但未能部署到流程引擎/);
        assert.deepEqual(
          res.body.details.map((d: { field: string }) => d.field),
          ['engine.deploy'],
        );
        // … and the saved version is not lost
        assert.equal((await stored(formId)).version, 1);
      } finally {
        answerDeploysLikeZeebe(gateway);
      }
      // when saving again (the retry) with Zeebe back
      const from = gateway.callsOf('DeployResource').length;
      const again = await server.admin.put(`/api/forms/${formId}`, { name: '被拒', schema: sampleFormSchema(formId), comment: '重新部署' });
      assert.equal(again.status, 200);
      const deployed = deployedForm(gateway, formId, from);
      assert.deepEqual(sorted(deployed.keys()), allTenants);
      assert.equal((await stored(formId)).version, 2);
    });

    test('given a process whose user task links a stored form, when uploaded, then the form is deployed with it; an unknown form is a 422 naming the task', async () => {
      const formId = 'zf-process-form';
      const schema = sampleFormSchema(formId, [{ type: 'number', id: 'Field_n', key: 'amount', label: '数量' }]);
      assert.equal((await server.admin.put(`/api/forms/${formId}`, { name: '流程表单', schema })).status, 200);
      const from = gateway.callsOf('DeployResource').length;
      // when deploying a process linking it
      const upload = (bpmn: string) => {
        const form = new FormData();
        form.append('file', new Blob([bpmn]), 'zf.bpmn');
        return server.admin.request('POST', '/api/process-definitions', form);
      };
      const ok = await upload(oneTaskBpmn('zf-with-form', formId, ''));
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      // then one deploy request holds the BPMN and the form's current version
      const [call] = deployCalls(gateway).slice(from);
      assert.equal(call.tenantId, GROUP);
      assert.deepEqual(
        call.resources.map((r) => r.name),
        ['zf.bpmn', `${formId}.form`],
      );
      assert.deepEqual(JSON.parse(call.resources[1].content), schema);
      assert.deepEqual(ok.body.processes, [{ processId: 'zf-with-form', version: 1 }]);

      // when the linked form does not exist
      const before = gateway.callsOf('DeployResource').length;
      const bad = await upload(oneTaskBpmn('zf-missing-form', 'zf-no-such-form', ''));
      // then 422 naming the user task, and nothing reaches Zeebe
      assert.equal(bad.status, 422);
      assert.equal(bad.body.code, 'MODEL_REJECTED');
      const detail = bad.body.details.find((d: { elementId: string }) => d.elementId === 'Work');
      assert.match(detail.message, /zf-no-such-form/);
      assert.equal(gateway.callsOf('DeployResource').length, before);
    });

    test('given an administrator edited a shipped form, when the server starts again, then Zeebe gets the edited version, not the file', async () => {
      const current = await stored('ticket-dispatch');
      const edited = {
        ...current.schema,
        components: [...(current.schema.components as unknown[]), { type: 'text', id: 'Text_zf', text: '补充说明' }],
      };
      assert.equal((await server.admin.put('/api/forms/ticket-dispatch', { name: '派单', schema: edited })).status, 200);
      const from = gateway.callsOf('DeployResource').length;
      // when a second server starts on the same databases
      const second = await startSecondServer(server);
      try {
        // then every tenant gets the edited version at start
        const deployed = deployedForm(gateway, 'ticket-dispatch', from);
        assert.deepEqual(sorted(deployed.keys()), allTenants);
        for (const content of deployed.values()) assert.deepEqual(JSON.parse(content), edited);
        // and a subsidiary's form goes to its tenant only
        assert.deepEqual(sorted(deployedForm(gateway, 'zf-sub-form', from).keys()), [world.a.code]);
      } finally {
        await second.close();
      }
    });
  });
}
