import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import { el } from './dom';

const MARKER = 'wl-refused';
const OVERLAY = 'wl-refusal';

/** Mark the elements the server named in a refusal (red outline and a badge with its reasons). */
export function markRefused(modeler: BpmnModeler, problems: { elementId?: string; message: string }[]): number {
  clearRefused(modeler);
  const registry = modeler.get<ElementRegistry>('elementRegistry');
  const canvas = modeler.get<Canvas>('canvas');
  const overlays = modeler.get<Overlays>('overlays');
  const byElement = new Map<string, string[]>();
  for (const p of problems) {
    if (!p.elementId || !registry.get(p.elementId)) continue;
    byElement.set(p.elementId, [...(byElement.get(p.elementId) ?? []), p.message]);
  }
  for (const [id, messages] of byElement) {
    canvas.addMarker(id, MARKER);
    // below the element: the in-editor lint puts its own marker at the top-left corner
    overlays.add(id, OVERLAY, {
      position: { bottom: -4, left: -6 },
      scale: false,
      html: el(
        'div',
        { class: 'wl-refusal-badge', title: messages.join('\n'), 'data-testid': 'refusal-badge' },
        `部署被拒 ${messages.length}`,
      ),
    });
  }
  return byElement.size;
}

export function clearRefused(modeler: BpmnModeler): void {
  const registry = modeler.get<ElementRegistry>('elementRegistry');
  const canvas = modeler.get<Canvas>('canvas');
  modeler.get<Overlays>('overlays').remove({ type: OVERLAY });
  for (const { id } of registry.getAll()) if (canvas.hasMarker(id, MARKER)) canvas.removeMarker(id, MARKER);
}
