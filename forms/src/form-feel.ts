import { evaluate, parseExpression, parseUnaryTests, unaryTest } from '@bpmn-io/feelin';

/**
 * FEEL in forms, evaluated the way form-js does it (a `=`-prefixed string; `conditional.hide` as a
 * unary test, `valuesExpression` as an expression) — with @bpmn-io/feelin only, over a plain JSON
 * copy of the data, so an expression can never reach a function or a host object. No JavaScript is
 * ever run.
 */

export const isFeel = (value: unknown): boolean => typeof value === 'string' && value.trimStart().startsWith('=');

const body = (expression: string) => expression.trimStart().slice(1);

/** A JSON copy: functions, class instances and getters do not survive, prototypes are plain. */
function plain(context: Record<string, unknown>): Record<string, unknown> {
  try {
    const copy: unknown = JSON.parse(JSON.stringify(context));
    return copy && typeof copy === 'object' && !Array.isArray(copy) ? (copy as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Whether a `conditional.hide` expression hides its field: only a result of exactly `true` hides,
 * and an expression that fails to parse or evaluate hides nothing (as in form-js).
 */
export function hideConditionMet(expression: string | undefined, context: Record<string, unknown>): boolean {
  if (typeof expression !== 'string' || !isFeel(expression)) return false;
  try {
    return unaryTest(body(expression), plain(context)).value === true;
  } catch {
    return false;
  }
}

/** The value of a FEEL expression, or null when it does not parse or evaluate. */
export function evaluateFeelValue(expression: string, context: Record<string, unknown>): unknown {
  if (!isFeel(expression)) return null;
  try {
    return evaluate(body(expression), plain(context)).value ?? null;
  } catch {
    return null;
  }
}

/**
 * Names of the variables an expression reads (the first segment of each path; function names are
 * not variables). Used to tell the client which process variables a form needs.
 */
export function feelVariableNames(expression: string, kind: 'expression' | 'unaryTest'): string[] {
  if (!isFeel(expression)) return [];
  const text = body(expression);
  const names = new Set<string>();
  try {
    const tree = kind === 'unaryTest' ? parseUnaryTests(text, {}, undefined) : parseExpression(text, {}, undefined);
    tree.iterate({
      enter(ref) {
        if (ref.name !== 'VariableName') return;
        const node = ref.node;
        const parent = node.parent;
        // `a.b`: only `a` is a variable; `f(x)`: `f` is a function.
        if (parent?.name === 'PathExpression' && node.prevSibling) return;
        if (parent?.name === 'FunctionInvocation' && !node.prevSibling) return;
        names.add(text.slice(ref.from, ref.to));
      },
    });
  } catch {
    return [];
  }
  return [...names];
}
