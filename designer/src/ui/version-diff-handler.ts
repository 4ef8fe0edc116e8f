import { ChangeHandler } from 'bpmn-js-differ';
import { propertiesOf, type Moddle } from './version-diff-values';

/** Root elements without a shape that a process depends on (correlation by message name, error codes …). */
const ROOT_DEPENDENCIES = ['bpmn:Message', 'bpmn:Error', 'bpmn:Signal', 'bpmn:Escalation'];

const instanceOf = (e: unknown, type: string) =>
  typeof (e as { $instanceOf?: unknown })?.$instanceOf === 'function' && (e as { $instanceOf(t: string): boolean }).$instanceOf(type);

/**
 * bpmn-js-differ's change handler, completed: a change anywhere inside an element (its extension
 * configuration, a list of event definitions, a condition) counts as a change of that element's
 * top-level property, and messages, errors, signals and escalations are compared as elements too.
 */
export class NestedChangeHandler extends ChangeHandler {
  override _isTracked(element: unknown): { element: Moddle; property: string } | undefined {
    const tracked = super._isTracked(element);
    if (tracked) return tracked;
    return ROOT_DEPENDENCIES.some((t) => instanceOf(element, t)) ? { element: element as Moddle, property: '' } : undefined;
  }

  override changed(model: Moddle, property: string, newValue?: unknown, oldValue?: unknown): void {
    super.changed(model, property, newValue, oldValue);
    if (this._isTracked(model)) {
      const entry = this._changed[model.id as string];
      if (entry && entry.model === model && !(property in entry.attrs)) entry.attrs[property] = { oldValue, newValue };
    } else this.changedInside(model);
  }

  override added(model: Moddle, property: string, element: unknown, idx: number): void {
    super.added(model, property, element, idx);
    if (!this._isTracked(element) && !this._isTracked(model)) this.changedInside(model);
  }

  override removed(model: Moddle, property: string, element: unknown, idx: number): void {
    super.removed(model, property, element, idx);
    if (!this._isTracked(element) && !this._isTracked(model)) this.changedInside(model);
  }

  /** A change inside `model` (not itself tracked): record it on the nearest tracked ancestor's property holding it. */
  private changedInside(model: Moddle): void {
    let child = model;
    let parent = model.$parent as Moddle | undefined;
    while (parent && !instanceOf(parent, 'bpmndi:BPMNDiagram') && !instanceOf(child, 'bpmndi:BPMNShape')) {
      const tracked = this._isTracked(parent);
      if (tracked) {
        const holder = parent;
        const held = child;
        const prop = propertiesOf(holder).find(
          (k) => holder[k] === held || (Array.isArray(holder[k]) && (holder[k] as unknown[]).includes(held)),
        );
        if (prop) this.changed(tracked.element, tracked.property + prop);
        return;
      }
      child = parent;
      parent = parent.$parent as Moddle | undefined;
    }
  }
}
