import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';

export const VISITED = 'wl-testrun-visited';
export const ACTIVE = 'wl-testrun-active';
export const PROBLEM = 'wl-testrun-problem';
const ALL = [VISITED, ACTIVE, PROBLEM];

/** Mark the path of a test run on the diagram: visited elements and taken flows, where it waits, where it failed. */
export function markTestRun(modeler: BpmnModeler, run: { visited: string[]; flows: string[]; active: string[]; problems: string[] }): void {
  clearTestRun(modeler);
  const canvas = modeler.get<Canvas>('canvas');
  const registry = modeler.get<ElementRegistry>('elementRegistry');
  const mark = (ids: string[], marker: string) => {
    for (const id of ids) if (registry.get(id)) canvas.addMarker(id, marker);
  };
  mark([...run.visited, ...run.flows], VISITED);
  mark(run.active, ACTIVE);
  mark(run.problems, PROBLEM);
}

export function clearTestRun(modeler: BpmnModeler): void {
  const canvas = modeler.get<Canvas>('canvas');
  for (const { id } of modeler.get<ElementRegistry>('elementRegistry').getAll()) {
    for (const m of ALL) if (canvas.hasMarker(id, m)) canvas.removeMarker(id, m);
  }
}
