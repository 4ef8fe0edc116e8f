import { diff } from 'bpmn-js-differ';
import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type { ShownProblem } from './problem-panel';

const ADDED = 'wl-diff-added';
const CHANGED = 'wl-diff-changed';

export interface VersionDiff {
  added: number;
  removed: number;
  changed: number;
  lines: ShownProblem[];
}

const named = (e: { name?: string }) => (e.name ? `「${e.name}」` : '');

/** Attribute names as a user reads them (others keep their BPMN name). */
const ATTR_ZH: Record<string, string> = {
  name: '名称',
  extensionElements: '扩展配置',
  conditionExpression: '条件',
  default: '默认流',
  isExecutable: '可执行',
  documentation: '文档',
  eventDefinitions: '事件定义',
  loopCharacteristics: '多实例',
  sourceRef: '起点',
  targetRef: '终点',
  attachedToRef: '附着节点',
  cancelActivity: '中断',
};
const attrs = (names: string[]) => names.map((n) => ATTR_ZH[n] ?? n).join('、');

/**
 * Compare the open diagram with an earlier version (bpmn-js-differ): added elements are marked green
 * and changed ones orange on the diagram; every difference — removed elements included — is listed.
 */
export async function showVersionDiff(modeler: BpmnModeler, baseXml: string): Promise<VersionDiff> {
  const moddle = modeler.get<{ fromXML(xml: string): Promise<{ rootElement: unknown }> }>('moddle');
  const { rootElement: base } = await moddle.fromXML(baseXml);
  const changes = diff(base, modeler.getDefinitions());
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
  for (const [id, e] of Object.entries(changes._added)) {
    mark(id, ADDED);
    lines.push({ elementId: id, message: `新增${named(e)}` });
  }
  for (const [id, c] of Object.entries(changes._changed)) {
    mark(id, CHANGED);
    lines.push({ elementId: id, message: `修改${named(c.model)}：${attrs(Object.keys(c.attrs))}` });
  }
  for (const [id, e] of Object.entries(changes._removed)) lines.push({ message: `已删除 ${id}${named(e)}` });
  return {
    added: Object.keys(changes._added).length,
    removed: Object.keys(changes._removed).length,
    changed: Object.keys(changes._changed).length,
    lines,
  };
}
