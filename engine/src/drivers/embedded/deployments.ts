import { createHash } from 'node:crypto';
import { ModelRejectedError, type DeployedProcess, type DeployResource, type ModelProblem } from '../../process-engine.js';
import { validateDeployment } from '../../model/index.js';
import type { DefinitionStore } from '../../store/definitions.store.js';
import { newKey } from '../../store/keys.js';
import { parseDeployment, type ParsedDeployment } from './source-contexts.js';

export interface DeployChecks {
  /** Skip the embedded gate and the Camunda 8.8 lint (the engine's own safety tests only). */
  skipGate?: boolean;
  /** An extra check after the gate; problems refuse the model. */
  extra?: (xml: string) => Promise<ModelProblem[]>;
}

/** Deployed definitions (`process_definitions`, group database) and their parsed form, cached per definition key. */
export class Deployments {
  private readonly parsed = new Map<string, Promise<ParsedDeployment>>();

  constructor(
    private readonly store: DefinitionStore,
    private readonly checks: DeployChecks,
  ) {}

  /**
   * Check every resource (embedded gate + Camunda 8.8 lint, then any extra check), then store a new
   * version of each process whose file changed. A refused file leaves nothing deployed.
   */
  async deploy(tenantId: string, resources: DeployResource[]): Promise<DeployedProcess[]> {
    const checked: { resource: DeployResource; parsed: ParsedDeployment }[] = [];
    for (const resource of resources) {
      if (!this.checks.skipGate) await validateDeployment(resource.content);
      const parsed = await parseDeployment(resource.content);
      const problems = this.checks.extra ? await this.checks.extra(resource.content) : [];
      if (problems.length) throw new ModelRejectedError(problems);
      if (!parsed.processIds.length) {
        throw new ModelRejectedError([
          { elementId: '(document)', reason: '文件中没有可执行的流程', reasonEn: 'the file holds no executable process' },
        ]);
      }
      checked.push({ resource, parsed });
    }
    const result: DeployedProcess[] = [];
    for (const { resource, parsed } of checked) {
      const checksum = createHash('sha256').update(resource.content).digest('hex');
      for (const processId of parsed.processIds) result.push(await this.storeVersion(tenantId, processId, resource, checksum, parsed));
    }
    return result;
  }

  private async storeVersion(
    tenantId: string,
    processId: string,
    resource: DeployResource,
    checksum: string,
    parsed: ParsedDeployment,
  ): Promise<DeployedProcess> {
    for (let attempt = 0; ; attempt++) {
      const latest = await this.store.latest(tenantId, processId);
      if (latest && latest.checksum === checksum) {
        return { processId, version: latest.version, definitionKey: latest.definition_key, resourceName: latest.resource_name };
      }
      const row = {
        tenant_id: tenantId,
        process_id: processId,
        version: (latest?.version ?? 0) + 1,
        definition_key: newKey(),
        resource_name: resource.name,
        xml: resource.content,
        checksum,
      };
      try {
        await this.store.insert(row);
        this.parsed.set(row.definition_key, Promise.resolve(parsed));
        return { processId, version: row.version, definitionKey: row.definition_key, resourceName: row.resource_name };
      } catch (err) {
        if (attempt >= 3) throw err; // a concurrent deploy took the version: read again
      }
    }
  }

  /** The parsed definition of a deployed version (loaded once per process). */
  get(definitionKey: string): Promise<ParsedDeployment> {
    let d = this.parsed.get(definitionKey);
    if (!d) {
      d = this.store.byKey(definitionKey).then((row) => {
        if (!row) throw new Error(`process definition ${definitionKey} not found`);
        return parseDeployment(row.xml);
      });
      d.catch(() => this.parsed.delete(definitionKey));
      this.parsed.set(definitionKey, d);
    }
    return d;
  }
}
