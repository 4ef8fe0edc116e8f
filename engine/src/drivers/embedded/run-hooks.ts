import { evaluateCondition, evaluateExpression } from '../../feel/index.js';
import type { Variables } from '../../process-engine.js';
import type { RunScopes, ScopeContent } from './run-scopes.js';
import type { Callback, DeploymentInfo, RunError } from './run-types.js';
import type { ZeebeActivity } from './zeebe-extensions.js';

/**
 * The hooks bpmn-engine calls during a run: expressions (FEEL after `=`, static values are never
 * interpreted), scripts (only sequence-flow conditions and zeebe:script, both FEEL) and timers (rows,
 * not in-process timeouts). Nothing from a model can reach the host: there is no other way in.
 */
export interface HookHost {
  readonly vars: Variables;
  readonly deployment: DeploymentInfo;
  readonly scopes: RunScopes;
  readonly pendingTimers: Map<string, { el: string; due: number }>;
  readonly dueTimers: Map<string, () => void>;
  evaluate(expr: string | undefined, elementId: string, extra?: Variables): unknown;
  localsOf(message: { content?: ScopeContent } | undefined): Variables | undefined;
  fail(err: unknown, elementId: string, type: RunError['errorType']): void;
  zeebeOf(activity: { id: string; behaviour?: unknown }): ZeebeActivity;
}

export function expressionHooks(host: HookHost) {
  return {
    resolveExpression: (expr: unknown, from: { content?: ScopeContent }) => {
      if (typeof expr !== 'string') return expr;
      const content = from?.content;
      const elementId = content?.id ?? '(process)';
      if (!expr.trim().startsWith('=')) return expr; // static value: never interpreted
      const loop = content?.id ? host.deployment.zeebe.get(content.id)?.loop : undefined;
      if (loop?.inputCollection === expr && content?.isRootScope && content.executionId) {
        return host.scopes.collection(content.executionId, () => host.evaluate(expr, elementId, host.localsOf(from)));
      }
      if (loop?.completionCondition === expr && content?.executionId) {
        const counts = host.scopes.completionVariables(content.executionId, !!content.isSequential);
        return host.evaluate(expr, elementId, { ...host.localsOf(from), ...counts }) === true;
      }
      return host.evaluate(expr, elementId, host.localsOf(from));
    },
    isExpression: (text: unknown) => typeof text === 'string' && text.trim().startsWith('='),
    hasExpression: (text: unknown) => typeof text === 'string' && text.trim().startsWith('='),
  };
}

/** Only FEEL: sequence-flow conditions and zeebe:script. Anything else is refused. */
export function scriptHooks(host: HookHost) {
  return {
    register: () => undefined,
    getScript: (_language: string, element: { id: string; type: string; behaviour?: { conditionExpression?: { body?: string } } }) => {
      if (element.type === 'bpmn:SequenceFlow') {
        const body = element.behaviour?.conditionExpression?.body ?? '';
        return {
          execute: (scope: { content?: ScopeContent }, callback: Callback) => {
            try {
              callback(null, evaluateCondition(body.trim(), { ...host.vars, ...host.localsOf(scope) }));
            } catch (err) {
              host.fail(err, element.id, 'EXPRESSION_ERROR');
              callback(err);
            }
          },
        };
      }
      if (element.type === 'bpmn:ScriptTask') {
        const z = host.zeebeOf(element);
        if (!z.script) {
          host.fail(
            new Error('only zeebe:script FEEL expressions run in scripts; other script languages are refused'),
            element.id,
            'ENGINE_ERROR',
          );
          return undefined;
        }
        const script = z.script;
        return {
          execute: (scope: { content?: ScopeContent }, callback: Callback) => {
            try {
              const value = evaluateExpression(script.expression, { ...host.vars, ...host.localsOf(scope) });
              if (script.resultVariable) host.vars[script.resultVariable] = value;
              callback(null, value);
            } catch (err) {
              host.fail(err, element.id, 'EXPRESSION_ERROR');
            }
          },
        };
      }
      return undefined;
    },
  };
}

/**
 * Timers are rows: a timer set during the run becomes a `timer` wait; the scheduler restores the
 * instance when due. A timer already due fires after the restore (see `fireDueTimers`).
 */
export function timerHooks(host: HookHost) {
  const pending = host.pendingTimers;
  const due = host.dueTimers;
  return {
    executing: [] as unknown[],
    register: (owner: { expireAt?: Date | string }) => ({
      setTimeout: (cb: () => void, delay: number, meta: { id: string; executionId: string }) => {
        const at = owner?.expireAt ? new Date(owner.expireAt).getTime() : Date.now() + delay;
        const k = `t:${meta.executionId}@${at}`;
        if (at <= Date.now()) due.set(k, cb);
        else pending.set(k, { el: meta.id, due: at });
        return { k };
      },
      clearTimeout: (ref: { k?: string } | undefined) => {
        if (ref?.k) {
          pending.delete(ref.k);
          due.delete(ref.k);
        }
      },
    }),
    setTimeout: () => ({}),
    clearTimeout: () => undefined,
  };
}
