import { UniqueConstraintError, type Sequelize } from 'sequelize';
import type { TicketEventKind } from '@warmline/contracts';
import { ticketEventModel } from './ticket-event.model.js';

export interface ProjectedEntry {
  ticket_id: number;
  kind: TicketEventKind;
  /** What makes the entry unique per ticket and kind: the task key, `end:<instance>`, `sla:<flag>:<due>`. */
  task_key: string;
  reason?: string | null;
  data: Record<string, unknown>;
}

/**
 * Append a timeline entry of the projector unless the same (ticket, kind, key) is already there. The
 * unique index `ticket_events_key_uq` decides, so two processes replaying one event write it once.
 */
export async function appendOnce(db: Sequelize, entry: ProjectedEntry): Promise<boolean> {
  try {
    await ticketEventModel(db).create({
      ticket_id: entry.ticket_id,
      kind: entry.kind,
      actor_id: null,
      actor_name: null,
      reason: entry.reason ? entry.reason.slice(0, 1000) : null,
      data: JSON.stringify(entry.data),
      task_key: entry.task_key,
    });
    return true;
  } catch (err) {
    if (err instanceof UniqueConstraintError) return false;
    throw err;
  }
}

const TRANSIENT = /SQLITE_BUSY|database is locked|Deadlock found|Lock wait timeout|ER_LOCK_DEADLOCK/i;

/** Run `work`, retrying a few times with back-off when the database is busy or a deadlock was broken. */
export async function withBusyRetry<T>(work: () => Promise<T>, attempts = 6): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      const text = `${(err as Error)?.message ?? ''} ${String((err as { parent?: { code?: string } })?.parent?.code ?? '')}`;
      if (i >= attempts || !TRANSIENT.test(text)) throw err;
      await new Promise((r) => setTimeout(r, 25 * 2 ** i));
    }
  }
}
