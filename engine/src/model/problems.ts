import { ModelRejectedError, type ModelProblem } from '../process-engine.js';

/** The element id used for problems of the file as a whole. */
export const DOCUMENT = '(document)';

/** At most this many problems are reported (a broken file can have thousands). */
export const MAX_PROBLEMS = 100;

export const problem = (elementId: string, reason: string, reasonEn: string): ModelProblem => ({ elementId, reason, reasonEn });

export const rejectDocument = (reason: string, reasonEn: string): ModelRejectedError =>
  new ModelRejectedError([problem(DOCUMENT, reason, reasonEn)]);

/** Short, single-line excerpt of an untrusted message (moddle echoes input back). */
export const excerpt = (text: string, max = 200): string => {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
};

/** Drop exact duplicates and cap the list. */
export function dedupe(problems: ModelProblem[]): ModelProblem[] {
  const seen = new Set<string>();
  const out: ModelProblem[] = [];
  for (const p of problems) {
    const key = `${p.elementId}\u0000${p.reasonEn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
    if (out.length === MAX_PROBLEMS) break;
  }
  return out;
}
