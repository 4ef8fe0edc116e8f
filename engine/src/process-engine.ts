/**
 * The one interface every BPMN backend implements (ARCHITECTURE.md §4). Only this package knows
 * which backend runs; the server talks to `ProcessEngine` alone.
 *
 * Keys are strings (Zeebe keys are 64-bit). `tenantId` is the subsidiary code (a Zeebe tenant id);
 * `GROUP_TENANT` stands for definitions shared by the whole group.
 */

export const GROUP_TENANT = '<default>';

export type Variables = Record<string, unknown>;

export interface DeployResource {
  /** File name, e.g. `ticket-lifecycle.bpmn`. */
  name: string;
  content: string;
}

export interface DeployedProcess {
  processId: string;
  version: number;
  /** Unique key of this version of the definition. */
  definitionKey: string;
  resourceName: string;
}

/** A deployed version of a process definition. */
export interface ProcessDefinitionInfo {
  /** The tenant it was deployed for (`GROUP_TENANT` for the group's). */
  tenantId: string;
  processId: string;
  version: number;
  definitionKey: string;
  resourceName: string;
  /** ISO time of the deploy; null where the backend does not tell (Zeebe 8.8's definition search). */
  deployedAt: string | null;
}

/** One problem that makes a model undeployable, in both languages. */
export interface ModelProblem {
  elementId: string;
  reason: string;
  reasonEn: string;
}

export class ModelRejectedError extends Error {
  constructor(readonly problems: ModelProblem[]) {
    super(`model rejected: ${problems.map((p) => `${p.elementId}: ${p.reasonEn}`).join('; ')}`);
    this.name = 'ModelRejectedError';
  }
}

export interface StartInstanceInput {
  tenantId: string;
  processId: string;
  /** Latest when omitted. */
  version?: number;
  variables?: Variables;
  /** Idempotency: a second start with the same key answers the first instance. */
  businessKey?: string;
}

export interface InstanceRef {
  instanceKey: string;
  processId: string;
  version: number;
  definitionKey: string;
}

export type InstanceState = 'active' | 'completed' | 'terminated' | 'incident';

export interface InstanceInfo extends InstanceRef {
  tenantId: string;
  state: InstanceState;
  variables: Variables;
  startedAt: string;
  endedAt: string | null;
  /** Element ids the instance currently waits in (user tasks, jobs, timers, messages, call activities). */
  activeElementIds: string[];
  parentInstanceKey: string | null;
}

/** Which elements of an instance ran: for drawing its path on the diagram. */
export interface InstanceProgress {
  instanceKey: string;
  processId: string;
  version: number;
  state: InstanceState;
  /** Flow nodes of the instance's own process that completed at least once (not the process itself). */
  completedElementIds: string[];
  /** Flow nodes it currently waits in (empty once the instance ended). */
  activeElementIds: string[];
  /** Sequence flows taken at least once (empty where the backend cannot tell). */
  takenSequenceFlowIds: string[];
}

export interface PublishMessageInput {
  tenantId: string;
  name: string;
  correlationKey: string;
  variables?: Variables;
  /** How long an uncorrelated message stays buffered (0 = not buffered). */
  timeToLiveMs?: number;
  /** Idempotency: a second message with the same id in the buffer window is ignored. */
  messageId?: string;
}

export interface UserTask {
  taskKey: string;
  tenantId: string;
  instanceKey: string;
  processId: string;
  elementId: string;
  name: string;
  state: 'created' | 'completed' | 'canceled';
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: string | null;
  followUpDate: string | null;
  priority: number;
  /** `zeebe:formDefinition formId` (or formKey). */
  formId: string | null;
  createdAt: string;
  completedAt: string | null;
  variables: Variables;
}

export interface UserTaskFilter {
  tenantId: string;
  instanceKey?: string;
  state?: UserTask['state'];
  assignee?: string;
  candidateGroup?: string;
  candidateUser?: string;
  elementId?: string;
  /**
   * Tasks whose process instance holds each of these variables with exactly this value (Zeebe 8.8:
   * `processInstanceVariables`). Names are plain identifiers; a called process sees its parent's
   * variables, so `{ ticketId: 7 }` finds a ticket's own tasks and those of its approvals.
   */
  variables?: Record<string, string | number | boolean>;
}

export interface Job {
  jobKey: string;
  tenantId: string;
  type: string;
  instanceKey: string;
  processId: string;
  elementId: string;
  retries: number;
  customHeaders: Record<string, string>;
  variables: Variables;
  deadline: string;
}

export type JobOutcome =
  | { outcome: 'complete'; variables?: Variables }
  | { outcome: 'fail'; errorMessage: string; retries?: number; retryBackoffMs?: number }
  | { outcome: 'error'; errorCode: string; errorMessage?: string; variables?: Variables };

export interface WorkerOptions {
  /** Jobs handled at once. */
  maxJobsActive?: number;
  /** A job not finished within this time becomes available again (at-least-once). */
  timeoutMs?: number;
  pollIntervalMs?: number;
}

export type JobHandler = (job: Job) => Promise<JobOutcome>;

export interface WorkerHandle {
  close(): Promise<void>;
}

export interface Incident {
  incidentKey: string;
  tenantId: string;
  instanceKey: string;
  elementId: string;
  errorType: 'JOB_NO_RETRIES' | 'EXPRESSION_ERROR' | 'UNHANDLED_ERROR' | 'CALLED_ELEMENT_ERROR' | 'ENGINE_ERROR';
  errorMessage: string;
  state: 'active' | 'resolved';
  createdAt: string;
  jobKey: string | null;
}

export type EngineEvent =
  | { type: 'instance.started'; tenantId: string; instanceKey: string; processId: string; version: number }
  | { type: 'instance.ended'; tenantId: string; instanceKey: string; processId: string; state: 'completed' | 'terminated' }
  | { type: 'task.created' | 'task.assigned' | 'task.completed' | 'task.canceled'; tenantId: string; task: UserTask }
  | { type: 'incident.raised' | 'incident.resolved'; tenantId: string; incident: Incident };

export interface ProcessEngine {
  readonly driver: 'embedded' | 'zeebe';

  deploy(tenantId: string, resources: DeployResource[]): Promise<DeployedProcess[]>;
  /**
   * Every deployed version of the tenant's own definitions, ordered by process id and version; with
   * `includeGroup`, the group's (`GROUP_TENANT`) too.
   */
  listDefinitions(tenantId: string, options?: { includeGroup?: boolean }): Promise<ProcessDefinitionInfo[]>;
  /** The BPMN XML of one deployed version of the tenant's own definition (not the group's); undefined when unknown. */
  getDefinitionXml(tenantId: string, processId: string, version: number): Promise<string | undefined>;
  /**
   * How many instances of each definition (by key) run in the tenant — active or held by an
   * incident. Instances of a group definition run in the subsidiaries' tenants: ask each of them.
   * Keys with no running instance answer 0.
   */
  countRunningInstances(tenantId: string, definitionKeys: string[]): Promise<Record<string, number>>;
  startInstance(input: StartInstanceInput): Promise<InstanceRef>;
  cancelInstance(tenantId: string, instanceKey: string): Promise<void>;
  getInstance(tenantId: string, instanceKey: string): Promise<InstanceInfo | undefined>;
  setVariables(tenantId: string, instanceKey: string, variables: Variables): Promise<void>;
  /** What an instance ran and waits in, also after it ended; undefined when unknown (or another tenant's). */
  getInstanceProgress(tenantId: string, instanceKey: string): Promise<InstanceProgress | undefined>;

  publishMessage(input: PublishMessageInput): Promise<{ messageKey: string; correlated: boolean }>;
  broadcastSignal(tenantId: string, name: string, variables?: Variables): Promise<void>;

  searchUserTasks(filter: UserTaskFilter): Promise<UserTask[]>;
  /** One user task of the tenant by key, in any state; undefined when unknown (or another tenant's). */
  getUserTask(tenantId: string, taskKey: string): Promise<UserTask | undefined>;
  assignUserTask(tenantId: string, taskKey: string, assignee: string | null): Promise<void>;
  completeUserTask(tenantId: string, taskKey: string, variables?: Variables): Promise<void>;

  registerWorker(type: string, handler: JobHandler, options?: WorkerOptions): WorkerHandle;

  listIncidents(tenantId: string, filter?: { instanceKey?: string; state?: Incident['state'] }): Promise<Incident[]>;
  /** Fix variables (optional) and retry from the last good state. */
  resolveIncident(tenantId: string, incidentKey: string, fix?: { variables?: Variables; retries?: number }): Promise<void>;

  /** Subscribe to engine events; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;

  close(): Promise<void>;
}
