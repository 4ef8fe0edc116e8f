/** What onEvent polls (see zeebe-events.ts): one REST search per source and poll. */
import type { PollSource } from './zeebe-events.js';
import { mapIncident, type RestIncident, type RestProcessInstance, type RestUserTask } from './zeebe-mappers.js';
import type { ZeebeReads } from './zeebe-reads.js';

export function eventSources(reads: ZeebeReads): PollSource<unknown>[] {
  const instanceStarted: PollSource<RestProcessInstance> = {
    name: 'instances started',
    urlPath: 'process-instances/search',
    dateField: 'startDate',
    keyOf: (p) => String(p.processInstanceKey),
    dateOf: (p) => p.startDate,
    toEvents: async (p) => [
      {
        type: 'instance.started',
        tenantId: p.tenantId,
        instanceKey: String(p.processInstanceKey),
        processId: p.processDefinitionId,
        version: Number(p.processDefinitionVersion),
      },
    ],
  };
  const instanceEnded: PollSource<RestProcessInstance> = {
    name: 'instances ended',
    urlPath: 'process-instances/search',
    dateField: 'endDate',
    keyOf: (p) => String(p.processInstanceKey),
    dateOf: (p) => p.endDate,
    toEvents: async (p) =>
      p.state === 'COMPLETED' || p.state === 'TERMINATED'
        ? [
            {
              type: 'instance.ended',
              tenantId: p.tenantId,
              instanceKey: String(p.processInstanceKey),
              processId: p.processDefinitionId,
              state: p.state === 'COMPLETED' ? 'completed' : 'terminated',
            },
          ]
        : [],
  };
  const taskCreated: PollSource<RestUserTask> = {
    name: 'user tasks created',
    urlPath: 'user-tasks/search',
    dateField: 'creationDate',
    keyOf: (t) => String(t.userTaskKey),
    dateOf: (t) => t.creationDate,
    toEvents: async (t) => {
      const task = await reads.toUserTask(t);
      return [{ type: 'task.created', tenantId: task.tenantId, task }];
    },
  };
  const taskEnded: PollSource<RestUserTask> = {
    name: 'user tasks ended',
    urlPath: 'user-tasks/search',
    dateField: 'completionDate',
    keyOf: (t) => String(t.userTaskKey),
    dateOf: (t) => t.completionDate,
    toEvents: async (t) => {
      if (t.state !== 'COMPLETED' && t.state !== 'CANCELED') return [];
      const task = await reads.toUserTask(t);
      return [{ type: t.state === 'COMPLETED' ? 'task.completed' : 'task.canceled', tenantId: task.tenantId, task }];
    },
  };
  const incidentRaised: PollSource<RestIncident> = {
    name: 'incidents raised',
    urlPath: 'incidents/search',
    dateField: 'creationTime',
    keyOf: (i) => String(i.incidentKey),
    dateOf: (i) => i.creationTime,
    toEvents: async (i) => {
      const incident = mapIncident(i);
      return [{ type: 'incident.raised', tenantId: incident.tenantId, incident }];
    },
  };
  return [instanceStarted, instanceEnded, taskCreated, taskEnded, incidentRaised] as PollSource<unknown>[];
}
