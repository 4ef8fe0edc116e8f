/** The parts of bpmn-js-differ's change handler the version comparison extends (merged with types/modules.d.ts). */
declare module 'bpmn-js-differ' {
  interface TrackedChange {
    model: { id: string; name?: string; $type: string };
    attrs: Record<string, { oldValue: unknown; newValue: unknown }>;
  }
  export class ChangeHandler {
    _changed: Record<string, TrackedChange>;
    _added: Record<string, { id: string; name?: string; $type: string }>;
    _removed: Record<string, { id: string; name?: string; $type: string }>;
    _layoutChanged: Record<string, unknown>;
    _isTracked(element: unknown): { element: { $type: string; [key: string]: unknown }; property: string } | undefined;
    changed(model: unknown, property: string, newValue?: unknown, oldValue?: unknown): void;
    added(model: unknown, property: string, element: unknown, idx: number): void;
    removed(model: unknown, property: string, element: unknown, idx: number): void;
  }
  export function diff<H extends ChangeHandler>(a: unknown, b: unknown, handler: H): H;
}
