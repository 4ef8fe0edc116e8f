import type { Transaction } from 'sequelize';
import { GROUP_TENANT, type DeployResource, type ModelProblem, type ParsedModel } from '@warmline/engine';
import { AppError } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import { formModel, formVersionModel } from './form.model.js';

/**
 * Stored forms on the Zeebe driver (docs/decisions/0012, "Zeebe"). A user task's
 * `zeebe:formDefinition formId` resolves against forms deployed to the same tenant, so the current
 * stored version of a form is deployed as `${formId}.form`: at start with the shipped models, after
 * every save or rollback, and with every process uploaded through the API. The embedded driver
 * reads forms from the database (`resolveForm`) and deploys none.
 */

interface StoredForm {
  formId: string;
  ownerOrgId: number | null;
  resource: DeployResource;
}

const resourceOf = (formId: string, schemaJson: string): DeployResource => ({ name: `${formId}.form`, content: schemaJson });

/** Every stored form at its current version (optionally only some ids). */
async function storedForms(services: Services, formIds?: string[]): Promise<StoredForm[]> {
  const db = services.dbs.group;
  const where = formIds ? { form_id: formIds } : {};
  const forms = await formModel(db).findAll({ where, order: [['form_id', 'ASC']], raw: true });
  const out: StoredForm[] = [];
  for (const f of forms) {
    const v = await formVersionModel(db).findOne({ where: { form_id: f.form_id, version: f.current_version }, raw: true });
    if (v) out.push({ formId: f.form_id, ownerOrgId: f.owner_org_id, resource: resourceOf(f.form_id, v.schema_json) });
  }
  return out;
}

/** Enabled subsidiaries with a tenant code: Zeebe tenants besides the group's. */
async function subsidiaryTenants(services: Services): Promise<{ id: number; code: string }[]> {
  return (await services.orgs.all())
    .filter((o) => o.type === 'subsidiary' && o.enabled && o.code)
    .map((o) => ({ id: o.id, code: o.code as string }));
}

/** May a process deployed to `tenantId` use a form of this owner? Group forms: every tenant; a subsidiary's: its own. */
async function tenantMayUse(services: Services, tenantId: string, ownerOrgId: number | null): Promise<boolean> {
  if (ownerOrgId === null) return true;
  if (tenantId === GROUP_TENANT) return false;
  return (await subsidiaryTenants(services)).some((s) => s.id === ownerOrgId && s.code === tenantId);
}

/** The tenants a form is deployed to: a group form → the group and every subsidiary tenant; a subsidiary's form → its tenant. */
async function tenantsOf(services: Services, ownerOrgId: number | null): Promise<string[]> {
  const subs = await subsidiaryTenants(services);
  if (ownerOrgId === null) return [GROUP_TENANT, ...subs.map((s) => s.code)];
  return subs.filter((s) => s.id === ownerOrgId).map((s) => s.code);
}

/** Start: per tenant, the current versions of the forms that tenant may use. */
export async function formResourcesByTenant(services: Services, tenants: string[]): Promise<Map<string, DeployResource[]>> {
  const forms = await storedForms(services);
  const byTenant = new Map<string, DeployResource[]>();
  for (const tenantId of tenants) {
    const usable: DeployResource[] = [];
    for (const f of forms) if (await tenantMayUse(services, tenantId, f.ownerOrgId)) usable.push(f.resource);
    byTenant.set(tenantId, usable);
  }
  return byTenant;
}

/** The form ids the user tasks of a model link (`zeebe:formDefinition formId`), with the first task naming each. */
function linkedForms(model: ParsedModel): Map<string, string> {
  const linked = new Map<string, string>();
  for (const p of model.processes)
    for (const e of p.elements) {
      const formId = e.$type === 'bpmn:UserTask' ? e.zeebe.formDefinition?.formId?.trim() : undefined;
      if (formId && !linked.has(formId)) linked.set(formId, e.id);
    }
  return linked;
}

/**
 * The forms an uploaded model links, checked for the deploying tenant (both drivers): a form that
 * does not exist or that the tenant may not use is a problem naming the user task. On Zeebe the
 * resources are the forms' current versions, deployed with the model.
 */
export async function linkedFormResources(
  services: Services,
  model: ParsedModel,
  tenantId: string,
): Promise<{ problems: ModelProblem[]; resources: DeployResource[] }> {
  const linked = linkedForms(model);
  if (!linked.size) return { problems: [], resources: [] };
  const stored = new Map((await storedForms(services, [...linked.keys()])).map((f) => [f.formId, f]));
  const problems: ModelProblem[] = [];
  const resources: DeployResource[] = [];
  for (const [formId, taskId] of linked) {
    const f = stored.get(formId);
    if (!f || !(await tenantMayUse(services, tenantId, f.ownerOrgId))) {
      const id = formId.slice(0, 64);
      problems.push({
        elementId: taskId,
        reason: `用户任务引用的表单「${id}」不存在（或本单位不能使用），请先在表单设计中保存该表单`,
        reasonEn: `the user task links the form "${id}", which does not exist (or is not usable by this organisation)`,
      });
    } else resources.push(f.resource);
  }
  return { problems, resources };
}

/**
 * Zeebe only: once `tx` has committed, deploy the form's current stored version (read again, so a
 * failed commit or a later save deploys what is really current) to every tenant that may use it.
 * A refused deploy does not undo the saved version: the request answers 503 ENGINE_UNAVAILABLE with a
 * Chinese message and the detail field `engine.deploy`; saving again (or a rollback, or the next
 * start) deploys the current version again.
 */
export function deployFormAfterCommit(services: Services, tx: Transaction, formId: string): void {
  if (services.engine.driver !== 'zeebe') return;
  tx.afterCommit(async () => {
    const [form] = await storedForms(services, [formId]);
    if (!form) return;
    const failed: string[] = [];
    for (const tenantId of await tenantsOf(services, form.ownerOrgId)) {
      try {
        await services.engine.deploy(tenantId, [form.resource]);
      } catch (err) {
        failed.push(tenantId === GROUP_TENANT ? '集团' : tenantId);
        services.logger.warn({ err, formId, tenantId }, 'form saved but not deployed to Zeebe');
      }
    }
    if (!failed.length) return;
    const message = `表单已保存，但未能部署到流程引擎（${failed.join('、')}），流程任务暂时仍使用旧版本；请稍后再次保存以重新部署`;
    throw new AppError('ENGINE_UNAVAILABLE', message, [{ field: 'engine.deploy', message }]);
  });
}
