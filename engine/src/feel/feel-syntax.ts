import { parseExpression } from '@bpmn-io/feelin';
import { camundaFunctionNames } from './camunda-functions.js';
import { feelBody } from './feel-evaluate.js';

const parseContext: Record<string, unknown> = Object.fromEntries(camundaFunctionNames.map((n) => [n, null]));

/**
 * Whether an `=`-expression parses as FEEL. Answers undefined when it does, else a short English
 * description of the first syntax error (with its position). Never evaluates anything.
 */
export function feelSyntaxError(expression: string): string | undefined {
  const body = feelBody(expression);
  if (body.trim() === '') return 'the expression after "=" is empty';
  let error: string | undefined;
  try {
    const tree = parseExpression(body, parseContext, undefined);
    tree.iterate({
      enter(node) {
        if (error) return false;
        if (node.type.isError) {
          const near = body.slice(node.from, node.from + 20);
          error =
            node.from >= body.length ? 'the expression ends unexpectedly' : `unexpected input at position ${node.from + 1}: "${near}"`;
          return false;
        }
        return undefined;
      },
    });
  } catch (err) {
    error = `unparsable: ${(err as Error).message}`;
  }
  return error;
}
