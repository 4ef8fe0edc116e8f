import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './harness.js';

const TASK = {
  userTaskKey: '2251799813690001',
  name: '派单',
  state: 'CREATED',
  assignee: 'agent01',
  elementId: 'dispatch',
  candidateGroups: ['dispatchers'],
  candidateUsers: ['agent02'],
  processDefinitionId: 'ticket',
  creationDate: '2025-03-01T08:00:00.000Z',
  dueDate: '2025-03-02T08:00:00.000Z',
  tenantId: 'SUB01',
  processDefinitionVersion: 2,
  priority: 70,
  processInstanceKey: '2251799813686001',
  processDefinitionKey: '2251799813685100',
  elementInstanceKey: '2251799813690000',
  formKey: '2251799813684444',
};

describe('zeebe driver: 8.8 REST API (user tasks, incidents, instances) against a fake server', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    h.rest.on('POST', /^\/v2\/user-tasks\/(\d+)\/variables\/search$/, (_req, [key]) => ({
      items:
        key === TASK.userTaskKey
          ? [
              { variableKey: 'v1', name: 'address', value: '"幸福路1号"', isTruncated: false },
              { variableKey: 'v2', name: 'meter', value: '{"id":7,"reading":123.5}', isTruncated: false },
              { variableKey: 'v3', name: 'notes', value: '"long…', isTruncated: true },
            ]
          : [],
      page: { totalItems: 3 },
    }));
    h.rest.on('GET', '/v2/variables/v3', () => ({
      variableKey: 'v3',
      name: 'notes',
      value: JSON.stringify('long text '.repeat(50)),
      isTruncated: false,
    }));
    h.rest.on('GET', /^\/v2\/user-tasks\/(\d+)\/form$/, () => ({
      formKey: TASK.formKey,
      formId: 'dispatch-form',
      version: 1,
      tenantId: 'SUB01',
      schema: {},
    }));
  });
  after(async () => {
    await h.stop();
  });

  test('given a filter, when searching user tasks, then the 8.8 search filter is sent and tasks map with variables and form id', async () => {
    h.rest.on('POST', '/v2/user-tasks/search', () => ({
      items: [
        TASK,
        {
          ...TASK,
          userTaskKey: '2251799813690002',
          state: 'COMPLETED',
          assignee: undefined,
          completionDate: '2025-03-01T09:00:00.000Z',
          name: undefined,
        },
      ],
      page: { totalItems: 2 },
    }));
    const tasks = await h.engine.searchUserTasks({
      tenantId: 'SUB01',
      instanceKey: '2251799813686001',
      state: 'created',
      assignee: 'agent01',
      candidateGroup: 'dispatchers',
      candidateUser: 'agent02',
      elementId: 'dispatch',
    });
    const search = h.rest.requestsTo('POST', '/v2/user-tasks/search').at(-1)!;
    assert.deepEqual(search.body.filter, {
      tenantId: 'SUB01',
      processInstanceKey: '2251799813686001',
      state: 'CREATED',
      assignee: 'agent01',
      candidateGroup: 'dispatchers',
      candidateUser: 'agent02',
      elementId: 'dispatch',
    });
    assert.deepEqual(search.body.page, { from: 0, limit: 500 });
    assert.deepEqual(tasks[0], {
      taskKey: '2251799813690001',
      tenantId: 'SUB01',
      instanceKey: '2251799813686001',
      processId: 'ticket',
      elementId: 'dispatch',
      name: '派单',
      state: 'created',
      assignee: 'agent01',
      candidateGroups: ['dispatchers'],
      candidateUsers: ['agent02'],
      dueDate: '2025-03-02T08:00:00.000Z',
      followUpDate: null,
      priority: 70,
      formId: 'dispatch-form',
      createdAt: '2025-03-01T08:00:00.000Z',
      completedAt: null,
      variables: { address: '幸福路1号', meter: { id: 7, reading: 123.5 }, notes: 'long text '.repeat(50) },
    });
    assert.equal(tasks[1].state, 'completed');
    assert.equal(tasks[1].assignee, null);
    assert.equal(tasks[1].name, 'dispatch');
    assert.equal(tasks[1].completedAt, '2025-03-01T09:00:00.000Z');
    assert.equal(h.rest.requestsTo('GET', /\/form$/).length, 1, 'the form id is cached per form key');
  });

  test('given a variable filter, when searching user tasks, then 8.8 processInstanceVariables carry each value as JSON text', async () => {
    h.rest.on('POST', '/v2/user-tasks/search', () => ({ items: [], page: { totalItems: 0 } }));
    // when searching a business object's open tasks by its variables
    await h.engine.searchUserTasks({ tenantId: 'SUB01', state: 'created', variables: { ticketId: 7, code: 'A-1', urgent: true } });
    // then each variable is one name/value pair whose value is the JSON text Zeebe compares
    const search = h.rest.requestsTo('POST', '/v2/user-tasks/search').at(-1)!;
    assert.deepEqual(search.body.filter, {
      tenantId: 'SUB01',
      state: 'CREATED',
      processInstanceVariables: [
        { name: 'ticketId', value: '7' },
        { name: 'code', value: '"A-1"' },
        { name: 'urgent', value: 'true' },
      ],
    });
  });

  test("given a task key, when getting the task, then GET /v2/user-tasks/{key} answers it with variables and form id; unknown or another tenant's is undefined", async () => {
    h.rest.on('GET', /^\/v2\/user-tasks\/(\d+)$/, (_req, [key]) =>
      key === TASK.userTaskKey ? TASK : { status: 404, body: { title: 'NOT_FOUND', status: 404, detail: `no user task ${key}` } },
    );
    // when getting the task of its own tenant
    const task = await h.engine.getUserTask('SUB01', TASK.userTaskKey);
    // then the single-task endpoint was used (no search) and the task maps as in a search
    assert.equal(h.rest.requestsTo('GET', `/v2/user-tasks/${TASK.userTaskKey}`).length, 1);
    assert.equal(task?.taskKey, TASK.userTaskKey);
    assert.equal(task?.tenantId, 'SUB01');
    assert.equal(task?.assignee, 'agent01');
    assert.equal(task?.formId, 'dispatch-form');
    assert.deepEqual(task?.variables.meter, { id: 7, reading: 123.5 });
    // when the key is unknown (404) or the task belongs to another tenant
    assert.equal(await h.engine.getUserTask('SUB01', '2251799813699999'), undefined);
    assert.equal(await h.engine.getUserTask('SUB02', TASK.userTaskKey), undefined);
  });

  test('given the REST API fails getting a task (500), then the error is not hidden as "not found"', async () => {
    h.rest.on('GET', '/v2/user-tasks/2251799813690777', () => ({ status: 500, body: { title: 'INTERNAL', status: 500, detail: 'down' } }));
    await assert.rejects(h.engine.getUserTask('SUB01', '2251799813690777'));
  });

  test('given more tasks than one page, when searching, then pages are read until a short page', async () => {
    h.rest.on('POST', '/v2/user-tasks/search', (req) => {
      const from = req.body.page.from as number;
      const count = from === 0 ? 500 : 3;
      return { items: Array.from({ length: count }, (_, i) => ({ ...TASK, formKey: undefined, userTaskKey: String(10_000 + from + i) })) };
    });
    const tasks = await h.engine.searchUserTasks({ tenantId: 'SUB01' });
    assert.equal(tasks.length, 503);
    assert.deepEqual(
      h.rest
        .requestsTo('POST', '/v2/user-tasks/search')
        .slice(-2)
        .map((r) => r.body.page.from),
      [0, 500],
    );
  });

  test('when assigning, unassigning and completing, then the 8.8 endpoints get the assignee and the variables', async () => {
    await h.engine.assignUserTask('SUB01', TASK.userTaskKey, 'agent09');
    assert.deepEqual(h.rest.requestsTo('POST', `/v2/user-tasks/${TASK.userTaskKey}/assignment`).at(-1)!.body, {
      assignee: 'agent09',
      allowOverride: true,
      action: 'assign',
    });
    await h.engine.assignUserTask('SUB01', TASK.userTaskKey, null);
    assert.equal(h.rest.requestsTo('DELETE', `/v2/user-tasks/${TASK.userTaskKey}/assignee`).length, 1);
    await h.engine.completeUserTask('SUB01', TASK.userTaskKey, { result: '已修复', cost: 30 });
    assert.deepEqual(h.rest.requestsTo('POST', `/v2/user-tasks/${TASK.userTaskKey}/completion`).at(-1)!.body, {
      variables: { result: '已修复', cost: 30 },
      action: 'complete',
    });
  });

  test('given the REST API refuses a completion (409), then a CONFLICT ZeebeDriverError carries the problem detail', async () => {
    h.rest.on('POST', '/v2/user-tasks/1/completion', () => ({
      status: 409,
      body: { type: 'about:blank', title: 'INVALID_STATE', status: 409, detail: 'Task is not in state CREATED' },
    }));
    await assert.rejects(h.engine.completeUserTask('SUB01', '1'), (e: any) => {
      assert.equal(e.code, 'CONFLICT');
      assert.equal(e.operation, 'complete user task');
      assert.match(e.message, /HTTP 409: Task is not in state CREATED/);
      return true;
    });
  });

  test('given incidents, when listing with a filter, then the search is tenant-scoped and errors map to the neutral types', async () => {
    h.rest.on('POST', '/v2/incidents/search', () => ({
      items: [
        {
          incidentKey: '31',
          processInstanceKey: '2251799813686001',
          elementId: 'notify',
          errorType: 'JOB_NO_RETRIES',
          errorMessage: 'sms down',
          creationTime: '2025-03-01T10:00:00.000Z',
          state: 'ACTIVE',
          jobKey: '41',
          tenantId: 'SUB01',
        },
        {
          incidentKey: '32',
          processInstanceKey: '2251799813686001',
          elementId: 'gw',
          errorType: 'CONDITION_ERROR',
          errorMessage: 'no path',
          creationTime: '2025-03-01T10:01:00.000Z',
          state: 'PENDING',
          tenantId: 'SUB01',
        },
        {
          incidentKey: '33',
          processInstanceKey: '2251799813686001',
          elementId: 'call',
          errorType: 'CALLED_ELEMENT_ERROR',
          errorMessage: 'x',
          creationTime: '2025-03-01T10:02:00.000Z',
          state: 'RESOLVED',
          tenantId: 'SUB01',
        },
        {
          incidentKey: '34',
          processInstanceKey: '2251799813686001',
          elementId: 'end',
          errorType: 'UNHANDLED_ERROR_EVENT',
          errorMessage: 'y',
          creationTime: '2025-03-01T10:03:00.000Z',
          state: 'ACTIVE',
          tenantId: 'SUB01',
        },
        {
          incidentKey: '35',
          processInstanceKey: '2251799813686001',
          elementId: 'form',
          errorType: 'FORM_NOT_FOUND',
          errorMessage: 'z',
          creationTime: '2025-03-01T10:04:00.000Z',
          state: 'ACTIVE',
          tenantId: 'SUB01',
        },
      ],
    }));
    const incidents = await h.engine.listIncidents('SUB01', { instanceKey: '2251799813686001', state: 'active' });
    assert.deepEqual(h.rest.requestsTo('POST', '/v2/incidents/search').at(-1)!.body.filter, {
      tenantId: 'SUB01',
      processInstanceKey: '2251799813686001',
      state: 'ACTIVE',
    });
    assert.deepEqual(incidents[0], {
      incidentKey: '31',
      tenantId: 'SUB01',
      instanceKey: '2251799813686001',
      elementId: 'notify',
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'sms down',
      state: 'active',
      createdAt: '2025-03-01T10:00:00.000Z',
      jobKey: '41',
    });
    assert.deepEqual(
      incidents.map((i) => [i.errorType, i.state]),
      [
        ['JOB_NO_RETRIES', 'active'],
        ['EXPRESSION_ERROR', 'active'],
        ['CALLED_ELEMENT_ERROR', 'resolved'],
        ['UNHANDLED_ERROR', 'active'],
        ['ENGINE_ERROR', 'active'],
      ],
    );
  });

  test('given a job incident and fixed variables, when resolving, then variables are set on the element scope, retries updated, then ResolveIncident', async () => {
    h.rest.on('GET', '/v2/incidents/31', () => ({
      incidentKey: '31',
      processInstanceKey: '2251799813686001',
      elementInstanceKey: '2251799813686050',
      elementId: 'notify',
      errorType: 'JOB_NO_RETRIES',
      state: 'ACTIVE',
      jobKey: '41',
      tenantId: 'SUB01',
    }));
    const before = h.gateway.calls.length;
    await h.engine.resolveIncident('SUB01', '31', { variables: { phone: '13900000000' }, retries: 3 });
    const calls = h.gateway.calls.slice(before);
    assert.deepEqual(
      calls.map((c) => c.method),
      ['SetVariables', 'UpdateJobRetries', 'ResolveIncident'],
    );
    assert.equal(calls[0].request.elementInstanceKey, '2251799813686050');
    assert.equal(calls[0].request.local, false);
    assert.deepEqual(JSON.parse(calls[0].request.variables), { phone: '13900000000' });
    assert.equal(calls[1].request.jobKey, '41');
    assert.equal(calls[1].request.retries, 3);
    assert.equal(calls[2].request.incidentKey, '31');
  });

  test('given a job incident without a retries fix, when resolving, then the job gets one retry', async () => {
    const before = h.gateway.calls.length;
    await h.engine.resolveIncident('SUB01', '31');
    const calls = h.gateway.calls.slice(before);
    assert.deepEqual(
      calls.map((c) => [c.method, c.request.retries]),
      [
        ['UpdateJobRetries', 1],
        ['ResolveIncident', undefined],
      ],
    );
  });

  test('given an expression incident, when resolving with variables, then no job retries are touched', async () => {
    h.rest.on('GET', '/v2/incidents/32', () => ({
      incidentKey: '32',
      processInstanceKey: '2251799813686001',
      elementInstanceKey: '2251799813686060',
      errorType: 'CONDITION_ERROR',
      state: 'ACTIVE',
      tenantId: 'SUB01',
    }));
    const before = h.gateway.calls.length;
    await h.engine.resolveIncident('SUB01', '32', { variables: { route: 'A' } });
    assert.deepEqual(
      h.gateway.calls.slice(before).map((c) => c.method),
      ['SetVariables', 'ResolveIncident'],
    );
  });

  test('given an incident of another tenant, when resolving, then NOT_FOUND and nothing is sent to the gateway', async () => {
    const before = h.gateway.calls.length;
    await assert.rejects(h.engine.resolveIncident('SUB02', '31'), (e: any) => e.code === 'NOT_FOUND');
    assert.equal(h.gateway.calls.length, before);
  });

  test('given an instance, when reading it, then instance, root-scope variables and waiting elements are combined', async () => {
    h.rest.on('POST', '/v2/process-instances/search', (req) =>
      req.body.filter.processInstanceKey === '2251799813686001'
        ? {
            items: [
              {
                processInstanceKey: '2251799813686001',
                processDefinitionId: 'ticket',
                processDefinitionName: '工单',
                processDefinitionVersion: 2,
                processDefinitionKey: '2251799813685100',
                startDate: '2025-03-01T08:00:00.000Z',
                state: 'ACTIVE',
                hasIncident: true,
                tenantId: 'SUB01',
                parentProcessInstanceKey: '2251799813680000',
              },
            ],
          }
        : { items: [] },
    );
    h.rest.on('POST', '/v2/variables/search', () => ({
      items: [{ variableKey: 'a', name: 'customer', value: '"张三"', isTruncated: false, scopeKey: '2251799813686001' }],
    }));
    h.rest.on('POST', '/v2/element-instances/search', () => ({
      items: [
        { elementId: 'ticket', type: 'PROCESS', state: 'ACTIVE' },
        { elementId: 'sub', type: 'SUB_PROCESS', state: 'ACTIVE' },
        { elementId: 'dispatch', type: 'USER_TASK', state: 'ACTIVE' },
        { elementId: 'wait-visit', type: 'INTERMEDIATE_CATCH_EVENT', state: 'ACTIVE' },
      ],
    }));
    const info = await h.engine.getInstance('SUB01', '2251799813686001');
    assert.deepEqual(info, {
      instanceKey: '2251799813686001',
      processId: 'ticket',
      version: 2,
      definitionKey: '2251799813685100',
      tenantId: 'SUB01',
      state: 'incident',
      variables: { customer: '张三' },
      startedAt: '2025-03-01T08:00:00.000Z',
      endedAt: null,
      activeElementIds: ['dispatch', 'wait-visit'],
      parentInstanceKey: '2251799813680000',
    });
    assert.deepEqual(h.rest.requestsTo('POST', '/v2/process-instances/search').at(-1)!.body.filter, {
      processInstanceKey: '2251799813686001',
      tenantId: 'SUB01',
    });
    assert.deepEqual(h.rest.requestsTo('POST', '/v2/variables/search').at(-1)!.body.filter, {
      processInstanceKey: '2251799813686001',
      scopeKey: '2251799813686001',
      tenantId: 'SUB01',
    });
    assert.deepEqual(h.rest.requestsTo('POST', '/v2/element-instances/search').at(-1)!.body.filter, {
      processInstanceKey: '2251799813686001',
      state: 'ACTIVE',
      tenantId: 'SUB01',
    });
  });

  test('given an instance this engine just started that is not exported yet, when reading it, then the driver waits until it appears', async () => {
    let searches = 0;
    h.rest.on('POST', '/v2/process-instances/search', (req) => {
      if (req.body.filter.processInstanceKey !== '2251799813686001' || req.body.filter.tenantId !== 'SUB05') return { items: [] };
      searches += 1;
      if (searches < 3) return { items: [] };
      return {
        items: [
          {
            processInstanceKey: '2251799813686001',
            processDefinitionId: 'ticket',
            processDefinitionVersion: 3,
            processDefinitionKey: '2251799813685100',
            startDate: '2025-03-01T08:00:00.000Z',
            state: 'ACTIVE',
            tenantId: 'SUB05',
          },
        ],
      };
    });
    const ref = await h.engine.startInstance({ tenantId: 'SUB05', processId: 'ticket' });
    const info = await h.engine.getInstance('SUB05', ref.instanceKey);
    assert.equal(info?.instanceKey, '2251799813686001');
    assert.equal(searches, 3);
    const started = Date.now();
    assert.equal(await h.engine.getInstance('SUB06', ref.instanceKey), undefined, 'another tenant does not wait');
    assert.ok(Date.now() - started < 1000);
  });

  test('given an unknown instance (or one of another tenant), when reading it, then undefined', async () => {
    assert.equal(await h.engine.getInstance('SUB01', '999'), undefined);
  });
});
