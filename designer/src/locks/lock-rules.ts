import RuleProvider from 'diagram-js/lib/features/rules/RuleProvider';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type { Element } from 'bpmn-js/lib/model/Types';
import type { LockContract } from './lock-contract';

/** Above bpmn-js' own rules (1000): a contract node is refused before they are asked. */
const PRIORITY = 1500;

interface ShapeLike extends Element {
  parent?: Element;
  host?: Element;
  waypoints?: unknown[];
}

/**
 * Modeling rules for the contract nodes of a template (locked core nodes, extension points): they
 * cannot be deleted (also not with a parent or inside a selection — the rest of the selection is
 * deleted), replaced or retyped (the replace menu is then empty), copied, or moved into another
 * scope or onto another host. Every other change is checked after the fact by the lock guard.
 */
export class LockRules extends RuleProvider {
  static override $inject = ['eventBus', 'lockContract'];

  constructor(
    eventBus: EventBus,
    private readonly contract: LockContract,
  ) {
    super(eventBus);
  }

  override init(): void {
    // RuleProvider calls init() from its constructor, before `contract` is assigned: read it when a rule runs.
    const contract = {
      isContractNode: (e: Element) => this.contract.isContractNode(e),
      holdsContractNode: (e: Element) => this.contract.holdsContractNode(e),
    };

    this.addRule('elements.delete', PRIORITY, (context: { elements: Element[] }) => {
      const removable = context.elements.filter((e) => !contract.holdsContractNode(e));
      return removable.length === context.elements.length ? undefined : removable;
    });

    this.addRule('shape.replace', PRIORITY, (context: { element: Element }) =>
      contract.isContractNode(context.element) ? false : undefined,
    );

    this.addRule('element.copy', PRIORITY, (context: { element: Element }) =>
      contract.holdsContractNode(context.element) ? false : undefined,
    );

    this.addRule('elements.move', PRIORITY, (context: { shapes: ShapeLike[]; target?: ShapeLike }) => {
      const target = context.target;
      if (!target) return undefined;
      for (const shape of context.shapes) {
        if (!contract.isContractNode(shape)) continue;
        const home = shape.host ?? shape.parent;
        if (target !== home) return false;
      }
      return undefined;
    });
  }
}
