import { ModelRejectedError } from '../process-engine.js';
import { checkEmbeddedSupport } from './embedded-gate.js';
import type { ParsedModel } from './model.types.js';
import { parseBpmn } from './parse-bpmn.js';
import { dedupe, excerpt, rejectDocument } from './problems.js';
import { lintForZeebe } from './zeebe-lint.js';

export interface ValidateOptions {
  /** Apply the embedded-driver gate (default true); the Camunda 8.8 lint always runs. */
  embedded?: boolean;
}

/**
 * Everything a deploy checks, in one call: parse, embedded gate, Camunda 8.8 lint. Answers the
 * parsed model, or throws `ModelRejectedError` with every problem found. Whatever the input, no
 * other error escapes: an unexpected failure while checking is itself a reason to refuse the file.
 */
export async function validateDeployment(xml: string, options: ValidateOptions = {}): Promise<ParsedModel> {
  try {
    const model = await parseBpmn(xml);
    const problems = [...(options.embedded === false ? [] : checkEmbeddedSupport(model)), ...(await lintForZeebe(model.definitions))];
    if (problems.length) throw new ModelRejectedError(dedupe(problems));
    return model;
  } catch (err) {
    if (err instanceof ModelRejectedError) throw err;
    const msg = excerpt(String((err as Error)?.message ?? err));
    throw rejectDocument(`检查模型时出错，文件不予接受：${msg}`, `checking the model failed, the file is refused: ${msg}`);
  }
}
