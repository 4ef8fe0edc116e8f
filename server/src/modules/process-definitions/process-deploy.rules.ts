import { checkLockedNodes, GROUP_TENANT, type ModelProblem, type ParsedModel } from '@warmline/engine';
import { CORE_PROCESS_IDS, EXTENSION_PROCESS_IDS, extensionPointOf, readProcessModel } from '@warmline/process-models';
import { AppError } from '../../core/app-error.js';

/**
 * Who may deploy which process (docs/decisions/0006-deploy-rules.md):
 * - a core process (CORE_PROCESS_IDS): group staff only, and it must keep the shipped model's
 *   locked nodes and extension points;
 * - an extension process (EXTENSION_PROCESS_IDS): subsidiary users only, into their own tenant;
 * - any other process: group staff only (group-wide custom processes).
 */

const CORE: ReadonlySet<string> = new Set(CORE_PROCESS_IDS);
const EXTENSIONS: ReadonlySet<string> = new Set(EXTENSION_PROCESS_IDS);

const shown = (processId: string) => processId.slice(0, 64);

function refused(processId: string, message: string): AppError {
  return new AppError('FORBIDDEN', message, [{ field: 'file', message, elementId: shown(processId) }]);
}

/** The first rule the deployer breaks for one process id, as a 403 naming the process; undefined when allowed. */
export function ownershipRefusal(processId: string, tenantId: string): AppError | undefined {
  const group = tenantId === GROUP_TENANT;
  const id = shown(processId);
  if (CORE.has(processId)) {
    return group ? undefined : refused(processId, `流程「${id}」是集团核心流程，只有集团用户可以部署；分公司只能部署本分公司的扩展流程`);
  }
  if (EXTENSIONS.has(processId)) {
    return group
      ? refused(processId, `流程「${id}」是扩展点「${extensionPointOf(processId)}」的分公司扩展流程，只能由分公司用户为本分公司部署`)
      : undefined;
  }
  return group ? undefined : refused(processId, `分公司只能部署扩展流程（${EXTENSION_PROCESS_IDS.join('、')}），不能部署流程「${id}」`);
}

/** Refuse the whole file (403) when the deployer may not deploy one of its processes. */
export function assertMayDeploy(model: ParsedModel, tenantId: string): void {
  for (const p of model.processes) {
    const refusal = ownershipRefusal(p.id, tenantId);
    if (refusal) throw refusal;
  }
}

/**
 * Lock problems of every core process in the upload that the product ships a model for: the
 * upload must keep the shipped model's locked nodes, skeleton and extension points.
 */
export async function lockProblems(model: ParsedModel): Promise<ModelProblem[]> {
  const problems: ModelProblem[] = [];
  for (const p of model.processes) {
    if (!CORE.has(p.id)) continue;
    const shipped = readProcessModel(p.id);
    if (shipped) problems.push(...(await checkLockedNodes(shipped.content, { ...model, processes: [p] })));
  }
  return problems;
}
