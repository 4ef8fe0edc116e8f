import type EventBus from 'diagram-js/lib/core/EventBus';
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import type { ModelProblem } from '@warmline/engine/lock-check';
import type { LockContract } from './lock-contract';

/** Fired with `{ problems }` when a change was undone because it broke the template's contract. */
export const LOCK_VIOLATION_EVENT = 'warmline.lock.violation';

const keyOf = (p: ModelProblem) => `${p.elementId}\u0000${p.reason}`;

/**
 * The editor's authority on locks, behind the rules: after every change (command, redo) the model is
 * compared with its template by the engine's own check; a change that breaks the contract — deletes,
 * retypes, moves, bypasses or reorders a contract node, or edits its lock or extension-point property,
 * by any path (keyboard, menus, properties panel, paste, a behaviour of bpmn-js) — is undone at once
 * and reported. Problems present right after import (none: import refuses them) are not re-reported.
 */
export class LockGuard {
  static $inject = ['eventBus', 'commandStack', 'lockContract'];

  private baseline = new Set<string>();

  constructor(
    private readonly eventBus: EventBus,
    private readonly commandStack: CommandStack,
    private readonly contract: LockContract,
  ) {
    eventBus.on('import.done', () => {
      this.baseline = new Set(contract.currentProblems().map(keyOf));
    });
    eventBus.on('commandStack.changed', (event: { trigger?: string }) => {
      if (event.trigger === 'execute' || event.trigger === 'redo') this.check();
    });
  }

  private check(): void {
    const broken = this.contract.currentProblems().filter((p) => !this.baseline.has(keyOf(p)));
    if (broken.length === 0) return;
    this.commandStack.undo();
    this.eventBus.fire(LOCK_VIOLATION_EVENT, { problems: broken });
  }
}
