import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { createZeebeEngine } from '../index.js';
import { startHarness } from './harness.js';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('zeebe driver: timeouts and unreachable servers', () => {
  test('given a gateway that never answers, when starting an instance, then a TIMEOUT error names the operation and the address within the request timeout', async () => {
    const h = await startHarness({ requestTimeoutMs: 400 });
    try {
      h.gateway.hang('CreateProcessInstance');
      const started = Date.now();
      await assert.rejects(h.engine.startInstance({ tenantId: 'SUB01', processId: 'ticket' }), (e: any) => {
        assert.equal(e.name, 'ZeebeDriverError');
        assert.equal(e.code, 'TIMEOUT');
        assert.equal(e.operation, 'start instance');
        assert.match(e.message, new RegExp(`no answer from the gateway at grpc://${h.gateway.address} within 400 ms`));
        return true;
      });
      const took = Date.now() - started;
      assert.ok(took >= 350 && took < 2500, `took ${took} ms`);
      assert.equal(h.gateway.callsOf('CreateProcessInstance').length, 1, 'the request did reach the gateway');
    } finally {
      await h.stop();
    }
  });

  test('given a REST API that never answers, when searching user tasks, then a TIMEOUT error names the REST API', async () => {
    const h = await startHarness({ requestTimeoutMs: 400 });
    try {
      h.rest.hang(/\/user-tasks\/search$/);
      await assert.rejects(h.engine.searchUserTasks({ tenantId: 'SUB01' }), (e: any) => {
        assert.equal(e.code, 'TIMEOUT');
        assert.equal(e.operation, 'search user tasks');
        assert.match(e.message, new RegExp(`no answer from the REST API at ${h.rest.address}/v2 within 400 ms`));
        return true;
      });
    } finally {
      await h.stop();
    }
  });

  test('given a job handler whose CompleteJob never gets an answer, when the engine closes, then close still returns', async () => {
    const h = await startHarness({ requestTimeoutMs: 500, tenantIds: ['SUB01'] });
    h.gateway.hang('CompleteJob');
    h.engine.registerWorker('stuck', async () => ({ outcome: 'complete' }));
    h.gateway.pushJob({
      key: '1',
      type: 'stuck',
      processInstanceKey: '2',
      bpmnProcessId: 'p',
      processDefinitionVersion: 1,
      processDefinitionKey: '3',
      elementId: 'e',
      elementInstanceKey: '4',
      customHeaders: '{}',
      retries: 3,
      deadline: String(Date.now() + 60_000),
      variables: '{}',
      tenantId: 'SUB01',
    });
    await h.gateway.waitForCall('CompleteJob');
    const started = Date.now();
    await h.stop();
    assert.ok(Date.now() - started < 5000, `close took ${Date.now() - started} ms`);
  });

  test('given nothing listens on the gateway port, when starting, then UNAVAILABLE (or TIMEOUT) comes back quickly with the address', async () => {
    const port = await closedPort();
    const engine = await createZeebeEngine({
      gatewayAddress: `127.0.0.1:${port}`,
      restAddress: `http://127.0.0.1:${port}`,
      requestTimeoutMs: 3000,
      logLevel: 'none',
    });
    try {
      const started = Date.now();
      await assert.rejects(engine.startInstance({ tenantId: 'SUB01', processId: 'ticket' }), (e: any) => {
        assert.ok(['UNAVAILABLE', 'TIMEOUT'].includes(e.code), e.code);
        assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
        return true;
      });
      assert.ok(Date.now() - started < 4000);
      await assert.rejects(engine.listIncidents('SUB01'), (e: any) => {
        assert.equal(e.code, 'UNAVAILABLE');
        assert.match(e.message, /cannot reach the REST API/);
        return true;
      });
    } finally {
      await engine.close();
    }
  });

  test('given verifyConnection and no gateway, when creating the engine, then it fails with a clear error', async () => {
    const port = await closedPort();
    await assert.rejects(
      createZeebeEngine({
        gatewayAddress: `127.0.0.1:${port}`,
        restAddress: `http://127.0.0.1:${port}`,
        requestTimeoutMs: 1500,
        verifyConnection: true,
        logLevel: 'none',
      }),
      (e: any) => {
        assert.equal(e.operation, 'topology');
        assert.match(e.message, /Zeebe topology/);
        return true;
      },
    );
  });

  test('given verifyConnection and a gateway, when creating the engine, then Topology is asked once', async () => {
    const h = await startHarness({ verifyConnection: true });
    try {
      assert.equal(h.gateway.callsOf('Topology').length, 1);
    } finally {
      await h.stop();
    }
  });
});
