import type { Element } from 'bpmn-js/lib/model/Types';
import type { LockContract } from './lock-contract';

/** After every other provider of the replace menu. */
const PRIORITY = 1;

type Entries = Record<string, unknown>;
interface PopupMenuLike {
  registerProvider(id: string, priority: number, provider: object): void;
}

/**
 * The replace menu ("change type") of a contract node is empty — not only the type entries the
 * rules already drop, but also the header toggles (multi-instance, loop, collapse) — so the context
 * pad offers no "change type" at all.
 */
export class LockReplaceMenu {
  static $inject = ['popupMenu', 'lockContract'];

  constructor(
    popupMenu: PopupMenuLike,
    private readonly contract: LockContract,
  ) {
    popupMenu.registerProvider('bpmn-replace', PRIORITY, this);
  }

  getPopupMenuEntries(target: Element) {
    return (entries: Entries): Entries => (this.contract.isContractNode(target) ? {} : entries);
  }

  getPopupMenuHeaderEntries(target: Element) {
    return (entries: Entries): Entries => (this.contract.isContractNode(target) ? {} : entries);
  }
}
