/**
 * Which elements a Zeebe instance ran (decision 0016), through the 8.8 REST API: the instance
 * (process-instances/search), all its element instances (element-instances/search, every state)
 * and the sequence flows it took (GET process-instances/{key}/sequence-flows). Zeebe's secondary
 * storage keeps all three after the instance ended, so a finished ticket still shows its path.
 */
import type { InstanceProgress } from '../../process-engine.js';
import { activeWaitElementIds, mapInstanceState, type RestProcessInstance } from './zeebe-mappers.js';
import type { ZeebeRest } from './zeebe-rest.js';

interface RestElementInstance {
  elementId: string;
  type?: string;
  state?: string;
}

interface RestSequenceFlow {
  elementId?: string;
  sequenceFlowId?: string;
}

export async function instanceProgress(rest: ZeebeRest, tenant: string, instanceKey: string): Promise<InstanceProgress | undefined> {
  const [instance] = await rest.searchPage<RestProcessInstance>('get instance progress', 'process-instances/search', {
    filter: { processInstanceKey: instanceKey, tenantId: tenant },
    page: { from: 0, limit: 1 },
  });
  if (!instance) return undefined;
  const key = encodeURIComponent(instanceKey);
  const [elements, flows] = await Promise.all([
    rest.searchAll<RestElementInstance>('get instance elements', 'element-instances/search', {
      processInstanceKey: instanceKey,
      tenantId: tenant,
    }),
    rest.json<{ items?: RestSequenceFlow[] }>('get instance sequence flows', 'GET', `process-instances/${key}/sequence-flows`),
  ]);
  const state = mapInstanceState(instance.state, instance.hasIncident);
  const completed = elements.filter((e) => e.state === 'COMPLETED' && e.type !== 'PROCESS').map((e) => e.elementId);
  const running = state === 'active' || state === 'incident' ? elements.filter((e) => e.state === 'ACTIVE') : [];
  return {
    instanceKey: String(instance.processInstanceKey),
    processId: instance.processDefinitionId,
    version: Number(instance.processDefinitionVersion),
    state,
    completedElementIds: [...new Set(completed)].sort(),
    activeElementIds: activeWaitElementIds(running),
    takenSequenceFlowIds: [...new Set((flows.items ?? []).map((f) => f.elementId ?? f.sequenceFlowId ?? '').filter(Boolean))].sort(),
  };
}
