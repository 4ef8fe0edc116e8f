import { DOCUMENT, ModelRejectedError, parseBpmn, type ModelProblem, type ParsedModel } from '@warmline/engine';
import type { ErrorDetail } from '@warmline/contracts';
import { AppError } from '../../core/app-error.js';
import type { DraftOwner } from './process-draft.scope.js';
import { assertMayDraft } from './process-draft.scope.js';

function rejected(problems: ModelProblem[]): AppError {
  const details: ErrorDetail[] = problems.map((p) => ({
    field: p.elementId === DOCUMENT ? 'body.xml' : p.elementId,
    message: p.reason,
    elementId: p.elementId,
    reasonEn: p.reasonEn,
  }));
  return new AppError('MODEL_REJECTED', `草稿不是有效的 BPMN 模型（${problems.length} 个问题），未保存`, details);
}

/**
 * A draft's XML must be a well-formed BPMN document (parsed with bpmn-moddle by the engine's
 * `parseBpmn`: no DOCTYPE, known elements, unique ids, resolvable references) holding the process
 * it is saved under; every process in it must be one the owner may deploy. The deploy checks
 * (lint, locked core nodes, linked forms) are not run: a draft is unfinished work, the deploy checks it.
 */
export async function checkDraftXml(xml: string, processId: string, owner: DraftOwner): Promise<ParsedModel> {
  let model: ParsedModel;
  try {
    model = await parseBpmn(xml);
  } catch (err) {
    if (err instanceof ModelRejectedError) throw rejected(err.problems);
    const msg = String((err as Error)?.message ?? err).slice(0, 200);
    throw rejected([{ elementId: DOCUMENT, reason: `无法解析草稿：${msg}`, reasonEn: `the draft cannot be parsed: ${msg}` }]);
  }
  const shown = processId.slice(0, 64);
  if (!model.processes.some((p) => p.id === processId)) {
    throw rejected([
      {
        elementId: DOCUMENT,
        reason: `草稿中没有 ID 为「${shown}」的流程（保存的流程 ID 须与图中流程的 ID 一致）`,
        reasonEn: `the draft holds no process with the id <${shown}>`,
      },
    ]);
  }
  for (const p of model.processes) assertMayDraft(p.id, owner);
  return model;
}
