import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { GROUP_TENANT, ModelRejectedError } from '../../../process-engine.js';
import { BUSINESS_KEY_VARIABLE } from '../index.js';
import { GrpcStatusError } from './fake-gateway.js';
import { startHarness, type Harness } from './harness.js';

const BPMN = (id: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="${id}" isExecutable="true"/></bpmn:definitions>`;

describe('zeebe driver: gRPC commands against a fake gateway', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.stop();
  });

  test('given two BPMN files, when deployed for a subsidiary, then DeployResource carries the tenant and the contents and the answer maps to processes', async () => {
    const deployed = await h.engine.deploy('SUB01', [
      { name: 'ticket.bpmn', content: BPMN('ticket') },
      { name: 'visit.bpmn', content: BPMN('visit') },
    ]);
    const call = h.gateway.callsOf('DeployResource').at(-1)!;
    assert.equal(call.request.tenantId, 'SUB01');
    assert.deepEqual(
      call.request.resources.map((r: { name: string; content: Buffer }) => [r.name, r.content.toString('utf8')]),
      [
        ['ticket.bpmn', BPMN('ticket')],
        ['visit.bpmn', BPMN('visit')],
      ],
    );
    assert.deepEqual(deployed, [
      { processId: 'ticket', version: 1, definitionKey: '2251799813685100', resourceName: 'ticket.bpmn' },
      { processId: 'visit', version: 1, definitionKey: '2251799813685101', resourceName: 'visit.bpmn' },
    ]);
  });

  test("given the group tenant, when deploying, then Zeebe's default tenant is used", async () => {
    await h.engine.deploy(GROUP_TENANT, [{ name: 'g.bpmn', content: BPMN('g') }]);
    assert.equal(h.gateway.callsOf('DeployResource').at(-1)!.request.tenantId, '<default>');
  });

  test('given Zeebe rejects a model per element, when deploying, then ModelRejectedError lists each element with both languages (a tenant refusal stays a driver error)', async () => {
    h.gateway.answer('DeployResource', () => {
      throw new GrpcStatusError(
        grpc.status.INVALID_ARGUMENT,
        "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n" +
          "'bad.bpmn':\n- Element: ServiceTask_1\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element\n- Element: Flow_2\n    - ERROR: Condition must be set\n",
      );
    });
    try {
      await assert.rejects(h.engine.deploy('SUB01', [{ name: 'bad.bpmn', content: BPMN('bad') }]), (e: unknown) => {
        assert.ok(e instanceof ModelRejectedError);
        assert.deepEqual(
          e.problems.map((p) => p.elementId),
          ['ServiceTask_1', 'Flow_2'],
        );
        assert.match(e.problems[0].reasonEn, /exactly one 'zeebe:taskDefinition'/);
        assert.match(e.problems[0].reason, /Zeebe 拒绝部署该元素/);
        return true;
      });
      h.gateway.answer('DeployResource', () => {
        throw new GrpcStatusError(grpc.status.INVALID_ARGUMENT, 'not XML at all');
      });
      await assert.rejects(h.engine.deploy('SUB01', [{ name: 'x.bpmn', content: 'nope' }]), (e: unknown) => {
        assert.ok(e instanceof ModelRejectedError);
        assert.equal(e.problems[0].elementId, '(document)');
        assert.match(e.problems[0].reasonEn, /not XML at all/);
        return true;
      });
      h.gateway.answer('DeployResource', () => {
        throw new GrpcStatusError(
          grpc.status.INVALID_ARGUMENT,
          "Expected to handle gRPC request DeployResource with tenant identifier 'SUB01', but multi-tenancy is disabled",
        );
      });
      await assert.rejects(h.engine.deploy('SUB01', [{ name: 'ok.bpmn', content: BPMN('ok') }]), (e: any) => {
        assert.equal(e.name, 'ZeebeDriverError');
        assert.equal(e.code, 'INVALID_ARGUMENT');
        assert.match(e.message, /multi-tenancy is disabled/);
        return true;
      });
    } finally {
      h.gateway.answer('DeployResource', () => ({ key: '1', deployments: [], tenantId: 'SUB01' }));
    }
  });

  test('given no version, when starting an instance, then CreateProcessInstance asks for the latest (-1) in the tenant with JSON variables', async () => {
    const ref = await h.engine.startInstance({
      tenantId: 'SUB01',
      processId: 'ticket',
      variables: { customer: '张三', amount: 12.5, tags: ['a'], nested: { ok: true } },
    });
    const req = h.gateway.callsOf('CreateProcessInstance').at(-1)!.request;
    assert.equal(req.bpmnProcessId, 'ticket');
    assert.equal(req.version, -1);
    assert.equal(req.tenantId, 'SUB01');
    assert.deepEqual(JSON.parse(req.variables), { customer: '张三', amount: 12.5, tags: ['a'], nested: { ok: true } });
    assert.deepEqual(ref, { instanceKey: '2251799813686001', processId: 'ticket', version: 3, definitionKey: '2251799813685100' });
  });

  test('given a pinned version, when starting, then that version is requested', async () => {
    await h.engine.startInstance({ tenantId: 'SUB01', processId: 'ticket', version: 2 });
    assert.equal(h.gateway.callsOf('CreateProcessInstance').at(-1)!.request.version, 2);
  });

  test('given a business key, when the same start is repeated (also concurrently), then one instance is created and the key travels as a variable', async () => {
    const before = h.gateway.callsOf('CreateProcessInstance').length;
    const input = { tenantId: 'SUB01', processId: 'ticket', businessKey: 'T-2024-0001', variables: { a: 1 } };
    const [a, b] = await Promise.all([h.engine.startInstance(input), h.engine.startInstance(input)]);
    const c = await h.engine.startInstance(input);
    assert.deepEqual(a, b);
    assert.deepEqual(a, c);
    const creates = h.gateway.callsOf('CreateProcessInstance').slice(before);
    assert.equal(creates.length, 1);
    assert.deepEqual(JSON.parse(creates[0].request.variables), { a: 1, [BUSINESS_KEY_VARIABLE]: 'T-2024-0001' });
    const search = h.rest.requestsTo('POST', '/v2/process-instances/search').at(-1)!;
    assert.deepEqual(search.body.filter, {
      tenantId: 'SUB01',
      processDefinitionId: 'ticket',
      variables: [{ name: BUSINESS_KEY_VARIABLE, value: '"T-2024-0001"' }],
    });
  });

  test('given an instance with the business key already exists in Zeebe, when starting, then that instance is answered and none is created', async () => {
    h.rest.on('POST', '/v2/process-instances/search', (req) =>
      req.body.filter.variables
        ? {
            items: [
              {
                processInstanceKey: '777',
                processDefinitionId: 'ticket',
                processDefinitionVersion: 4,
                processDefinitionKey: '555',
                startDate: '2025-01-01T00:00:00.000Z',
                state: 'ACTIVE',
                tenantId: 'SUB02',
              },
            ],
          }
        : { items: [] },
    );
    const before = h.gateway.callsOf('CreateProcessInstance').length;
    const ref = await h.engine.startInstance({ tenantId: 'SUB02', processId: 'ticket', businessKey: 'T-9' });
    assert.deepEqual(ref, { instanceKey: '777', processId: 'ticket', version: 4, definitionKey: '555' });
    assert.equal(h.gateway.callsOf('CreateProcessInstance').length, before);
  });

  test('when cancelling and setting variables, then CancelProcessInstance and SetVariables (non-local, JSON) target the instance key', async () => {
    await h.engine.cancelInstance('SUB01', '2251799813686001');
    assert.equal(h.gateway.callsOf('CancelProcessInstance').at(-1)!.request.processInstanceKey, '2251799813686001');
    await h.engine.setVariables('SUB01', '2251799813686001', { status: '已受理', n: 3 });
    const req = h.gateway.callsOf('SetVariables').at(-1)!.request;
    assert.equal(req.elementInstanceKey, '2251799813686001');
    assert.equal(req.local, false);
    assert.deepEqual(JSON.parse(req.variables), { status: '已受理', n: 3 });
  });

  test('given a TTL and a message id, when publishing, then PublishMessage carries them and correlated is reported as not confirmed', async () => {
    const res = await h.engine.publishMessage({
      tenantId: 'SUB01',
      name: 'visit-done',
      correlationKey: 'T-1',
      variables: { ok: true },
      timeToLiveMs: 60_000,
      messageId: 'msg-1',
    });
    const req = h.gateway.callsOf('PublishMessage').at(-1)!.request;
    assert.equal(req.name, 'visit-done');
    assert.equal(req.correlationKey, 'T-1');
    assert.equal(req.timeToLive, '60000');
    assert.equal(req.messageId, 'msg-1');
    assert.equal(req.tenantId, 'SUB01');
    assert.deepEqual(JSON.parse(req.variables), { ok: true });
    assert.deepEqual(res, { messageKey: '2251799813688001', correlated: false });
  });

  test('given TTL 0 or no TTL, when publishing, then the REST correlation endpoint is used and tells whether it correlated', async () => {
    h.rest.on('POST', '/v2/messages/correlation', (req) =>
      req.body.correlationKey === 'hit'
        ? { messageKey: '9001', processInstanceKey: '42', tenantId: 'SUB01' }
        : { status: 404, body: { title: 'NOT_FOUND', status: 404, detail: 'no subscription' } },
    );
    const publishesBefore = h.gateway.callsOf('PublishMessage').length;
    assert.deepEqual(
      await h.engine.publishMessage({ tenantId: 'SUB01', name: 'm', correlationKey: 'hit', variables: { v: 1 }, timeToLiveMs: 0 }),
      { messageKey: '9001', correlated: true },
    );
    assert.deepEqual(await h.engine.publishMessage({ tenantId: 'SUB01', name: 'm', correlationKey: 'miss' }), {
      messageKey: '',
      correlated: false,
    });
    assert.equal(h.gateway.callsOf('PublishMessage').length, publishesBefore);
    assert.deepEqual(h.rest.requestsTo('POST', '/v2/messages/correlation')[0].body, {
      name: 'm',
      correlationKey: 'hit',
      variables: { v: 1 },
      tenantId: 'SUB01',
    });
  });

  test('when broadcasting a signal, then BroadcastSignal carries name, tenant and JSON variables', async () => {
    await h.engine.broadcastSignal('SUB03', 'outage', { area: 'A1' });
    const req = h.gateway.callsOf('BroadcastSignal').at(-1)!.request;
    assert.equal(req.signalName, 'outage');
    assert.equal(req.tenantId, 'SUB03');
    assert.deepEqual(JSON.parse(req.variables), { area: 'A1' });
  });

  test('given a tenant id Zeebe cannot accept, when calling, then it is refused before any request', async () => {
    const before = h.gateway.calls.length;
    await assert.rejects(h.engine.startInstance({ tenantId: 'has space', processId: 'x' }), /Zeebe tenant id "has space" is invalid/);
    await assert.rejects(h.engine.deploy('x'.repeat(32), []), /invalid/);
    assert.equal(h.gateway.calls.length, before);
  });

  test('given the gateway answers NOT_FOUND, when cancelling, then a ZeebeDriverError with code NOT_FOUND names the operation', async () => {
    h.gateway.answer('CancelProcessInstance', () => {
      throw new GrpcStatusError(grpc.status.NOT_FOUND, "Expected to cancel a process instance with key '1', but no such process was found");
    });
    await assert.rejects(h.engine.cancelInstance('SUB01', '1'), (e: any) => {
      assert.equal(e.name, 'ZeebeDriverError');
      assert.equal(e.code, 'NOT_FOUND');
      assert.equal(e.operation, 'cancel instance');
      assert.match(e.message, /NOT_FOUND: Expected to cancel a process instance/);
      return true;
    });
  });

  test('given the requests carry no credentials, then no authorization value is sent', () => {
    const meta = h.gateway.callsOf('CreateProcessInstance')[0].metadata;
    assert.ok(!meta.authorization, `unexpected authorization ${meta.authorization}`);
  });
});
