/**
 * Pure mappings between Zeebe (gRPC messages, 8.8 REST search results) and the driver-neutral
 * shapes of process-engine.ts.
 */
import type {
  DeployedProcess,
  Incident,
  InstanceInfo,
  InstanceState,
  ModelProblem,
  UserTask,
  UserTaskFilter,
  Variables,
} from '../../process-engine.js';

/** DeployResourceResponse → one DeployedProcess per deployed process (decisions and forms are skipped). */
export function mapDeployment(response: { deployments?: Array<{ process?: ProcessMetadata | null }> }): DeployedProcess[] {
  const out: DeployedProcess[] = [];
  for (const d of response.deployments ?? []) {
    if (!d.process) continue;
    out.push({
      processId: d.process.bpmnProcessId,
      version: Number(d.process.version),
      definitionKey: String(d.process.processDefinitionKey),
      resourceName: d.process.resourceName,
    });
  }
  return out;
}

interface ProcessMetadata {
  bpmnProcessId: string;
  version: number | string;
  processDefinitionKey: string | number;
  resourceName: string;
}

/**
 * Zeebe's INVALID_ARGUMENT answer to DeployResource lists problems per element:
 *   'file.bpmn':
 *   - Element: ServiceTask_1
 *       - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element
 * Each becomes a ModelProblem; anything else becomes one '(document)' problem.
 */
export function parseDeployRejection(details: string): ModelProblem[] {
  const problems: ModelProblem[] = [];
  let element: string | undefined;
  for (const line of details.split(/\r?\n/)) {
    const el = /^\s*-\s*Element:\s*(.+?)\s*$/.exec(line);
    if (el) {
      element = el[1];
      continue;
    }
    const err = /^\s*-\s*ERROR:\s*(.+?)\s*$/.exec(line);
    if (err && element)
      problems.push({ elementId: element, reason: `Zeebe 拒绝部署该元素：${err[1]}`, reasonEn: `rejected by Zeebe: ${err[1]}` });
  }
  if (problems.length > 0) return problems;
  const text = details.trim() || 'the model was rejected';
  return [{ elementId: '(document)', reason: `Zeebe 拒绝部署该模型：${text}`, reasonEn: `rejected by Zeebe: ${text}` }];
}

/** A REST variable value is a JSON document in a string. */
export function parseVariableValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export interface RestUserTask {
  userTaskKey: string;
  name?: string;
  state?: string;
  assignee?: string;
  elementId?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  processDefinitionId?: string;
  creationDate?: string;
  completionDate?: string;
  followUpDate?: string;
  dueDate?: string;
  tenantId?: string;
  externalFormReference?: string;
  priority?: number;
  processInstanceKey?: string;
  formKey?: string;
}

/** Zeebe's transitional states (CREATING, ASSIGNING, UPDATING, COMPLETING, CANCELING, FAILED) are still open: 'created'. */
export function mapUserTaskState(state: string | undefined): UserTask['state'] {
  if (state === 'COMPLETED') return 'completed';
  if (state === 'CANCELED') return 'canceled';
  return 'created';
}

export function mapUserTask(t: RestUserTask, variables: Variables, formId: string | null): UserTask {
  return {
    taskKey: String(t.userTaskKey),
    tenantId: t.tenantId ?? '<default>',
    instanceKey: String(t.processInstanceKey ?? ''),
    processId: t.processDefinitionId ?? '',
    elementId: t.elementId ?? '',
    name: t.name || t.elementId || '',
    state: mapUserTaskState(t.state),
    assignee: t.assignee || null,
    candidateGroups: t.candidateGroups ?? [],
    candidateUsers: t.candidateUsers ?? [],
    dueDate: t.dueDate ?? null,
    followUpDate: t.followUpDate ?? null,
    priority: typeof t.priority === 'number' ? t.priority : 50,
    formId,
    createdAt: t.creationDate ?? '',
    completedAt: t.completionDate ?? null,
    variables,
  };
}

/** UserTaskFilter → the 8.8 `POST /v2/user-tasks/search` filter. */
export function userTaskSearchFilter(filter: UserTaskFilter): Record<string, unknown> {
  const f: Record<string, unknown> = { tenantId: filter.tenantId };
  if (filter.instanceKey !== undefined) f.processInstanceKey = filter.instanceKey;
  if (filter.state !== undefined) f.state = { created: 'CREATED', completed: 'COMPLETED', canceled: 'CANCELED' }[filter.state];
  if (filter.assignee !== undefined) f.assignee = filter.assignee;
  if (filter.candidateGroup !== undefined) f.candidateGroup = filter.candidateGroup;
  if (filter.candidateUser !== undefined) f.candidateUser = filter.candidateUser;
  if (filter.elementId !== undefined) f.elementId = filter.elementId;
  // 8.8 compares each variable's JSON text: `{ name: 'ticketId', value: '7' }`, a string as '"a"'.
  const variables = Object.entries(filter.variables ?? {});
  if (variables.length) f.processInstanceVariables = variables.map(([name, value]) => ({ name, value: JSON.stringify(value) }));
  return f;
}

export interface RestIncident {
  incidentKey: string;
  processInstanceKey?: string;
  elementId?: string;
  elementInstanceKey?: string;
  errorType?: string;
  errorMessage?: string;
  creationTime?: string;
  state?: string;
  jobKey?: string;
  tenantId?: string;
}

export function mapIncidentErrorType(errorType: string | undefined): Incident['errorType'] {
  switch (errorType) {
    case 'JOB_NO_RETRIES':
    case 'EXECUTION_LISTENER_NO_RETRIES':
    case 'TASK_LISTENER_NO_RETRIES':
    case 'AD_HOC_SUB_PROCESS_NO_RETRIES':
      return 'JOB_NO_RETRIES';
    case 'IO_MAPPING_ERROR':
    case 'CONDITION_ERROR':
    case 'EXTRACT_VALUE_ERROR':
      return 'EXPRESSION_ERROR';
    case 'UNHANDLED_ERROR_EVENT':
      return 'UNHANDLED_ERROR';
    case 'CALLED_ELEMENT_ERROR':
      return 'CALLED_ELEMENT_ERROR';
    default:
      return 'ENGINE_ERROR';
  }
}

export function mapIncident(i: RestIncident): Incident {
  return {
    incidentKey: String(i.incidentKey),
    tenantId: i.tenantId ?? '<default>',
    instanceKey: String(i.processInstanceKey ?? ''),
    elementId: i.elementId ?? '',
    errorType: mapIncidentErrorType(i.errorType),
    errorMessage: i.errorMessage ?? '',
    // PENDING and MIGRATED incidents are not resolved yet.
    state: i.state === 'RESOLVED' ? 'resolved' : 'active',
    createdAt: i.creationTime ?? '',
    jobKey: i.jobKey ? String(i.jobKey) : null,
  };
}

export interface RestProcessInstance {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  startDate: string;
  endDate?: string;
  state: string;
  hasIncident?: boolean;
  tenantId: string;
  parentProcessInstanceKey?: string;
}

export function mapInstanceState(state: string, hasIncident: boolean | undefined): InstanceState {
  if (state === 'COMPLETED') return 'completed';
  if (state === 'TERMINATED' || state === 'CANCELED') return 'terminated';
  return hasIncident ? 'incident' : 'active';
}

/** Element types an instance can wait in (containers and the process itself are left out). */
const CONTAINER_TYPES = new Set([
  'PROCESS',
  'SUB_PROCESS',
  'EVENT_SUB_PROCESS',
  'AD_HOC_SUB_PROCESS',
  'AD_HOC_SUB_PROCESS_INNER_INSTANCE',
  'MULTI_INSTANCE_BODY',
]);

export function activeWaitElementIds(elements: Array<{ elementId: string; type?: string }>): string[] {
  return [...new Set(elements.filter((e) => !CONTAINER_TYPES.has(e.type ?? '')).map((e) => e.elementId))];
}

export function mapInstance(p: RestProcessInstance, variables: Variables, activeElementIds: string[]): InstanceInfo {
  return {
    instanceKey: String(p.processInstanceKey),
    processId: p.processDefinitionId,
    version: Number(p.processDefinitionVersion),
    definitionKey: String(p.processDefinitionKey),
    tenantId: p.tenantId,
    state: mapInstanceState(p.state, p.hasIncident),
    variables,
    startedAt: p.startDate,
    endedAt: p.endDate ?? null,
    activeElementIds,
    parentInstanceKey: p.parentProcessInstanceKey ? String(p.parentProcessInstanceKey) : null,
  };
}
