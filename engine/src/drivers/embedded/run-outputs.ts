import type { Variables } from '../../process-engine.js';
import type { HookHost } from './run-hooks.js';
import { setPath, type ScopeContent } from './run-scopes.js';
import type { Api, Wait } from './run-types.js';

/**
 * Output mappings of an embedded subprocess; the output collection of a multi-instance activity;
 * the output element of a multi-instance subprocess iteration (at each end event of the iteration).
 */
export function onActivityEnd(host: HookHost, api: Api): void {
  const content = api.content as ScopeContent;
  const z = host.deployment.zeebe.get(api.id);
  if (content.isRootScope && z?.loop?.outputCollection && content.isMultiInstance) {
    host.vars[z.loop.outputCollection] = host.scopes.outputs(api.executionId);
    return;
  }
  if (api.type === 'bpmn:SubProcess' && content.isRootScope && !z?.loop && z?.outputs.length) {
    const ctx = { ...host.vars, ...host.scopes.localsInside(content, { id: api.id, executionId: api.executionId }) };
    for (const m of z.outputs) setPath(host.vars, m.target, host.evaluate(m.source, api.id, ctx));
    return;
  }
  if (api.type !== 'bpmn:EndEvent') return;
  const iteration = host.scopes.iterationOf(content);
  if (!iteration) return;
  const sub = host.deployment.zeebe.get(iteration.id);
  const locals = host.localsOf(api);
  if (sub?.outputs.length) {
    const ctx = { ...host.vars, ...locals };
    for (const m of sub.outputs) setPath(host.vars, m.target, host.evaluate(m.source, iteration.id, ctx));
  }
  if (sub?.loop?.outputElement) host.scopes.setOutput(iteration.executionId, host.evaluate(sub.loop.outputElement, iteration.id, locals));
}

/** A multi-instance task iteration that completes records its `outputElement`, evaluated in its own scope. */
export function recordIterationOutput(host: HookHost, waitKey: string, wait: Wait, variables: Variables | undefined): void {
  const loop = host.deployment.zeebe.get(wait.el)?.loop;
  if (!loop?.outputCollection || !loop.outputElement || wait.loc?.loopCounter === undefined) return;
  host.scopes.setOutput(waitKey, host.evaluate(loop.outputElement, wait.el, { ...wait.loc, ...variables }));
}
