import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import { EXTENSION_POINTS, type ExtensionPoint } from '@warmline/process-models/catalog';
import { el } from './dom';

const MARKER = 'wl-extension-point';

/** How the extension points read in the UI (docs/decisions/0004). */
const POINT_ZH: Record<ExtensionPoint, string> = { afterIntake: '受理后', beforeHandle: '处理前', beforeClose: '办结前' };
const OVERLAY = 'wl-extension-point';

interface ZeebeProperty {
  name?: string;
  value?: string;
}

/** The extension point a call activity carries (`zeebe:property extensionPoint`), if any. */
function extensionPointOf(bo: { extensionElements?: { values?: Array<{ $type: string; properties?: ZeebeProperty[] }> } }) {
  const props = bo.extensionElements?.values?.find((v) => v.$type === 'zeebe:Properties')?.properties ?? [];
  const value = props.find((p) => p.name === 'extensionPoint')?.value;
  return value && value in EXTENSION_POINTS ? (value as ExtensionPoint) : undefined;
}

/**
 * Highlight the template's extension points; each gets a badge naming it, and — for a subsidiary —
 * a button that opens the subsidiary's own extension process for it.
 */
export function showExtensionPoints(modeler: BpmnModeler, onEdit?: (processId: string, point: ExtensionPoint) => void): number {
  const registry = modeler.get<ElementRegistry>('elementRegistry');
  const canvas = modeler.get<Canvas>('canvas');
  const overlays = modeler.get<Overlays>('overlays');
  overlays.remove({ type: OVERLAY });
  let n = 0;
  for (const element of registry.getAll()) {
    const point = extensionPointOf(element.businessObject);
    if (!point || element.type !== 'bpmn:CallActivity') continue;
    n++;
    canvas.addMarker(element.id, MARKER);
    const badge = el(
      'div',
      { class: 'wl-extension-badge', 'data-testid': 'extension-badge', 'data-point': point },
      el('span', { title: `${point} → ${EXTENSION_POINTS[point]}` }, `扩展点：${POINT_ZH[point]}`),
    );
    if (onEdit) {
      const edit = el('button', { type: 'button', 'data-testid': `edit-extension-${point}` }, '编辑本分公司扩展');
      edit.addEventListener('click', () => onEdit(EXTENSION_POINTS[point], point));
      badge.append(edit);
    }
    overlays.add(element.id, OVERLAY, { position: { bottom: -6, left: -10 }, html: badge, scale: false });
  }
  return n;
}
