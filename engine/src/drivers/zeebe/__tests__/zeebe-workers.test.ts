import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Job, JobOutcome } from '../../../process-engine.js';
import type { FakeActivatedJob } from './fake-gateway.js';
import { startHarness, type Harness } from './harness.js';

let nextKey = 5000;
function job(type: string, overrides: Partial<FakeActivatedJob> = {}): FakeActivatedJob {
  return {
    key: String(++nextKey),
    type,
    processInstanceKey: '2251799813686001',
    bpmnProcessId: 'ticket',
    processDefinitionVersion: 2,
    processDefinitionKey: '2251799813685100',
    elementId: 'notify',
    elementInstanceKey: '2251799813686050',
    customHeaders: '{"template":"sms-1","channel":"sms"}',
    retries: 3,
    deadline: String(Date.parse('2030-01-01T00:00:00.000Z')),
    variables: '{"phone":"13800000000","amount":12.5}',
    tenantId: '<default>',
    ...overrides,
  };
}

describe('zeebe driver: job workers against a fake gateway', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ tenantIds: ['SUB01'] });
  });
  after(async () => {
    await h.stop();
  });

  test('given a worker, when the gateway activates a job, then the handler sees it mapped and complete() sends CompleteJob with JSON variables', async () => {
    const seen: Job[] = [];
    const worker = h.engine.registerWorker(
      'send-sms',
      async (j) => {
        seen.push(j);
        return { outcome: 'complete', variables: { sent: true, count: 2 } };
      },
      { maxJobsActive: 4, timeoutMs: 45_000 },
    );
    try {
      const pushed = job('send-sms', { tenantId: 'SUB01' });
      h.gateway.pushJob(pushed);
      const done = await h.gateway.waitForCall('CompleteJob', (c) => c.request.jobKey === pushed.key);
      assert.deepEqual(JSON.parse(done.request.variables), { sent: true, count: 2 });
      assert.deepEqual(seen[0], {
        jobKey: pushed.key,
        tenantId: 'SUB01',
        type: 'send-sms',
        instanceKey: '2251799813686001',
        processId: 'ticket',
        elementId: 'notify',
        retries: 3,
        customHeaders: { template: 'sms-1', channel: 'sms' },
        variables: { phone: '13800000000', amount: 12.5 },
        deadline: '2030-01-01T00:00:00.000Z',
      });
      const activate = h.gateway.callsOf('ActivateJobs').find((c) => c.request.type === 'send-sms')!;
      assert.deepEqual(activate.request.tenantIds, ['SUB01']);
      assert.equal(activate.request.timeout, '45000');
      assert.ok(Number(activate.request.maxJobsToActivate) <= 4 && Number(activate.request.maxJobsToActivate) > 0);
      assert.equal(activate.request.requestTimeout, '2000');
    } finally {
      await worker.close();
    }
  });

  test('given a fail outcome with retries and back-off, then FailJob carries them; without retries one retry less is sent', async () => {
    const outcomes: JobOutcome[] = [
      { outcome: 'fail', errorMessage: '短信网关超时', retries: 5, retryBackoffMs: 30_000 },
      { outcome: 'fail', errorMessage: 'again' },
    ];
    const worker = h.engine.registerWorker('flaky', async () => outcomes.shift()!);
    try {
      const a = job('flaky', { tenantId: 'SUB01' });
      h.gateway.pushJob(a);
      const fa = await h.gateway.waitForCall('FailJob', (c) => c.request.jobKey === a.key);
      assert.equal(fa.request.retries, 5);
      assert.equal(fa.request.retryBackOff, '30000');
      assert.equal(fa.request.errorMessage, '短信网关超时');
      const b = job('flaky', { tenantId: 'SUB01', retries: 3 });
      h.gateway.pushJob(b);
      const fb = await h.gateway.waitForCall('FailJob', (c) => c.request.jobKey === b.key);
      assert.equal(fb.request.retries, 2);
      assert.equal(fb.request.retryBackOff, '0');
    } finally {
      await worker.close();
    }
  });

  test('given an error outcome, then ThrowError carries the BPMN error code, message and JSON variables', async () => {
    const worker = h.engine.registerWorker('check-account', async () => ({
      outcome: 'error',
      errorCode: 'ACCOUNT_CLOSED',
      errorMessage: '账户已销户',
      variables: { reason: 'closed' },
    }));
    try {
      const j = job('check-account', { tenantId: 'SUB01' });
      h.gateway.pushJob(j);
      const call = await h.gateway.waitForCall('ThrowError', (c) => c.request.jobKey === j.key);
      assert.equal(call.request.errorCode, 'ACCOUNT_CLOSED');
      assert.equal(call.request.errorMessage, '账户已销户');
      assert.deepEqual(JSON.parse(call.request.variables), { reason: 'closed' });
    } finally {
      await worker.close();
    }
  });

  test('given a handler that throws, then the job fails with its message and one retry less', async () => {
    const worker = h.engine.registerWorker('boom', async () => {
      throw new Error('database down');
    });
    try {
      const j = job('boom', { tenantId: 'SUB01', retries: 1 });
      h.gateway.pushJob(j);
      const call = await h.gateway.waitForCall('FailJob', (c) => c.request.jobKey === j.key);
      assert.equal(call.request.errorMessage, 'database down');
      assert.equal(call.request.retries, 0);
    } finally {
      await worker.close();
    }
  });

  test('given variables with a number beyond 2^53, when activated, then the handler still gets the job (no automatic failure)', async () => {
    const seen: Job[] = [];
    const worker = h.engine.registerWorker('bigint', async (j) => {
      seen.push(j);
      return { outcome: 'complete' };
    });
    try {
      const j = job('bigint', {
        tenantId: 'SUB01',
        variables: '{"orderKey":2251799813685249123,"ratio":0.3333333333333333,"list":[1,{"x":2}]}',
      });
      h.gateway.pushJob(j);
      await h.gateway.waitForCall('CompleteJob', (c) => c.request.jobKey === j.key);
      assert.equal(h.gateway.callsOf('FailJob').filter((c) => c.request.jobKey === j.key).length, 0);
      assert.equal(seen[0].variables.orderKey, Number('2251799813685249123'));
      assert.equal(seen[0].variables.ratio, 0.3333333333333333);
      assert.deepEqual(seen[0].variables.list, [1, { x: 2 }]);
    } finally {
      await worker.close();
    }
  });

  test('given a running worker, when the engine meets a new tenant, then the next ActivateJobs includes it', async () => {
    const worker = h.engine.registerWorker('multi-tenant', async () => ({ outcome: 'complete' }));
    try {
      await h.gateway.waitForCall('ActivateJobs', (c) => c.request.type === 'multi-tenant');
      await h.engine.startInstance({ tenantId: 'SUB07', processId: 'ticket' });
      const j = job('multi-tenant', { tenantId: 'SUB07' });
      h.gateway.pushJob(j);
      await h.gateway.waitForCall('CompleteJob', (c) => c.request.jobKey === j.key, 8000);
      const polls = h.gateway.callsOf('ActivateJobs').filter((c) => c.request.type === 'multi-tenant');
      assert.ok(polls.some((c) => c.request.tenantIds.includes('SUB07') && c.request.tenantIds.includes('SUB01')));
    } finally {
      await worker.close();
    }
  });

  test('given a closed worker, when a job is queued, then it is not activated any more', async () => {
    let handled = 0;
    const worker = h.engine.registerWorker('closing', async () => {
      handled++;
      return { outcome: 'complete' };
    });
    await h.gateway.waitForCall('ActivateJobs', (c) => c.request.type === 'closing');
    await worker.close();
    const pollsAtClose = h.gateway.callsOf('ActivateJobs').filter((c) => c.request.type === 'closing').length;
    h.gateway.pushJob(job('closing', { tenantId: 'SUB01' }));
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(handled, 0);
    assert.equal(h.gateway.callsOf('ActivateJobs').filter((c) => c.request.type === 'closing').length, pollsAtClose);
  });
});
