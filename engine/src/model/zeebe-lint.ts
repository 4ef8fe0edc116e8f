import { createRequire } from 'node:module';
import type { ModelProblem } from '../process-engine.js';
import { lintReasonZh } from './lint-messages.js';
import { DOCUMENT, excerpt, problem } from './problems.js';

/**
 * bpmnlint 11 with bpmnlint-plugin-camunda-compat's rule set for Camunda 8.8, so that every model the
 * server accepts also deploys unchanged to Zeebe. bpmnlint resolves rules through a resolver; ours is
 * static, built once from the installed packages (no file-system lookups at lint time).
 */

const require = createRequire(import.meta.url);

export const ZEEBE_LINT_CONFIG = 'plugin:camunda-compat/camunda-cloud-8-8';
const PLUGIN = 'bpmnlint-plugin-camunda-compat';

interface LintReport {
  id?: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error' | 'off';
}

interface BpmnLinter {
  lint(root: unknown): Promise<Record<string, LintReport[]>>;
}

/** `rule:<pkg>/<name>` and `config:<pkg>/<name>` entries for bpmnlint's StaticResolver. */
function buildResolverCache(): Record<string, unknown> {
  const plugin = require(PLUGIN) as { rules: Record<string, string>; configs: Record<string, unknown> };
  const cache: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(plugin.rules)) {
    if (ref.startsWith('./')) cache[`rule:${PLUGIN}/${name}`] = require(`${PLUGIN}/${ref.slice(2)}`);
    else if (ref.startsWith('bpmnlint/'))
      cache[`rule:bpmnlint/${ref.slice('bpmnlint/'.length)}`] = require(`bpmnlint/rules/${ref.slice('bpmnlint/'.length)}`);
  }
  for (const [name, config] of Object.entries(plugin.configs)) cache[`config:${PLUGIN}/${name}`] = config;
  return cache;
}

let linter: BpmnLinter | undefined;

function getLinter(): BpmnLinter {
  if (!linter) {
    const { Linter } = require('bpmnlint') as { Linter: new (opts: object) => BpmnLinter };
    const StaticResolver = require('bpmnlint/lib/resolver/static-resolver') as new (cache: object) => object;
    linter = new Linter({ config: { extends: ZEEBE_LINT_CONFIG }, resolver: new StaticResolver(buildResolverCache()) });
  }
  return linter;
}

/**
 * Lint a parsed model (the moddle root from `parseBpmn`) against Camunda 8.8 and answer its errors
 * as problems (warnings are not problems). A rule that crashes counts as a problem: a model we cannot
 * check is not deployed.
 */
export async function lintForZeebe(definitions: unknown): Promise<ModelProblem[]> {
  const results = await getLinter().lint(definitions);
  const out: ModelProblem[] = [];
  for (const [rule, reports] of Object.entries(results)) {
    const short = rule.replace(/^camunda-compat\//, '');
    for (const r of reports) {
      if (r.category !== 'error' && r.category !== 'rule-error') continue;
      // translate the whole message (patterns need its end), then shorten both texts
      const message = r.message ?? '';
      out.push(
        problem(r.id ?? DOCUMENT, excerpt(lintReasonZh(short, message), 400), `${excerpt(message, 300)} (Camunda 8.8 rule ${short})`),
      );
    }
  }
  return out;
}
