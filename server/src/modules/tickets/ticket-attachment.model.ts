import { DataTypes, Model, type Sequelize } from 'sequelize';
import { appendOnlyOptions, col } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export type AttachmentKind = 'image' | 'video' | 'audio' | 'signature' | 'file';

/** Metadata of a file stored through the storage interface (local disk or MinIO). */
export class TicketAttachment extends Model {
  declare id: number;
  declare ticket_id: number;
  declare event_id: number | null;
  declare kind: AttachmentKind;
  declare storage_key: string;
  declare file_name: string;
  declare mime: string;
  declare size: number;
  declare sha256: string;
  declare taken_at: Date | null;
  declare latitude: string | null;
  declare longitude: string | null;
  declare uploaded_by: number;
  declare created_at: Date;
}

export const ticketAttachmentModel = modelFor((seq: Sequelize) =>
  class extends TicketAttachment {}.init(
    {
      id: col.id(),
      ticket_id: col.fk(),
      event_id: col.fk(true),
      kind: col.str(16),
      storage_key: col.str(200),
      file_name: col.str(200),
      mime: col.str(100),
      size: col.int(),
      sha256: col.str(64),
      taken_at: col.date(),
      // DECIMAL(10,7): tenant migration 0007-ticket-attachment-coordinates widens 0006's (10,2).
      latitude: { type: DataTypes.DECIMAL(10, 7), allowNull: true },
      longitude: { type: DataTypes.DECIMAL(10, 7), allowNull: true },
      uploaded_by: col.fk(),
      created_at: col.date(false),
    },
    { sequelize: seq, ...appendOnlyOptions('ticket_attachments') },
  ),
);
