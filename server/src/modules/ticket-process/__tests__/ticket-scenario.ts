import assert from 'node:assert/strict';
import type { InstanceInfo, UserTask, Variables } from '@warmline/engine';
import type { ApiClient, ApiResponse, TestServer, World, WorldSubsidiary } from '../../../testing/index.js';
import type { TenantHandle } from '../../../tenancy/tenant-handle.js';
import { startTicketProcesses } from '../ticket-process.service.js';
import type { TicketStart } from '../ticket-start.schema.js';
import { ticketProcessDeps } from '../ticket-process.deps.js';

let nextTicketId = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `probe` answers something (default 8 s); fails the test with `what` otherwise. */
import { eventually } from '../../../testing/eventually.js';

export { eventually };

/**
 * One ticket driven through the shipped models on the real server: its processes started the way
 * the ticket API will start them, every task completed through the task API as the person whose
 * task it is (so forms and candidate groups are enforced), messages published to the engine.
 */
export class TicketScenario {
  readonly ticketId = nextTicketId++;
  ticketInstanceKey = '';

  constructor(
    readonly server: TestServer,
    readonly world: World,
    readonly sub: WorldSubsidiary,
  ) {}

  get engine() {
    return this.server.services.engine;
  }

  get tenantId() {
    return this.sub.code;
  }

  async tenant(): Promise<TenantHandle> {
    return this.server.services.tenants.byId(this.sub.id);
  }

  async start(overrides: Partial<TicketStart> = {}): Promise<this> {
    const started = await startTicketProcesses(
      this.server.services,
      await this.tenant(),
      {
        ticketId: this.ticketId,
        ticketNo: `T${this.ticketId}`,
        ticketType: 'repair',
        urgency: 'normal',
        source: 'phone',
        agentId: this.sub.userIds.agent,
        ...overrides,
      },
      ticketProcessDeps(this.server.services),
    );
    this.ticketInstanceKey = started.ticketInstanceKey;
    return this;
  }

  /** The open user task `elementId` of this ticket (in its own instance or a called approval). */
  async task(elementId: string): Promise<UserTask> {
    return eventually(`open task ${elementId} of ticket ${this.ticketId}`, async () => {
      const tasks = await this.engine.searchUserTasks({ tenantId: this.tenantId, state: 'created', elementId });
      return tasks.find((t) => t.variables.ticketId === this.ticketId);
    });
  }

  /** No open task `elementId` for this ticket right now (after the engine settled). */
  async noTask(elementId: string): Promise<void> {
    await sleep(150);
    const tasks = await this.engine.searchUserTasks({ tenantId: this.tenantId, state: 'created', elementId });
    assert.equal(tasks.filter((t) => t.variables.ticketId === this.ticketId).length, 0, `ticket ${this.ticketId} has no open ${elementId}`);
  }

  /** Complete the task through `POST …/tasks/:taskKey/complete` as `who`; expects 2xx unless told. */
  async complete(elementId: string, data: Variables, who: ApiClient, expected = 200): Promise<ApiResponse> {
    const task = await this.task(elementId);
    const res = await who.post(`/api/subsidiaries/${this.sub.id}/tasks/${task.taskKey}/complete`, { data });
    if (expected !== undefined) assert.equal(res.status, expected, `${elementId}: ${JSON.stringify(res.body)}`);
    return res;
  }

  async publish(name: string, variables: Variables = {}): Promise<void> {
    await this.engine.publishMessage({
      tenantId: this.tenantId,
      name,
      correlationKey: String(this.ticketId),
      variables,
      timeToLiveMs: 10_000,
    });
  }

  async instance(): Promise<InstanceInfo> {
    const info = await this.engine.getInstance(this.tenantId, this.ticketInstanceKey);
    assert.ok(info, 'ticket instance exists');
    return info;
  }

  async vars(): Promise<Variables> {
    return (await this.instance()).variables;
  }

  /** Wait until the ticket's instance has ended; answers its final state. */
  async ended(): Promise<InstanceInfo> {
    return eventually(`ticket ${this.ticketId} to end`, async () => {
      const info = await this.instance();
      return info.state === 'completed' || info.state === 'terminated' ? info : undefined;
    });
  }

  /** Wait until the ticket instance waits in `elementId`. */
  async at(elementId: string): Promise<void> {
    await eventually(`ticket ${this.ticketId} at ${elementId}`, async () => (await this.instance()).activeElementIds.includes(elementId));
  }

  // -- the common steps, as the people who do them -------------------------------------------

  as(role: string): ApiClient {
    const client = this.sub.as[role];
    assert.ok(client, `a ${role} of ${this.sub.code}`);
    return client;
  }

  get worker(): number {
    return this.sub.userIds.repair_worker;
  }

  dispatch() {
    return this.complete('dispatch', { stationId: this.sub.stationId, dispatchNote: '请尽快上门' }, this.as('agent'));
  }

  assign(workerId = this.worker) {
    return this.complete('station-confirm', { confirmDecision: 'assign', workerId }, this.as('station_head'));
  }

  accept() {
    return this.complete('worker-accept', { acceptDecision: 'accept' }, this.as('repair_worker'));
  }

  handleResolved() {
    return this.complete(
      'handle',
      {
        handleResult: 'resolved',
        resultDescription: '更换暖气阀门，室温恢复',
        durationMinutes: 45,
        indoorTemperature: 20.5,
        satisfaction: 'satisfied',
      },
      this.as('repair_worker'),
    );
  }

  callback(callbackOutcome: string, extra: Variables = {}) {
    return this.complete('callback', { callbackOutcome, callbackNote: '已电话回访', ...extra }, this.as('agent'));
  }

  /** Decide the open approval step as the approver of `level`. */
  approve(level: 'station' | 'subsidiary' | 'group', decision: 'approve' | 'reject') {
    const who = level === 'station' ? this.as('station_head') : level === 'subsidiary' ? this.as('subsidiary_admin') : this.server.admin;
    return this.complete('approve', decision === 'approve' ? { decision } : { decision, comment: '理由不充分，驳回' }, who);
  }

  /** Override the subsidiary's approval chains (the next started ticket uses them). */
  async chains(chains: Record<string, string[]>): Promise<void> {
    const res = await this.server.admin.put(`/api/subsidiaries/${this.sub.id}/approval-chains`, { chains, reason: '场景测试设置审批链' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
}
