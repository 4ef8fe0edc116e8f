import { GROUP_TENANT, type DeployResource } from '@warmline/engine';
import { listFormIds, loadForm } from '@warmline/forms';
import { listProcessModels } from '@warmline/process-models';
import type { Services } from '../../services.js';
import { syncShippedForms } from '../forms/form-sync.js';
import { formResourcesByTenant } from '../forms/form-zeebe.js';

/**
 * What the shipped models deploy as: the BPMN files, and for Zeebe also the task forms they link
 * (`zeebe:formDefinition formId` resolves against forms deployed to the same tenant). The embedded
 * driver reads forms from the forms package itself.
 */
export function shippedResources(driver: 'embedded' | 'zeebe'): DeployResource[] {
  const models = listProcessModels().map((m) => ({ name: m.name, content: m.content }));
  if (driver === 'embedded') return models;
  const forms = listFormIds().map((id) => ({ name: `${id}.form`, content: JSON.stringify(loadForm(id)) }));
  return [...models, ...forms];
}

/**
 * Deploys the shipped process models (process-models/bpmn) at start. Same content → same version,
 * so a restart deploys nothing new. The embedded driver resolves a subsidiary's own version first
 * and then the group's, so the group tenant is enough; Zeebe has no such fallback, so there each
 * subsidiary tenant gets its own copy, with the current stored version of every form it may use
 * (`shippedResources('zeebe')` — the files — is what a database-less caller would deploy).
 */
export async function deployShippedModels(services: Services): Promise<void> {
  const tenants = [GROUP_TENANT];
  let forms = new Map<string, DeployResource[]>();
  if (services.engine.driver === 'zeebe') {
    for (const org of await services.orgs.all()) if (org.type === 'subsidiary' && org.enabled && org.code) tenants.push(org.code);
    // Zeebe gets the forms as stored (an administrator's edit wins over the file, decision 0012):
    // sync the shipped files first (idempotent; server.ts syncs again after this), then deploy the
    // current version of every form each tenant may use instead of the files.
    await syncShippedForms(services);
    forms = await formResourcesByTenant(services, tenants);
  }
  const models = shippedResources('embedded');
  for (const tenantId of tenants) {
    const resources = [...models, ...(forms.get(tenantId) ?? [])];
    const deployed = await services.engine.deploy(tenantId, resources);
    services.logger.info({ tenantId, processes: deployed.map((d) => `${d.processId}:${d.version}`) }, 'shipped process models deployed');
  }
}
