/**
 * StartInstanceInput.businessKey on Zeebe, which has no business key: the key is stored in the
 * process variable `warmlineBusinessKey`. A start with a key first answers an instance this engine
 * started with it (also while that start is still in flight), then one found through the REST
 * process-instance search on that variable (any state); only then is a new instance created.
 *
 * Limit: the REST search is eventually consistent. Two engines (server processes) starting the same
 * key within the export lag (typically about a second) can both create an instance.
 */
import type { InstanceRef } from '../../process-engine.js';
import type { RestProcessInstance } from './zeebe-mappers.js';
import type { ZeebeRest } from './zeebe-rest.js';

export const BUSINESS_KEY_VARIABLE = 'warmlineBusinessKey';
/** Keys remembered in memory; older ones are found again through the REST search. */
const REMEMBERED_MAX = 10_000;

export class BusinessKeyStarts {
  private readonly inFlight = new Map<string, Promise<InstanceRef>>();
  private readonly started = new Map<string, InstanceRef>();

  constructor(private readonly rest: ZeebeRest) {}

  async start(tenant: string, processId: string, businessKey: string, create: () => Promise<InstanceRef>): Promise<InstanceRef> {
    const key = JSON.stringify([tenant, processId, businessKey]);
    const known = this.started.get(key) ?? this.inFlight.get(key);
    if (known) return known;
    const starting = (async () => {
      const ref = (await this.find(tenant, processId, businessKey)) ?? (await create());
      this.started.set(key, ref);
      if (this.started.size > REMEMBERED_MAX) this.started.delete(this.started.keys().next().value!);
      return ref;
    })();
    this.inFlight.set(key, starting);
    try {
      return await starting;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async find(tenant: string, processId: string, businessKey: string): Promise<InstanceRef | undefined> {
    const [found] = await this.rest.searchPage<RestProcessInstance>('find instance by business key', 'process-instances/search', {
      filter: {
        tenantId: tenant,
        processDefinitionId: processId,
        variables: [{ name: BUSINESS_KEY_VARIABLE, value: JSON.stringify(businessKey) }],
      },
      sort: [{ field: 'startDate', order: 'ASC' }],
      page: { from: 0, limit: 1 },
    });
    if (!found) return undefined;
    return {
      instanceKey: String(found.processInstanceKey),
      processId: found.processDefinitionId,
      version: Number(found.processDefinitionVersion),
      definitionKey: String(found.processDefinitionKey),
    };
  }
}
