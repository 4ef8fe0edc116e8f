import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EngineEvent } from '../../../process-engine.js';
import { startHarness, type Harness } from './harness.js';

type Row = Record<string, any>;
type TaskEvent = Extract<EngineEvent, { task: unknown }>;
type IncidentEvent = Extract<EngineEvent, { incident: unknown }>;

/** Answers a search like the REST API: `{[dateField]: {$gte}}` filter, ascending sort, offset page. */
function searchOver(rows: () => Row[]) {
  return (req: { body: any }) => {
    const [[field, cond]] = Object.entries(req.body.filter ?? {}) as [string, any][];
    const since = typeof cond === 'object' && cond?.$gte ? Date.parse(cond.$gte) : -Infinity;
    const hits = rows()
      .filter((r) => r[field] !== undefined && Date.parse(r[field]) >= since)
      .sort((a, b) => Date.parse(a[field]) - Date.parse(b[field]));
    const { from = 0, limit = 100 } = req.body.page ?? {};
    return { items: hits.slice(from, from + limit), page: { totalItems: hits.length } };
  };
}

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

async function until(check: () => boolean, timeoutMs = 4000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('zeebe driver: onEvent by polling the REST API', () => {
  let h: Harness;
  const instances: Row[] = [];
  const tasks: Row[] = [];
  const incidents: Row[] = [];
  const events: EngineEvent[] = [];
  let unsubscribe: () => void = () => undefined;

  before(async () => {
    h = await startHarness({ eventPollIntervalMs: 60, eventLagWindowMs: 5_000 });
    h.rest.on(
      'POST',
      '/v2/process-instances/search',
      searchOver(() => instances),
    );
    h.rest.on(
      'POST',
      '/v2/user-tasks/search',
      searchOver(() => tasks),
    );
    h.rest.on(
      'POST',
      '/v2/incidents/search',
      searchOver(() => incidents),
    );
    h.rest.on('POST', /^\/v2\/user-tasks\/\d+\/variables\/search$/, () => ({
      items: [{ variableKey: 'v', name: 'phone', value: '"138"', isTruncated: false }],
    }));
    h.rest.on(
      'GET',
      /^\/v2\/user-tasks\/(\d+)$/,
      (_req, [key]) => tasks.find((t) => t.userTaskKey === key) ?? { status: 404, body: { status: 404, title: 'NOT_FOUND' } },
    );
    h.rest.on(
      'GET',
      /^\/v2\/incidents\/(\d+)$/,
      (_req, [key]) => incidents.find((i) => i.incidentKey === key) ?? { status: 404, body: { status: 404, title: 'NOT_FOUND' } },
    );
    // Records from before the subscription.
    instances.push({
      processInstanceKey: '1',
      processDefinitionId: 'ticket',
      processDefinitionVersion: 1,
      processDefinitionKey: '9',
      startDate: iso(-2000),
      state: 'ACTIVE',
      tenantId: 'SUB01',
    });
    tasks.push({
      userTaskKey: '101',
      elementId: 'old',
      processDefinitionId: 'ticket',
      processInstanceKey: '1',
      creationDate: iso(-2000),
      state: 'CREATED',
      tenantId: 'SUB01',
    });
  });
  after(async () => {
    unsubscribe();
    await h.stop();
  });

  test('given a subscription, then records from before it are not delivered', async () => {
    unsubscribe = h.engine.onEvent((e) => events.push(e));
    await until(() => h.rest.requestsTo('POST', '/v2/incidents/search').length >= 2);
    assert.deepEqual(events, []);
  });

  test('when an instance starts, then instance.started is delivered exactly once', async () => {
    instances.push({
      processInstanceKey: '2',
      processDefinitionId: 'ticket',
      processDefinitionVersion: 3,
      processDefinitionKey: '9',
      startDate: iso(),
      state: 'ACTIVE',
      tenantId: 'SUB02',
    });
    await until(() => events.some((e) => e.type === 'instance.started'));
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      events.filter((e) => e.type === 'instance.started'),
      [{ type: 'instance.started', tenantId: 'SUB02', instanceKey: '2', processId: 'ticket', version: 3 }],
    );
  });

  test('when a user task is created, completed, or another canceled, then task.created / task.completed / task.canceled carry the mapped task', async () => {
    tasks.push({
      userTaskKey: '102',
      name: '回访',
      elementId: 'visit',
      processDefinitionId: 'ticket',
      processInstanceKey: '2',
      creationDate: iso(),
      state: 'CREATED',
      tenantId: 'SUB02',
      candidateGroups: ['visitors'],
    });
    await until(() => events.some((e) => e.type === 'task.created'));
    const created = events.find((e) => e.type === 'task.created') as TaskEvent;
    assert.equal(created.tenantId, 'SUB02');
    assert.equal(created.task.taskKey, '102');
    assert.equal(created.task.name, '回访');
    assert.deepEqual(created.task.candidateGroups, ['visitors']);
    assert.deepEqual(created.task.variables, { phone: '138' });

    Object.assign(tasks[1], { state: 'COMPLETED', completionDate: iso() });
    tasks.push({
      userTaskKey: '103',
      elementId: 'x',
      processDefinitionId: 'ticket',
      processInstanceKey: '2',
      creationDate: iso(),
      completionDate: iso(),
      state: 'CANCELED',
      tenantId: 'SUB02',
    });
    await until(() => events.some((e) => e.type === 'task.completed') && events.some((e) => e.type === 'task.canceled'));
    const completed = events.find((e) => e.type === 'task.completed') as TaskEvent;
    assert.equal(completed.task.taskKey, '102');
    assert.equal(completed.task.state, 'completed');
    assert.equal((events.find((e) => e.type === 'task.canceled') as TaskEvent).task.taskKey, '103');
  });

  test('when an incident is raised or an instance ends, then incident.raised and instance.ended are delivered', async () => {
    incidents.push({
      incidentKey: '301',
      processInstanceKey: '2',
      elementId: 'notify',
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'down',
      creationTime: iso(),
      state: 'ACTIVE',
      jobKey: '401',
      tenantId: 'SUB02',
    });
    Object.assign(instances[1], { state: 'TERMINATED', endDate: iso() });
    await until(() => events.some((e) => e.type === 'incident.raised') && events.some((e) => e.type === 'instance.ended'));
    const raised = events.find((e) => e.type === 'incident.raised') as IncidentEvent;
    assert.equal(raised.incident.incidentKey, '301');
    assert.equal(raised.incident.errorType, 'JOB_NO_RETRIES');
    assert.deepEqual(
      events.find((e) => e.type === 'instance.ended'),
      { type: 'instance.ended', tenantId: 'SUB02', instanceKey: '2', processId: 'ticket', state: 'terminated' },
    );
  });

  test('given a record exported late (older than the newest seen, inside the lag window), then it is still delivered', async () => {
    instances.push({
      processInstanceKey: '3',
      processDefinitionId: 'visit',
      processDefinitionVersion: 1,
      processDefinitionKey: '8',
      startDate: iso(-1500),
      state: 'ACTIVE',
      tenantId: 'SUB01',
    });
    await until(() => events.some((e) => e.type === 'instance.started' && e.instanceKey === '3'));
  });

  test('when a task is assigned or an incident resolved through the driver, then task.assigned and incident.resolved are emitted', async () => {
    await h.engine.assignUserTask('SUB02', '102', 'agent07');
    await h.engine.resolveIncident('SUB02', '301');
    await until(() => events.some((e) => e.type === 'task.assigned') && events.some((e) => e.type === 'incident.resolved'));
    const assigned = events.find((e) => e.type === 'task.assigned') as TaskEvent;
    assert.equal(assigned.task.taskKey, '102');
    assert.equal(assigned.task.assignee, 'agent07');
    const resolved = events.find((e) => e.type === 'incident.resolved') as IncidentEvent;
    assert.equal(resolved.incident.incidentKey, '301');
    assert.equal(resolved.incident.state, 'resolved');
  });

  test('when the last listener unsubscribes, then polling stops', async () => {
    unsubscribe();
    await new Promise((r) => setTimeout(r, 200));
    const count = h.rest.requests.length;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(h.rest.requests.length, count);
    assert.deepEqual(h.backgroundErrors, []);
  });
});
