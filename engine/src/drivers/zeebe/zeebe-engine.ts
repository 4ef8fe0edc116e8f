/**
 * ProcessEngine on Camunda 8.8 / Zeebe: commands through the gRPC gateway (ZeebeGrpcClient), user
 * tasks, incidents and instance reads through the 8.8 REST API (CamundaRestClient). Each subsidiary
 * is a Zeebe tenant; GROUP_TENANT is Zeebe's `<default>` tenant. See README "Zeebe driver" for what
 * differs from the embedded driver.
 */
import type * as Camunda from '@camunda8/sdk';
import {
  ModelRejectedError,
  type DeployedProcess,
  type DeployResource,
  type EngineEvent,
  type Incident,
  type ProcessDefinitionInfo,
  type InstanceInfo,
  type InstanceProgress,
  type InstanceRef,
  type JobHandler,
  type ProcessEngine,
  type PublishMessageInput,
  type StartInstanceInput,
  type UserTask,
  type UserTaskFilter,
  type Variables,
  type WorkerHandle,
  type WorkerOptions,
} from '../../process-engine.js';
import { guarded, ZeebeDriverError, type CallTarget } from './zeebe-errors.js';
import { BUSINESS_KEY_VARIABLE, BusinessKeyStarts } from './zeebe-business-key.js';
import { eventSources } from './zeebe-event-sources.js';
import { EventPoller } from './zeebe-events.js';
import {
  activeWaitElementIds,
  mapDeployment,
  mapIncident,
  mapInstance,
  parseDeployRejection,
  userTaskSearchFilter,
  type RestIncident,
  type RestProcessInstance,
  type RestUserTask,
} from './zeebe-mappers.js';
import { countRunning, definitionXml, searchDefinitions } from './zeebe-definitions.js';
import { assertZeebeTenant, type ResolvedZeebeOptions } from './zeebe-options.js';
import { instanceProgress } from './zeebe-progress.js';
import type { ZeebeRest } from './zeebe-rest.js';
import { mapConcurrently, ZeebeReads } from './zeebe-reads.js';
import { startWorker } from './zeebe-workers.js';

const CONSISTENCY_POLL_MS = 200;
const RECENT_STARTS_MAX = 10_000;

type ZeebeGrpcClient = InstanceType<typeof Camunda.Zeebe.ZeebeGrpcClient>;

export interface ZeebeEngineParts {
  sdk: typeof Camunda;
  grpc: ZeebeGrpcClient;
  rest: ZeebeRest;
  restClient: Camunda.CamundaRestClient;
  options: ResolvedZeebeOptions;
  onBackgroundError: (e: Error) => void;
}

export class ZeebeEngine implements ProcessEngine {
  readonly driver = 'zeebe' as const;
  private readonly grpc: ZeebeGrpcClient;
  private readonly rest: ZeebeRest;
  private readonly gateway: CallTarget;
  private readonly timeoutMs: number;
  /** Shared with every worker (read by the SDK on each poll): tenants met later are appended. */
  private readonly workerTenants: string[];
  private readonly workers = new Set<WorkerHandle>();
  private readonly businessKeys: BusinessKeyStarts;
  /** Instances started by this engine (tenant/key → when), for read-your-writes in getInstance. */
  private readonly recentStarts = new Map<string, number>();
  private readonly reads: ZeebeReads;
  private readonly events: EventPoller;
  private closed = false;

  constructor(private readonly parts: ZeebeEngineParts) {
    this.grpc = parts.grpc;
    this.rest = parts.rest;
    this.reads = new ZeebeReads(parts.rest);
    this.businessKeys = new BusinessKeyStarts(parts.rest);
    this.timeoutMs = parts.options.requestTimeoutMs;
    this.gateway = { kind: 'gateway', address: parts.options.grpcAddress };
    this.workerTenants = [...parts.options.tenantIds];
    this.events = new EventPoller(
      this.rest,
      eventSources(this.reads),
      parts.options.eventPollIntervalMs,
      parts.options.eventLagWindowMs,
      parts.onBackgroundError,
    );
  }

  /** Topology request, used by createZeebeEngine({verifyConnection: true}). */
  async topology(): Promise<unknown> {
    return this.call('topology', () => this.grpc.topology());
  }

  async deploy(tenantId: string, resources: DeployResource[]): Promise<DeployedProcess[]> {
    const tenant = this.tenant(tenantId);
    if (resources.length === 0) return [];
    try {
      const response = await this.call('deploy', () =>
        this.grpc.deployResources(
          resources.map((r) => ({ name: r.name, process: Buffer.from(r.content, 'utf8') })),
          tenant,
        ),
      );
      return mapDeployment(response as unknown as Parameters<typeof mapDeployment>[0]);
    } catch (e) {
      if (e instanceof ZeebeDriverError && e.code === 'INVALID_ARGUMENT') {
        const details = (e.cause as { details?: string } | undefined)?.details ?? e.message;
        // A tenant the cluster does not accept is a configuration problem, not a model problem.
        if (!/multi-tenancy|tenant identifier|tenant id/i.test(details)) throw new ModelRejectedError(parseDeployRejection(details));
      }
      throw e;
    }
  }

  async listDefinitions(tenantId: string, options: { includeGroup?: boolean } = {}): Promise<ProcessDefinitionInfo[]> {
    return searchDefinitions(this.rest, this.tenant(tenantId), options.includeGroup === true);
  }

  async getDefinitionXml(tenantId: string, processId: string, version: number): Promise<string | undefined> {
    return definitionXml(this.rest, this.tenant(tenantId), processId, version);
  }

  async countRunningInstances(tenantId: string, definitionKeys: string[]): Promise<Record<string, number>> {
    return countRunning(this.rest, this.tenant(tenantId), definitionKeys);
  }

  async startInstance(input: StartInstanceInput): Promise<InstanceRef> {
    const tenant = this.tenant(input.tenantId);
    if (input.businessKey === undefined) return this.createInstance(tenant, input);
    return this.businessKeys.start(tenant, input.processId, input.businessKey, () => this.createInstance(tenant, input));
  }

  async cancelInstance(tenantId: string, instanceKey: string): Promise<void> {
    this.tenant(tenantId);
    await this.call('cancel instance', () => this.grpc.cancelProcessInstance(instanceKey));
  }

  async getInstance(tenantId: string, instanceKey: string): Promise<InstanceInfo | undefined> {
    const tenant = this.tenant(tenantId);
    const find = async () =>
      (
        await this.rest.searchPage<RestProcessInstance>('get instance', 'process-instances/search', {
          filter: { processInstanceKey: instanceKey, tenantId: tenant },
          page: { from: 0, limit: 1 },
        })
      )[0];
    let instance = await find();
    // Read-your-writes for instances this engine just started: wait (bounded) until exported.
    const startedAt = this.recentStarts.get(`${tenant}/${instanceKey}`);
    while (!instance && startedAt !== undefined && Date.now() - startedAt < this.parts.options.consistencyWaitMs) {
      await new Promise((r) => setTimeout(r, CONSISTENCY_POLL_MS));
      instance = await find();
    }
    if (!instance) return undefined;
    const [variables, elements] = await Promise.all([
      this.reads.scopeVariables('get instance variables', { processInstanceKey: instanceKey, scopeKey: instanceKey, tenantId: tenant }),
      this.rest.searchAll<{ elementId: string; type?: string }>('get instance elements', 'element-instances/search', {
        processInstanceKey: instanceKey,
        state: 'ACTIVE',
        tenantId: tenant,
      }),
    ]);
    return mapInstance(instance, variables, activeWaitElementIds(elements));
  }

  async getInstanceProgress(tenantId: string, instanceKey: string): Promise<InstanceProgress | undefined> {
    return instanceProgress(this.rest, this.tenant(tenantId), instanceKey);
  }

  async setVariables(tenantId: string, instanceKey: string, variables: Variables): Promise<void> {
    this.tenant(tenantId);
    await this.call('set variables', () =>
      this.grpc.setVariables({ elementInstanceKey: instanceKey, variables: asJson(variables), local: false }),
    );
  }

  async publishMessage(input: PublishMessageInput): Promise<{ messageKey: string; correlated: boolean }> {
    const tenant = this.tenant(input.tenantId);
    this.noteTenant(tenant);
    if (!input.timeToLiveMs) {
      // Not buffered (TTL 0, the default as in the embedded driver): correlate through REST, which
      // tells whether a subscription took the message. A message id has no buffer to dedupe in.
      try {
        const res = await this.rest.json<{ messageKey?: string; processInstanceKey?: string }>(
          'correlate message',
          'POST',
          'messages/correlation',
          {
            name: input.name,
            correlationKey: input.correlationKey,
            variables: input.variables ?? {},
            tenantId: tenant,
          },
        );
        return { messageKey: String(res.messageKey ?? ''), correlated: true };
      } catch (e) {
        if (e instanceof ZeebeDriverError && e.code === 'NOT_FOUND') return { messageKey: '', correlated: false };
        throw e;
      }
    }
    const res = await this.call('publish message', () =>
      this.grpc.publishMessage({
        name: input.name,
        correlationKey: input.correlationKey,
        variables: asJson(input.variables ?? {}),
        timeToLive: input.timeToLiveMs,
        ...(input.messageId ? { messageId: input.messageId } : {}),
        tenantId: tenant,
      }),
    );
    // Zeebe does not say whether a buffered message was correlated: `false` means "not confirmed".
    return { messageKey: String(res.key), correlated: false };
  }

  async broadcastSignal(tenantId: string, name: string, variables?: Variables): Promise<void> {
    const tenant = this.tenant(tenantId);
    this.noteTenant(tenant);
    await this.call('broadcast signal', () =>
      this.grpc.broadcastSignal({ signalName: name, variables: asJson(variables ?? {}), tenantId: tenant }),
    );
  }

  async searchUserTasks(filter: UserTaskFilter): Promise<UserTask[]> {
    this.tenant(filter.tenantId);
    const items = await this.rest.searchAll<RestUserTask>('search user tasks', 'user-tasks/search', userTaskSearchFilter(filter), [
      { field: 'creationDate', order: 'ASC' },
    ]);
    return mapConcurrently(items, 8, (t) => this.reads.toUserTask(t));
  }

  /** 8.8 `GET /v2/user-tasks/{userTaskKey}`; a task of another tenant is not found. */
  async getUserTask(tenantId: string, taskKey: string): Promise<UserTask | undefined> {
    return this.reads.fetchUserTask(taskKey, this.tenant(tenantId));
  }

  async assignUserTask(tenantId: string, taskKey: string, assignee: string | null): Promise<void> {
    this.tenant(tenantId);
    if (assignee === null) await this.rest.send('unassign user task', 'DELETE', `user-tasks/${encodeURIComponent(taskKey)}/assignee`);
    else
      await this.rest.send('assign user task', 'POST', `user-tasks/${encodeURIComponent(taskKey)}/assignment`, {
        assignee,
        allowOverride: true,
        action: 'assign',
      });
    this.emitLocally(async () => {
      const task = await this.reads.fetchUserTask(taskKey);
      return task ? [{ type: 'task.assigned', tenantId: task.tenantId, task: { ...task, assignee } }] : [];
    });
  }

  async completeUserTask(tenantId: string, taskKey: string, variables?: Variables): Promise<void> {
    this.tenant(tenantId);
    await this.rest.send('complete user task', 'POST', `user-tasks/${encodeURIComponent(taskKey)}/completion`, {
      variables: variables ?? {},
      action: 'complete',
    });
  }

  registerWorker(type: string, handler: JobHandler, options?: WorkerOptions): WorkerHandle {
    if (this.closed) throw new Error('Zeebe engine is closed');
    const handle = startWorker(
      {
        zeebe: this.parts.sdk.Zeebe,
        client: this.grpc as unknown as Parameters<typeof startWorker>[0]['client'],
        tenantIds: this.workerTenants,
        longPollMs: this.parts.options.workerLongPollMs,
        closeTimeoutMs: this.timeoutMs,
      },
      type,
      handler,
      options,
    );
    const tracked: WorkerHandle = {
      close: async () => {
        this.workers.delete(tracked);
        await handle.close();
      },
    };
    this.workers.add(tracked);
    return tracked;
  }

  async listIncidents(tenantId: string, filter?: { instanceKey?: string; state?: Incident['state'] }): Promise<Incident[]> {
    const tenant = this.tenant(tenantId);
    const f: Record<string, unknown> = { tenantId: tenant };
    if (filter?.instanceKey !== undefined) f.processInstanceKey = filter.instanceKey;
    if (filter?.state !== undefined) f.state = filter.state === 'active' ? 'ACTIVE' : 'RESOLVED';
    const items = await this.rest.searchAll<RestIncident>('list incidents', 'incidents/search', f, [
      { field: 'creationTime', order: 'ASC' },
    ]);
    return items.map(mapIncident);
  }

  async resolveIncident(tenantId: string, incidentKey: string, fix?: { variables?: Variables; retries?: number }): Promise<void> {
    const tenant = this.tenant(tenantId);
    const incident = await this.rest.json<RestIncident>('get incident', 'GET', `incidents/${encodeURIComponent(incidentKey)}`);
    if (incident.tenantId !== undefined && incident.tenantId !== tenant) {
      throw new ZeebeDriverError(
        'NOT_FOUND',
        'resolve incident',
        `Zeebe resolve incident: incident ${incidentKey} does not exist in tenant ${tenant}`,
      );
    }
    if (fix?.variables && Object.keys(fix.variables).length > 0) {
      // On the failed element's scope, not local: an existing variable is updated where it lives.
      const scope = incident.elementInstanceKey ?? incident.processInstanceKey;
      if (!scope)
        throw new ZeebeDriverError(
          'FAILED',
          'resolve incident',
          `Zeebe resolve incident: incident ${incidentKey} has no element or instance key`,
        );
      await this.call('set variables', () =>
        this.grpc.setVariables({ elementInstanceKey: String(scope), variables: asJson(fix.variables!), local: false }),
      );
    }
    if (incident.jobKey) {
      const retries = fix?.retries ?? 1;
      await this.call('update job retries', () => this.grpc.updateJobRetries({ jobKey: String(incident.jobKey), retries }));
    }
    await this.call('resolve incident', () => this.grpc.resolveIncident({ incidentKey }));
    this.emitLocally(async () => [
      { type: 'incident.resolved', tenantId: tenant, incident: { ...mapIncident(incident), state: 'resolved' } },
    ]);
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.events.close();
    await Promise.all([...this.workers].map((w) => w.close()));
    const closeTimeout = this.timeoutMs;
    const settle = (p: Promise<unknown>) =>
      Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, closeTimeout).unref())]);
    await Promise.all([settle(this.grpc.close(closeTimeout)), settle(Promise.resolve().then(() => this.parts.restClient.stopWorkers()))]);
  }

  // ---------------------------------------------------------------------------------------------

  private tenant(tenantId: string): string {
    if (this.closed) throw new Error('Zeebe engine is closed');
    return assertZeebeTenant(tenantId);
  }

  private noteTenant(tenant: string): void {
    if (!this.workerTenants.includes(tenant)) this.workerTenants.push(tenant);
  }

  private call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return guarded(operation, this.gateway, this.timeoutMs, fn);
  }

  private async createInstance(tenant: string, input: StartInstanceInput): Promise<InstanceRef> {
    this.noteTenant(tenant);
    const variables = {
      ...(input.variables ?? {}),
      ...(input.businessKey !== undefined ? { [BUSINESS_KEY_VARIABLE]: input.businessKey } : {}),
    };
    const res = await this.call('start instance', () =>
      this.grpc.createProcessInstance({
        bpmnProcessId: input.processId,
        version: input.version ?? -1,
        variables: asJson(variables),
        tenantId: tenant,
      }),
    );
    const ref = {
      instanceKey: String(res.processInstanceKey),
      processId: res.bpmnProcessId,
      version: Number(res.version),
      definitionKey: String(res.processDefinitionKey),
    };
    this.rememberStart(tenant, ref.instanceKey);
    return ref;
  }

  private rememberStart(tenant: string, instanceKey: string): void {
    const now = Date.now();
    this.recentStarts.set(`${tenant}/${instanceKey}`, now);
    if (this.recentStarts.size <= RECENT_STARTS_MAX) return;
    // Insertion order is start order: drop the oldest (expired ones, then enough to stay bounded).
    for (const [key, at] of this.recentStarts) {
      if (now - at < this.parts.options.consistencyWaitMs && this.recentStarts.size <= RECENT_STARTS_MAX / 2) break;
      this.recentStarts.delete(key);
    }
  }

  private emitLocally(build: () => Promise<EngineEvent[]>): void {
    if (!this.events.hasListeners()) return;
    build()
      .then((events) => events.forEach((e) => this.events.emit(e)))
      .catch((e: unknown) => this.parts.onBackgroundError(e instanceof Error ? e : new Error(String(e))));
  }
}

/** Variables are plain JSON values; the SDK's JSON type is narrower than `unknown`. */
function asJson(variables: Variables): never {
  return variables as never;
}
