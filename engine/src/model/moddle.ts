import { createRequire } from 'node:module';

/** The bpmn-moddle objects we read (a loose view: moddle elements carry their properties by name). */
export interface ModdleElement {
  $type: string;
  $attrs?: Record<string, string>;
  $parent?: ModdleElement;
  $children?: ModdleElement[];
  $body?: string;
  $instanceOf?: (type: string) => boolean;
  [key: string]: unknown;
}

export interface ModdleWarning {
  message: string;
  element?: ModdleElement;
  property?: string;
  value?: unknown;
}

export interface ModdleContext {
  rootElement?: ModdleElement;
  elementsById?: Record<string, ModdleElement>;
  warnings: ModdleWarning[];
}

interface BpmnModdleInstance {
  fromXML(xml: string): Promise<ModdleContext>;
}

const require = createRequire(import.meta.url);
const BpmnModdle = require('bpmn-moddle') as new (packages: Record<string, object>) => BpmnModdleInstance;

/** The Zeebe moddle descriptor (zeebe-bpmn-moddle exports only this file). */
export const zeebeDescriptor = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

/** A fresh moddle that knows BPMN and the zeebe:* extensions. */
export const createModdle = (): BpmnModdleInstance => new BpmnModdle({ zeebe: zeebeDescriptor });

export const str = (el: ModdleElement | undefined, key: string): string | undefined => {
  const v = el?.[key];
  return typeof v === 'string' ? v : undefined;
};

export const list = (el: ModdleElement | undefined, key: string): ModdleElement[] => {
  const v = el?.[key];
  return Array.isArray(v) ? (v as ModdleElement[]) : [];
};

export const child = (el: ModdleElement | undefined, key: string): ModdleElement | undefined => {
  const v = el?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as ModdleElement) : undefined;
};

export const isA = (el: ModdleElement | undefined, type: string): boolean =>
  !!el && (typeof el.$instanceOf === 'function' ? el.$instanceOf(type) : el.$type === type);

/** Body text of a bpmn:Expression / bpmn:FormalExpression child (`conditionExpression`, `timeDuration` …). */
export const bodyOf = (el: ModdleElement | undefined, key: string): string | undefined => str(child(el, key), 'body');

/** The zeebe:* extension elements of an element. */
export const extensionValues = (el: ModdleElement | undefined): ModdleElement[] => list(child(el, 'extensionElements'), 'values');

/**
 * Every element contained in `root` (not the ones it only references), depth first, without
 * recursion: `visit(element, depth)`; return false to skip an element's children.
 */
export function walkContained(root: ModdleElement, visit: (el: ModdleElement, depth: number) => boolean | void): void {
  const stack: Array<[ModdleElement, number]> = [[root, 0]];
  const seen = new Set<ModdleElement>();
  while (stack.length) {
    const [el, depth] = stack.pop()!;
    if (seen.has(el)) continue;
    seen.add(el);
    if (visit(el, depth) === false) continue;
    const children: ModdleElement[] = [];
    for (const key of Object.keys(el)) {
      if (key.startsWith('$') && key !== '$children') continue;
      const v = el[key];
      for (const c of Array.isArray(v) ? v : [v]) {
        if (c && typeof c === 'object' && typeof (c as ModdleElement).$type === 'string') children.push(c as ModdleElement);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], depth + 1]);
  }
}
