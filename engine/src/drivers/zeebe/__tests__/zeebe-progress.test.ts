import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './harness.js';

const INSTANCE = {
  processInstanceKey: '2251799813687001',
  processDefinitionId: 'wl-ticket',
  processDefinitionName: '工单',
  processDefinitionVersion: 3,
  processDefinitionKey: '2251799813685200',
  startDate: '2025-03-01T08:00:00.000Z',
  tenantId: 'SUB01',
};

describe('zeebe driver: instance progress through the 8.8 REST API against a fake server', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.stop();
  });

  const answer = (state: string, elements: unknown[], flows: unknown[]) => {
    h.rest.on('POST', '/v2/process-instances/search', (req) =>
      req.body.filter.processInstanceKey === INSTANCE.processInstanceKey && req.body.filter.tenantId === 'SUB01'
        ? { items: [{ ...INSTANCE, state, hasIncident: false }] }
        : { items: [] },
    );
    h.rest.on('POST', '/v2/element-instances/search', () => ({ items: elements, page: { totalItems: elements.length } }));
    h.rest.on('GET', /^\/v2\/process-instances\/(\d+)\/sequence-flows$/, (_req, [key]) =>
      key === INSTANCE.processInstanceKey ? { items: flows } : { items: [] },
    );
  };

  test('given a running instance, when its progress is read, then completed elements, waiting elements and taken flows are mapped and the searches are filtered by instance and tenant', async () => {
    answer(
      'ACTIVE',
      [
        { elementId: 'wl-ticket', type: 'PROCESS', state: 'ACTIVE' },
        { elementId: 'start', type: 'START_EVENT', state: 'COMPLETED' },
        { elementId: 'intake', type: 'SERVICE_TASK', state: 'COMPLETED' },
        { elementId: 'dispatch', type: 'USER_TASK', state: 'COMPLETED' },
        { elementId: 'dispatch', type: 'USER_TASK', state: 'COMPLETED' },
        { elementId: 'station', type: 'SUB_PROCESS', state: 'ACTIVE' },
        { elementId: 'station-confirm', type: 'USER_TASK', state: 'ACTIVE' },
        { elementId: 'sla', type: 'BOUNDARY_EVENT', state: 'TERMINATED' },
      ],
      [
        { sequenceFlowId: 'x1', elementId: 'f-start' },
        { sequenceFlowId: 'x2', elementId: 'f-intake' },
        { sequenceFlowId: 'x3', elementId: 'f-intake' },
      ],
    );
    const progress = await h.engine.getInstanceProgress('SUB01', INSTANCE.processInstanceKey);
    assert.deepEqual(progress, {
      instanceKey: INSTANCE.processInstanceKey,
      processId: 'wl-ticket',
      version: 3,
      state: 'active',
      completedElementIds: ['dispatch', 'intake', 'start'],
      activeElementIds: ['station-confirm'],
      takenSequenceFlowIds: ['f-intake', 'f-start'],
    });
    assert.deepEqual(h.rest.requestsTo('POST', '/v2/element-instances/search').at(-1)!.body.filter, {
      processInstanceKey: INSTANCE.processInstanceKey,
      tenantId: 'SUB01',
    });
    assert.equal(h.rest.requestsTo('GET', `/v2/process-instances/${INSTANCE.processInstanceKey}/sequence-flows`).length, 1);
  });

  test('given a completed instance, when its progress is read, then the end event is completed and nothing is active', async () => {
    answer(
      'COMPLETED',
      [
        { elementId: 'wl-ticket', type: 'PROCESS', state: 'COMPLETED' },
        { elementId: 'start', type: 'START_EVENT', state: 'COMPLETED' },
        { elementId: 'end', type: 'END_EVENT', state: 'COMPLETED' },
      ],
      [{ elementId: 'f-end' }],
    );
    const progress = await h.engine.getInstanceProgress('SUB01', INSTANCE.processInstanceKey);
    assert.equal(progress?.state, 'completed');
    assert.deepEqual(progress?.completedElementIds, ['end', 'start']);
    assert.deepEqual(progress?.activeElementIds, []);
    assert.deepEqual(progress?.takenSequenceFlowIds, ['f-end']);
  });

  test("given another tenant's instance, when its progress is read, then the answer is undefined", async () => {
    answer('ACTIVE', [], []);
    assert.equal(await h.engine.getInstanceProgress('SUB02', INSTANCE.processInstanceKey), undefined);
  });
});
