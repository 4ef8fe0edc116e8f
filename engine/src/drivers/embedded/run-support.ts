import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ScopeState } from './run-scopes.js';
import type { TaskSpec } from './run-types.js';
import type { ZeebeActivity } from './zeebe-extensions.js';

export const silentLogger = () => ({ debug() {}, error() {}, warn() {} });

/** Drop the embedded source and the variables bpmn-elements copies into every environment. */
function strip(value: unknown, depth = 0): unknown {
  if (!value || typeof value !== 'object' || depth > 40) return value;
  if (Array.isArray(value)) {
    for (const v of value) strip(v, depth + 1);
    return value;
  }
  const obj = value as Record<string, unknown>;
  if (depth <= 2 && 'source' in obj && typeof obj.source === 'string') delete obj.source;
  if (obj.environment && typeof obj.environment === 'object') {
    const env = obj.environment as Record<string, unknown>;
    if (env.variables) env.variables = {};
  }
  for (const k of Object.keys(obj)) strip(obj[k], depth + 1);
  return value;
}

/** What is stored of a waiting instance: bpmn-engine's state (without source and copies) and the scopes. */
export function packSnapshot(engineState: unknown, scopes: Record<string, ScopeState>): Buffer {
  const state = strip(engineState) as Record<string, unknown>;
  if (Object.keys(scopes).length) state.$scopes = scopes;
  return deflateRawSync(JSON.stringify(state));
}

export function unpackSnapshot(snapshot: Buffer): { engineState: unknown; scopes: Record<string, ScopeState> } {
  const state = JSON.parse(inflateRawSync(snapshot).toString('utf8')) as Record<string, unknown>;
  const scopes = (state.$scopes ?? {}) as Record<string, ScopeState>;
  delete state.$scopes;
  return { engineState: state, scopes };
}

const list = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.map(String)
    : typeof v === 'string' && v.trim()
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];

const dateOf = (v: unknown) => {
  if (!v) return null;
  const d = new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d;
};

/** The assignment, schedule, priority and form of a `zeebe:userTask`, its expressions evaluated with `ev`. */
export function taskSpecOf(z: ZeebeActivity, name: string, ev: (expr: string | undefined) => unknown): TaskSpec {
  const assignee = ev(z.assignee);
  const priority = Number(ev(z.priority) ?? 50);
  return {
    name,
    assignee: assignee ? String(assignee) : null,
    candidateGroups: list(ev(z.candidateGroups)),
    candidateUsers: list(ev(z.candidateUsers)),
    dueDate: dateOf(ev(z.dueDate)),
    followUpDate: dateOf(ev(z.followUpDate)),
    priority: Number.isFinite(priority) ? priority : 50,
    formId: z.formId ?? null,
  };
}
