import { diff } from 'bpmn-js-differ';
import { ZH_TYPES } from '../i18n/zh-types';
import { NestedChangeHandler } from './version-diff-handler';
import { ATTR_ZH, describeValue, propertiesOf, type Moddle } from './version-diff-values';

/** One element that differs between two versions of a diagram. */
export interface ElementChange {
  kind: 'added' | 'removed' | 'changed';
  id: string;
  /** The element's name (the newer one when both have one). */
  name?: string;
  /** Its BPMN type in Chinese (用户任务, 顺序流 …). */
  type: string;
  /** For a changed element: what changed, in Chinese (`名称：「旧」→「新」`, `位置：已移动`). */
  details: string[];
}

export interface ModelChanges {
  added: ElementChange[];
  removed: ElementChange[];
  changed: ElementChange[];
}

const CONNECTION_TYPES = new Set(['顺序流', '消息流', '关联', '数据输入关联', '数据输出关联']);
const OWN_TYPES: Record<string, string> = {
  SubProcess: '子流程',
  AdHocSubProcess: '自由子流程',
  Definitions: '定义',
  Message: '消息',
  Error: '错误',
  Signal: '信号',
  Escalation: '升级',
};

/** `bpmn:UserTask` → 用户任务 (the properties panel's Chinese type names). */
export function typeLabel($type: string): string {
  const local = $type.replace(/^.*:/, '');
  const words = local.replace(/([a-z])([A-Z])/g, '$1 $2');
  return ZH_TYPES[words] ?? OWN_TYPES[local] ?? local;
}

/** Every element with an id in a definitions tree, by id. */
function indexById(root: Moddle): Map<string, Moddle> {
  const byId = new Map<string, Moddle>();
  const seen = new Set<Moddle>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object' || seen.has(node as Moddle)) return;
    const m = node as Moddle;
    if (!m.$type) return;
    seen.add(m);
    if (typeof m.id === 'string' && !m.$type.startsWith('bpmndi:') && !byId.has(m.id)) byId.set(m.id, m);
    for (const key of propertiesOf(m)) {
      if (key === 'di') continue;
      const v = m[key];
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object' && (v as Moddle).$type && !isReference(m, key)) walk(v);
    }
  };
  walk(root);
  return byId;
}

function isReference(m: Moddle, key: string): boolean {
  return Boolean(m.$descriptor?.propertiesByName?.[key]?.isReference);
}

/** Where each shape and connection is drawn: its bounds, or its waypoints, as a comparable string. */
function layoutOf(root: Moddle): Map<string, string> {
  const out = new Map<string, string>();
  const diagrams = (root.diagrams as Moddle[] | undefined) ?? [];
  for (const d of diagrams) {
    for (const di of ((d.plane as Moddle | undefined)?.planeElement as Moddle[] | undefined) ?? []) {
      const id = (di.bpmnElement as Moddle | undefined)?.id as string | undefined;
      if (!id) continue;
      const b = di.bounds as Moddle | undefined;
      if (b) out.set(id, `shape:${[b.x, b.y, b.width, b.height].map((n) => Math.round(Number(n))).join(',')}`);
      else out.set(id, 'edge');
    }
  }
  return out;
}

/** A shape's move and resize between two layouts (`shape:x,y,w,h`). */
function layoutChange(was: string, now: string): string[] {
  const [a, b] = [was, now].map((l) => l.slice('shape:'.length).split(','));
  const out: string[] = [];
  if (a[0] !== b[0] || a[1] !== b[1]) out.push('位置：已移动');
  if (a[2] !== b[2] || a[3] !== b[3]) out.push('大小：已改变');
  return out;
}

/** Type and name first, then the rest as the differ found them. */
const propRank = (p: string) => ['$type', 'name'].indexOf(p) >>> 0;

const topProperty = (attr: string) => attr.replace(/^processRef\./, '').split(/[.[]/)[0];

/**
 * What differs between two versions of a diagram (older `base`, newer `target`, both moddle
 * definitions): elements added and removed, and elements whose type, name, properties, extension
 * configuration, connections or position changed — each with the changes spelled out in Chinese.
 */
export function compareDefinitions(base: unknown, target: unknown): ModelChanges {
  const changes = diff(base, target, new NestedChangeHandler());
  const before = indexById(base as Moddle);
  const after = indexById(target as Moddle);
  const entry = (kind: ElementChange['kind'], e: Moddle, details: string[] = []): ElementChange => ({
    kind,
    id: e.id as string,
    name: (e.name as string | undefined) || undefined,
    type: typeLabel(e.$type),
    details,
  });
  const changedById = new Map<string, string[]>();
  for (const [id, c] of Object.entries(changes._changed)) {
    const props = [...new Set(Object.keys(c.attrs).map(topProperty))].sort((a, b) => propRank(a) - propRank(b));
    const details = props.flatMap((p) => describeChange(p, before.get(id), after.get(id), before, after));
    changedById.set(id, details.length > 0 ? details : ['属性']);
  }
  const layoutBefore = layoutOf(base as Moddle);
  const layoutAfter = layoutOf(target as Moddle);
  for (const [id, where] of layoutAfter) {
    const was = layoutBefore.get(id);
    if (!was || was === where || !where.startsWith('shape:') || !before.has(id) || changes._added[id]) continue;
    changedById.set(id, [...(changedById.get(id) ?? []), ...layoutChange(was, where)]);
  }
  // Nodes before connections, each by id.
  const rank = (c: ElementChange) => (CONNECTION_TYPES.has(c.type) ? 1 : 0);
  const byName = (a: ElementChange, b: ElementChange) => rank(a) - rank(b) || a.id.localeCompare(b.id);
  return {
    added: Object.values(changes._added)
      .map((e) => entry('added', e as Moddle))
      .sort(byName),
    removed: Object.values(changes._removed)
      .map((e) => entry('removed', e as Moddle))
      .sort(byName),
    changed: [...changedById]
      .filter(([id]) => after.has(id) || before.has(id))
      .map(([id, details]) => entry('changed', (after.get(id) ?? before.get(id))!, details))
      .sort(byName),
  };
}

/** One property of an element, before → after, in Chinese (nested configuration compared value by value). */
function describeChange(
  prop: string,
  oldEl: Moddle | undefined,
  newEl: Moddle | undefined,
  before: Map<string, Moddle>,
  after: Map<string, Moddle>,
): string[] {
  if (prop === '$type') return [`类型：${typeLabel(oldEl?.$type ?? '')} → ${typeLabel(newEl?.$type ?? '')}`];
  const label = ATTR_ZH[prop] ?? prop;
  const oldV = oldEl?.[prop];
  const newV = newEl?.[prop];
  return describeValue(label, oldV, newV, before, after, isReference(newEl ?? oldEl!, prop));
}
