import {
  GROUP_TENANT,
  ModelRejectedError,
  parseBpmn,
  validateDeployment,
  DOCUMENT,
  type DeployedProcess,
  type DeployResource,
  type ModelProblem,
  type ParsedModel,
} from '@warmline/engine';
import type { ErrorDetail, ProcessDeployResult } from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { AppError, forbidden, invalid } from '../../core/app-error.js';
import type { UploadedFile } from '../../core/route-table.js';
import type { Services } from '../../services.js';
import { linkedFormResources } from '../forms/form-zeebe.js';
import { assertMayDeploy, lockProblems } from './process-deploy.rules.js';

type Audit = (e: AuditEntry) => Promise<void>;

/** A refused model as the API's 422: one detail per problem, naming the element (`file` for the whole file). */
export function modelRejected(problems: ModelProblem[]): AppError {
  const details: ErrorDetail[] = problems.map((p) => ({
    field: p.elementId === DOCUMENT ? 'file' : p.elementId,
    message: p.reason,
    elementId: p.elementId,
    reasonEn: p.reasonEn,
  }));
  return new AppError('MODEL_REJECTED', `流程模型未通过部署检查（${problems.length} 个问题），未部署`, details);
}

/**
 * Whose definition a deploy creates — never chosen by the client: group staff deploy group-wide,
 * subsidiary users for their own subsidiary (a Zeebe tenant). Division staff cannot deploy: a
 * definition is either the group's or one subsidiary's.
 */
export async function deployTenantOf(services: Services, user: AuthUser): Promise<{ tenantId: string; orgId: number }> {
  if (user.subsidiaryId !== null) {
    const sub = await services.orgs.get(user.subsidiaryId);
    if (!sub?.code) throw forbidden('找不到您所属的分公司，无法部署流程');
    return { tenantId: sub.code, orgId: sub.id };
  }
  const org = await services.orgs.get(user.orgId);
  if (org?.type !== 'group') throw forbidden('只有集团或分公司的用户可以部署流程');
  return { tenantId: GROUP_TENANT, orgId: org.id };
}

/** The upload as text: UTF-8 only (a BPMN file declaring another encoding is refused, not misread). */
function decodeBpmn(file: UploadedFile): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.buffer);
  } catch {
    throw modelRejected([
      {
        elementId: DOCUMENT,
        reason: '文件不是 UTF-8 编码的文本，请以 UTF-8 保存 BPMN 文件',
        reasonEn: 'the file is not UTF-8 text; save the BPMN file as UTF-8',
      },
    ]);
  }
  const declared = /^\uFEFF?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(text)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    throw modelRejected([
      {
        elementId: DOCUMENT,
        reason: `文件声明的编码为 ${declared.slice(0, 40)}，只接受 UTF-8 编码的 BPMN 文件`,
        reasonEn: `the file declares the encoding ${declared.slice(0, 40)}; only UTF-8 BPMN files are accepted`,
      },
    ]);
  }
  return text;
}

/**
 * Query parameters and multipart text fields next to the file (e.g. `tenant`) are refused: the
 * deploy takes only the file, and its tenant comes from the user.
 */
export function refuseClientTenant(query: unknown, body: unknown): void {
  const keys = (v: unknown) => (v && typeof v === 'object' ? Object.keys(v) : []);
  const [q] = keys(query);
  if (q !== undefined) throw invalid(`query.${q.slice(0, 64)}`, '不接受此参数：只需上传 BPMN 文件，部署归属由当前用户决定');
  const [b] = keys(body);
  if (b !== undefined) throw invalid(`body.${b.slice(0, 64)}`, '不接受此字段：只需上传 BPMN 文件，部署归属由当前用户决定');
}

/** Parse for the deploy rules; like `validateDeployment`, any unexpected failure is a refusal of the file. */
async function parseUpload(xml: string): Promise<ParsedModel> {
  try {
    return await parseBpmn(xml);
  } catch (err) {
    if (err instanceof ModelRejectedError) throw err;
    const msg = String((err as Error)?.message ?? err).slice(0, 200);
    throw new ModelRejectedError([
      {
        elementId: DOCUMENT,
        reason: `检查模型时出错，文件不予接受：${msg}`,
        reasonEn: `checking the model failed, the file is refused: ${msg}`,
      },
    ]);
  }
}

/** An upload that passed every deploy check, ready for `engine.deploy` (or a test run). */
export interface CheckedUpload {
  tenantId: string;
  orgId: number;
  xml: string;
  model: ParsedModel;
  /** Zeebe: the current stored versions of the forms its user tasks link, deployed with it. */
  forms: DeployResource[];
}

/**
 * The deploy checks of one uploaded BPMN file, without deploying: the deploy tenant of the user,
 * parse, the deploy rules (who may deploy which process id — 403, see process-deploy.rules.ts),
 * embedded gate (when the embedded driver runs), Camunda 8.8 lint and the shipped model's locks for
 * core processes, and the forms its user tasks link (stored, usable by the tenant) — every problem in
 * one 422 MODEL_REJECTED.
 */
export async function checkDeployUpload(services: Services, user: AuthUser, file: UploadedFile): Promise<CheckedUpload> {
  const { tenantId, orgId } = await deployTenantOf(services, user);
  const xml = decodeBpmn(file);
  try {
    const model = await parseUpload(xml);
    assertMayDeploy(model, tenantId);
    const problems: ModelProblem[] = [];
    try {
      await validateDeployment(xml, { embedded: services.engine.driver === 'embedded' });
    } catch (err) {
      if (!(err instanceof ModelRejectedError)) throw err;
      problems.push(...err.problems);
    }
    problems.push(...(await lockProblems(model)));
    const forms = await linkedFormResources(services, model, tenantId);
    problems.push(...forms.problems);
    if (problems.length) throw new ModelRejectedError(problems);
    return { tenantId, orgId, xml, model, forms: services.engine.driver === 'zeebe' ? forms.resources : [] };
  } catch (err) {
    if (err instanceof ModelRejectedError) throw modelRejected(err.problems);
    throw err;
  }
}

/**
 * Deploy one uploaded BPMN file: the deploy checks (`checkDeployUpload`), then `engine.deploy` and
 * one audit record per deployed process. A refusal changes nothing.
 */
export async function deployProcessFile(
  services: Services,
  user: AuthUser,
  file: UploadedFile,
  audit: Audit,
): Promise<ProcessDeployResult> {
  const { tenantId, orgId, xml, forms } = await checkDeployUpload(services, user, file);
  let deployed: DeployedProcess[];
  try {
    deployed = await services.engine.deploy(tenantId, [{ name: file.originalName.slice(0, 255), content: xml }, ...forms]);
  } catch (err) {
    if (err instanceof ModelRejectedError) throw modelRejected(err.problems);
    throw err;
  }
  for (const d of deployed) {
    await audit({
      action: 'process_definition.deploy',
      entityType: 'process_definition',
      entityId: `${d.processId}:${d.version}`.slice(0, 64),
      orgId,
      after: { tenantId, processId: d.processId, version: d.version, definitionKey: d.definitionKey, resourceName: d.resourceName },
    });
  }
  return { processes: deployed.map((d) => ({ processId: d.processId, version: d.version })) };
}
