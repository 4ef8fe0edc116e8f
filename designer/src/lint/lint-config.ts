import bundle from 'virtual:bpmnlint-config';
import { lintReasonZh } from '@warmline/engine/lint-messages';

interface Reporter {
  report(id: string, message: string, path?: unknown): void;
}
type Check = (node: unknown, reporter: Reporter) => void;
interface RuleDefinition {
  check: Check | { enter?: Check; leave?: Check };
  [key: string]: unknown;
}

/** Each report worded in Chinese exactly as the server's deploy check words it. */
function inChinese(rule: RuleDefinition, { ruleName }: { pkg: string; ruleName: string }): RuleDefinition {
  const wrap = (check: Check | undefined): Check | undefined =>
    check &&
    ((node, reporter) => check(node, { report: (id, message, path) => reporter.report(id, lintReasonZh(ruleName, message), path) }));
  const check = rule.check;
  return {
    ...rule,
    check: typeof check === 'function' ? wrap(check)! : { enter: wrap(check.enter), leave: wrap(check.leave) },
  };
}

/**
 * bpmn-js-bpmnlint's `linting.bpmnlint`: the Camunda 8.8 rule set the server lints with
 * (`plugin:camunda-compat/camunda-cloud-8-8`, compiled at build time), reports in Chinese.
 */
export const LINT_CONFIG = { ...bundle, transformRule: inChinese };
