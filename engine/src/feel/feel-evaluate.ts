import { evaluate, SyntaxError as FeelSyntaxError, unaryTest, type EvaluationResult } from '@bpmn-io/feelin';
import { camundaFunctions } from './camunda-functions.js';
import { FeelError } from './feel-error.js';
import { toFeelContext, toJsonValue } from './feel-values.js';

/**
 * Zeebe's expression rule: an attribute value starting with `=` is a FEEL expression, anything else
 * is a static value (a plain string). Leading whitespace before the `=` is ignored.
 */
export function isFeelExpression(value: string | undefined | null): value is string {
  return typeof value === 'string' && value.trimStart().startsWith('=');
}

/** The FEEL text after the `=` marker. */
export const feelBody = (expression: string) => expression.trimStart().slice(1);

function run<T>(expression: string, fn: () => EvaluationResult<T>): EvaluationResult<T> {
  try {
    return fn();
  } catch (err) {
    if (err instanceof FeelError) throw new FeelError(err.message, expression, err.warnings);
    const e = err as Error;
    const kind = err instanceof FeelSyntaxError ? 'syntax error' : 'evaluation failed';
    throw new FeelError(`failed to evaluate expression '${expression}': ${kind}: ${e?.message ?? String(err)}`, expression);
  }
}

const contextFor = (variables: Record<string, unknown> | undefined, expression: string) => ({
  ...camundaFunctions,
  ...toFeelContext(variables, expression),
});

/**
 * The raw FEEL value of an `=`-expression (luxon dates, durations, …), for callers that need FEEL
 * types (timers). Most callers want `evaluateExpression`.
 */
export function evaluateFeel(expression: string, variables: Record<string, unknown> | undefined): EvaluationResult<unknown> {
  return run(expression, () => evaluate(feelBody(expression), contextFor(variables, expression)));
}

/**
 * Evaluate a Zeebe attribute value: `=expr` is FEEL over the variables (plus Camunda's extra
 * functions) and answers a JSON value (dates/durations as ISO strings); anything else is returned as
 * the static string it is. `undefined` stays `undefined`. Throws `FeelError` when the expression does
 * not parse or a function (e.g. `assert`) fails; like Zeebe, a missing variable evaluates to null.
 */
export function evaluateExpression(expr: string | undefined, variables: Record<string, unknown>): unknown {
  if (expr === undefined) return undefined;
  if (!isFeelExpression(expr)) return expr;
  return toJsonValue(evaluateFeel(expr, variables).value);
}

/**
 * A sequence-flow condition (`=` FEEL that must give a boolean). Throws `FeelError` when the result
 * is not a boolean (Zeebe raises an incident then), naming the warnings (e.g. a missing variable).
 */
export function evaluateCondition(expr: string, variables: Record<string, unknown>): boolean {
  if (!isFeelExpression(expr)) {
    throw new FeelError(`condition '${expr}' is not a FEEL expression (it must start with '=')`, expr);
  }
  const { value, warnings } = evaluateFeel(expr, variables);
  if (typeof value !== 'boolean') {
    const shown = value === null || value === undefined ? 'null' : typeof value;
    const why = warnings.map((w) => w.message);
    throw new FeelError(
      `expected the condition '${expr}' to be a boolean, but it was ${shown}${why.length ? ` (${why.join('; ')})` : ''}`,
      expr,
      why,
    );
  }
  return value;
}

/** FEEL unary tests (`> 5`, `"a","b"`, `[1..10]`) against an input value. */
export function evaluateUnaryTests(tests: string, input: unknown, variables: Record<string, unknown> = {}): boolean {
  const context = { ...contextFor(variables, tests), '?': toFeelContext({ v: input }, tests).v ?? null };
  const { value } = run(tests, () => unaryTest(tests, context));
  return value === true;
}
