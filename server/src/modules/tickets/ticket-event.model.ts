import { Model, type Sequelize } from 'sequelize';
import type { TicketEventKind } from '@warmline/contracts';
import { appendOnlyOptions, col } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

/** One timeline entry of a ticket (append-only): who did what, when, why, with which data. */
export class TicketEvent extends Model {
  declare id: number;
  declare ticket_id: number;
  declare kind: TicketEventKind;
  declare actor_id: number | null;
  declare actor_name: string | null;
  declare reason: string | null;
  /** JSON: attachments, approval decision, call id, form data … */
  declare data: string | null;
  declare task_key: string | null;
  declare created_at: Date;
}

export const ticketEventModel = modelFor((seq: Sequelize) =>
  class extends TicketEvent {}.init(
    {
      id: col.id(),
      ticket_id: col.fk(),
      kind: col.str(32),
      actor_id: col.fk(true),
      actor_name: col.str(64, true),
      reason: col.str(1000, true),
      data: col.text(),
      task_key: col.str(64, true),
      created_at: col.date(false),
    },
    { sequelize: seq, ...appendOnlyOptions('ticket_events') },
  ),
);
