import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type { ShownProblem } from './problem-panel';
import { compareDefinitions } from './version-diff-model';

const ADDED = 'wl-diff-added';
const CHANGED = 'wl-diff-changed';

export interface VersionDiff {
  added: number;
  removed: number;
  changed: number;
  lines: ShownProblem[];
}

const named = (e: { name?: string }) => (e.name ? `「${e.name}」` : '');

/**
 * Compare the open diagram with an earlier version: added elements are marked green and changed ones
 * orange on the diagram; every difference — removed elements included — is listed.
 */
export async function showVersionDiff(modeler: BpmnModeler, baseXml: string): Promise<VersionDiff> {
  const moddle = modeler.get<{ fromXML(xml: string): Promise<{ rootElement: unknown }> }>('moddle');
  const { rootElement: base } = await moddle.fromXML(baseXml);
  const changes = compareDefinitions(base, modeler.getDefinitions());
  const canvas = modeler.get<Canvas>('canvas');
  const registry = modeler.get<ElementRegistry>('elementRegistry');
  for (const { id } of registry.getAll()) {
    canvas.removeMarker(id, ADDED);
    canvas.removeMarker(id, CHANGED);
  }
  const lines: ShownProblem[] = [];
  const mark = (id: string, marker: string) => {
    if (registry.get(id)) canvas.addMarker(id, marker);
  };
  for (const e of changes.added) {
    mark(e.id, ADDED);
    lines.push({ elementId: e.id, message: `新增${e.type}${named(e)}` });
  }
  for (const e of changes.changed) {
    mark(e.id, CHANGED);
    lines.push({ elementId: e.id, message: `修改${e.type}${named(e)}：${e.details.join('；')}` });
  }
  for (const e of changes.removed) lines.push({ message: `已删除${e.type} ${e.id}${named(e)}` });
  return { added: changes.added.length, removed: changes.removed.length, changed: changes.changed.length, lines };
}
