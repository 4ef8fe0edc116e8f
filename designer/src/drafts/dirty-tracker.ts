import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import type EventBus from 'diagram-js/lib/core/EventBus';

/** The command stack's private undo history (diagram-js keeps no public "position"). */
interface StackInternals {
  _stack: unknown[];
  _stackIdx: number;
}

/**
 * Whether the diagram differs from what was last opened or stored on the server, from the command
 * stack: the action on top of the stack when the diagram was marked clean is remembered; any other
 * top (a new edit, an undo past it) is dirty, and undoing back to it is clean again. A change the
 * lock guard or read-only mode undoes at once leaves the top where it was.
 */
export class DirtyTracker {
  private clean: unknown = null;
  private dirty = false;
  private readonly listeners: Array<(dirty: boolean) => void> = [];
  private readonly stack: StackInternals;

  constructor(modeler: BpmnModeler) {
    this.stack = modeler.get<CommandStack>('commandStack') as unknown as StackInternals;
    modeler.get<EventBus>('eventBus').on('commandStack.changed', () => this.update());
    window.addEventListener('beforeunload', (event) => {
      if (!this.dirty) return;
      event.preventDefault();
      event.returnValue = '当前流程图有未保存的修改，离开后将丢失';
    });
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  /** The diagram as it is now counts as stored (opened, saved as a draft, deployed). */
  markClean(): void {
    this.clean = this.top();
    this.update();
  }

  onChange(fn: (dirty: boolean) => void): void {
    this.listeners.push(fn);
  }

  private top(): unknown {
    return this.stack._stackIdx >= 0 ? this.stack._stack[this.stack._stackIdx] : null;
  }

  private update(): void {
    const dirty = this.top() !== this.clean;
    if (dirty === this.dirty) return;
    this.dirty = dirty;
    for (const fn of this.listeners) fn(dirty);
  }
}
