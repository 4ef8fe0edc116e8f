import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/**
 * The ticket action journal (docs/decisions/0018): one intent per ticket action whose engine call is
 * under way — written and committed before the engine is called, deleted in the transaction that
 * writes the action's timeline entry, row change, audit record and idempotency answer. An intent
 * left behind (the process died, or that transaction failed after the engine moved) is finished or
 * dropped by the repair.
 */
export const up: MigrationFn = async ({ qi }) => {
  await qi.createTable('ticket_action_intents', {
    id: col.id(),
    ticket_id: col.fk(),
    /** The action's name in a refusal (`派单`), and its timeline kind / audit verb. */
    what: col.str(32),
    kind: col.str(32),
    action: col.str(64),
    /** Task actions: the task the action completes; message actions: null. */
    task_key: col.str(64, true),
    /** Message actions: digest of the process as the action saw it before publishing. */
    fingerprint: col.str(64, true),
    operator_id: col.fk(),
    operator_name: col.str(64),
    reason: col.str(1000, true),
    /** JSON: the timeline entry's data. */
    data: col.text(),
    /** JSON: the row change and the task completion's audit payload. */
    payload: col.text(),
    idem_route: col.str(64, true),
    idem_key: col.str(100, true),
    idem_hash: col.str(64, true),
    created_at: col.date(false),
  });
  await qi.addIndex('ticket_action_intents', ['created_at'], { name: 'ticket_action_intents_created_ix' });
  await qi.addIndex('ticket_action_intents', ['operator_id', 'idem_route', 'idem_key'], { name: 'ticket_action_intents_idem_ix' });
};
