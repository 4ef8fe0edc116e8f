import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface TicketTypeRow {
  id: number;
  code: string;
  name: string;
  description: string | null;
  core: boolean;
  enabled: boolean;
  is_consultation: boolean;
  intake_form_id: string | null;
  process_id: string;
  sort: number;
}

export const ticketTypeModel = modelFor<Model<TicketTypeRow, Partial<TicketTypeRow>> & TicketTypeRow>((seq) =>
  seq.define(
    'TicketType',
    {
      id: col.id(),
      code: col.str(48),
      name: col.str(64),
      description: col.str(255, true),
      core: col.bool(false),
      enabled: col.bool(true),
      is_consultation: col.bool(false),
      intake_form_id: col.str(100, true),
      process_id: col.str(100),
      sort: col.int(false, 0),
    },
    modelOptions('ticket_types'),
  ),
);
