/**
 * The one place the embedded driver evaluates FEEL. It delegates to the model engineer's
 * `engine/src/feel` module once that exists; until then it calls @bpmn-io/feelin directly with
 * Zeebe's rule: a value starting with `=` is FEEL, anything else is a static string.
 */
import { evaluate } from '@bpmn-io/feelin';
import type { Variables } from '../../process-engine.js';

export class FeelEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeelError';
  }
}

function toPlain(value: unknown): unknown {
  if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
    return (value as { toISO: () => string }).toISO();
  }
  return value;
}

export function evaluateFeel(expr: string | undefined, variables: Variables): unknown {
  if (expr === undefined || expr === null) return undefined;
  const trimmed = String(expr).trim();
  if (!trimmed.startsWith('=')) return expr;
  try {
    return toPlain(evaluate(trimmed.slice(1), variables).value);
  } catch (err) {
    throw new FeelEvaluationError(`failed to evaluate expression '${trimmed}': ${(err as Error).message}`);
  }
}

export function evaluateFeelCondition(expr: string, variables: Variables): boolean {
  const value = evaluateFeel(expr.trim().startsWith('=') ? expr : `=${expr}`, variables);
  if (typeof value !== 'boolean') {
    throw new FeelEvaluationError(`expected condition '${expr}' to be a boolean, but it was ${JSON.stringify(value ?? null)}`);
  }
  return value;
}
