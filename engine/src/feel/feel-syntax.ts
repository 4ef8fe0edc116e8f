import { parseExpression } from '@bpmn-io/feelin';
import { camundaFunctionNames } from './camunda-functions.js';
import { feelBody } from './feel-evaluate.js';

const parseContext: Record<string, unknown> = Object.fromEntries(camundaFunctionNames.map((n) => [n, null]));

/**
 * Whether an `=`-expression parses as FEEL. Answers undefined when it does, else a short description
 * of the first syntax error (with its position), in Chinese for the UI and in English for logs and
 * Zeebe-style messages. Never evaluates anything.
 */
export function feelSyntaxError(expression: string): { zh: string; en: string } | undefined {
  const body = feelBody(expression);
  if (body.trim() === '') return { zh: '"=" 之后没有表达式', en: 'the expression after "=" is empty' };
  let error: { zh: string; en: string } | undefined;
  try {
    const tree = parseExpression(body, parseContext, undefined);
    tree.iterate({
      enter(node) {
        if (error) return false;
        if (node.type.isError) {
          const near = body.slice(node.from, node.from + 20);
          error =
            node.from >= body.length
              ? { zh: '表达式不完整（在结尾处意外结束）', en: 'the expression ends unexpectedly' }
              : { zh: `第 ${node.from + 1} 个字符处无法识别：「${near}」`, en: `unexpected input at position ${node.from + 1}: "${near}"` };
          return false;
        }
        return undefined;
      },
    });
  } catch (err) {
    error = { zh: `无法解析：${(err as Error).message}`, en: `unparsable: ${(err as Error).message}` };
  }
  return error;
}
