/**
 * Which elements an embedded instance ran, for drawing its path (decision 0016).
 *
 * A waiting instance answers from its saved bpmn-engine state: every activity and sequence flow
 * there carries counters (`taken` / `take`). A finished instance has no state to resume, so when it
 * completes (or is cancelled) its `snapshot` column keeps only the final progress —
 * `{ $progress: { completed, flows } }`, a few hundred bytes — instead of becoming empty.
 */
import { deflateRawSync } from 'node:zlib';
import type { InstanceProgress, InstanceState } from '../../process-engine.js';
import type { Wait } from './run-types.js';
import { parseJson, type InstanceRow } from './instance-store.js';
import { unpackSnapshot } from './run-support.js';

interface Progress {
  completed: string[];
  flows: string[];
  /** Boundary events of the state (a boundary waiting for its trigger is not shown as active, as in Zeebe). */
  boundaries?: string[];
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): Node[] => (Array.isArray(v) ? v.filter(isNode) : []);
const count = (counters: unknown, name: string): number => (isNode(counters) ? Number(counters[name] ?? 0) : 0);

/** Walk one execution (a process or a sub-process) and everything nested in it. */
interface Walk {
  completed: Set<string>;
  flows: Set<string>;
  boundaries: Set<string>;
}

function walkExecution(execution: unknown, out: Walk, depth: number): void {
  if (!isNode(execution) || depth > 30) return;
  for (const child of arr(execution.children)) {
    if (typeof child.id === 'string' && count(child.counters, 'taken') > 0) out.completed.add(child.id);
    if (typeof child.id === 'string' && child.type === 'bpmn:BoundaryEvent') out.boundaries.add(child.id);
    walkExecution(child.execution, out, depth + 1);
    for (const e of arr(child.executions)) walkExecution(e, out, depth + 1);
    if (isNode(child.execution)) for (const e of arr(child.execution.executions)) walkExecution(e, out, depth + 1);
  }
  for (const flow of arr(execution.flows)) {
    if (typeof flow.id === 'string' && count(flow.counters, 'take') > 0) out.flows.add(flow.id);
  }
}

/**
 * The completed elements and taken flows in a bpmn-engine state (as `getState()` answers it); of
 * `processId` only when given (an instance's state holds just its own process).
 */
export function progressOfEngineState(engineState: unknown, processId?: string): Progress {
  const out: Walk = { completed: new Set(), flows: new Set(), boundaries: new Set() };
  const state = isNode(engineState) ? engineState : {};
  if (isNode(state.$progress)) {
    const p = state.$progress as Partial<Progress>;
    return { completed: (p.completed ?? []).map(String), flows: (p.flows ?? []).map(String) };
  }
  for (const definition of arr(state.definitions)) {
    const execution = isNode(definition.execution) ? definition.execution : {};
    for (const process of arr(execution.processes)) {
      if (processId === undefined || process.id === processId) walkExecution(process.execution, out, 0);
    }
  }
  return { completed: [...out.completed].sort(), flows: [...out.flows].sort(), boundaries: [...out.boundaries] };
}

/** What the `snapshot` column of a finished instance keeps: its final progress only. */
export function finalProgressSnapshot(engineState: unknown, processId?: string): Buffer {
  const { completed, flows } = progressOfEngineState(engineState, processId);
  return deflateRawSync(JSON.stringify({ $progress: { completed, flows } }));
}

/** The same from a saved snapshot (an instance cancelled while waiting); null stays null. */
export function finalProgressFromSnapshot(snapshot: Buffer | null, processId: string): Buffer | null {
  if (!snapshot) return null;
  try {
    return finalProgressSnapshot(unpackSnapshot(snapshot).engineState, processId);
  } catch {
    return null;
  }
}

/** The progress of a stored instance row. */
export function instanceProgressOf(row: InstanceRow): InstanceProgress {
  let progress: Progress = { completed: [], flows: [] };
  if (row.snapshot) {
    try {
      progress = progressOfEngineState(unpackSnapshot(row.snapshot).engineState, row.process_id);
    } catch {
      /* an unreadable state shows no path rather than failing the read */
    }
  }
  const state = row.state as InstanceState;
  const waits = state === 'active' || state === 'incident' ? parseJson<Record<string, Wait>>(row.waits, {}) : {};
  return {
    instanceKey: row.instance_key,
    processId: row.process_id,
    version: Number(row.version),
    state,
    completedElementIds: progress.completed,
    activeElementIds: [...new Set(Object.values(waits).map((w) => w.el))].filter((el) => !progress.boundaries?.includes(el)),
    takenSequenceFlowIds: progress.flows,
  };
}
