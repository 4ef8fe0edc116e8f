import type { ModelProblem } from '../process-engine.js';
import { constructChecks } from './gate-constructs.js';
import { expressionProblems } from './gate-expressions.js';
import { moddleProblems } from './gate-moddle.js';
import type { ParsedElement, ParsedModel } from './model.types.js';
import { dedupe } from './problems.js';

/**
 * The embedded deploy gate: every construct the embedded driver cannot run with Zeebe semantics,
 * every Zeebe extension a construct needs but lacks, every FEEL expression that does not parse,
 * every malformed static timer, and anything that would make bpmn-engine run model code. Answers the
 * problems (element id + Chinese and English reason); an empty list means the embedded driver can
 * run the model.
 */
export function checkEmbeddedSupport(model: ParsedModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  for (const proc of model.processes) {
    if (!proc.isExecutable) continue;
    const byId = new Map<string, ParsedElement>(proc.elements.map((e) => [e.id, e]));
    for (const e of proc.elements) {
      for (const check of constructChecks) problems.push(...check(e, proc, byId));
      problems.push(...expressionProblems(e));
    }
  }
  problems.push(...moddleProblems(model.definitions));
  return dedupe(problems);
}
