import RuleProvider from 'diagram-js/lib/features/rules/RuleProvider';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import type Canvas from 'diagram-js/lib/core/Canvas';

/** Above every other rule. */
const PRIORITY = 3000;

const EDITING_ACTIONS = [
  'elements.delete',
  'elements.create',
  'elements.move',
  'shape.create',
  'shape.append',
  'shape.attach',
  'shape.replace',
  'shape.resize',
  'connection.start',
  'connection.create',
  'connection.reconnect',
  'connection.updateWaypoints',
  'element.copy',
];

/**
 * A read-only diagram (a subsidiary looking at the group's template): every editing rule says no,
 * palette and context pad are hidden, and any change that still gets through (the properties panel,
 * a keyboard shortcut) is undone at once.
 */
export class ReadOnly extends RuleProvider {
  static override $inject = ['eventBus', 'commandStack', 'canvas'];

  private active = false;

  constructor(
    eventBus: EventBus,
    private readonly commandStack: CommandStack,
    private readonly canvas: Canvas,
  ) {
    super(eventBus);
    eventBus.on('commandStack.changed', (event: { trigger?: string }) => {
      if (this.active && (event.trigger === 'execute' || event.trigger === 'redo')) this.commandStack.undo();
    });
  }

  override init(): void {
    this.addRule(EDITING_ACTIONS, PRIORITY, () => (this.active ? false : undefined));
  }

  get isOn(): boolean {
    return this.active;
  }

  set(on: boolean): void {
    this.active = on;
    this.canvas.getContainer().classList.toggle('wl-read-only', on);
  }
}

export default { __init__: ['readOnly'], readOnly: ['type', ReadOnly] };
