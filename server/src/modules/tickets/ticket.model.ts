import { DataTypes, Model, type Sequelize } from 'sequelize';
import type { TicketPriority, TicketStatus } from '@warmline/contracts';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

/** A ticket row in its subsidiary's database (docs/decisions/0007). */
export class Ticket extends Model {
  declare id: number;
  declare ticket_no: string;
  declare type_code: string;
  declare category_code: string | null;
  declare urgency: string;
  declare source: string;
  declare status: TicketStatus;
  declare priority: TicketPriority;
  declare title: string;
  declare description: string | null;
  declare customer_id: number | null;
  declare house_id: number | null;
  declare caller_phone: string | null;
  declare contact_name: string | null;
  declare contact_phone: string | null;
  declare address: string | null;
  declare station_id: number | null;
  declare worker_id: number | null;
  declare agent_id: number;
  declare skip_level: boolean;
  declare supervised: boolean;
  declare is_consultation: boolean;
  declare sla_flag: 'yellow' | 'red' | null;
  declare due_at: Date | null;
  declare instance_key: string | null;
  declare satisfaction: string | null;
  declare signature_attachment_id: number | null;
  declare completed_at: Date | null;
  declare closed_at: Date | null;
  declare version: number;
  /** The intake form's id, its version and the validated answers as JSON (tenant migration 0011). */
  declare form_id: string | null;
  declare form_version: number | null;
  declare form_data: string | null;
  declare created_at: Date;
  declare updated_at: Date;
}

export const ticketModel = modelFor((seq: Sequelize) =>
  class extends Ticket {}.init(
    {
      id: col.id(),
      ticket_no: col.str(32),
      type_code: col.str(64),
      category_code: col.str(64, true),
      urgency: col.str(32),
      source: col.str(32),
      status: { type: DataTypes.STRING(24), allowNull: false },
      priority: { type: DataTypes.STRING(16), allowNull: false },
      title: col.str(200),
      description: col.text(),
      customer_id: col.fk(true),
      house_id: col.fk(true),
      caller_phone: col.str(20, true),
      contact_name: col.str(64, true),
      contact_phone: col.str(32, true),
      address: col.str(300, true),
      station_id: col.fk(true),
      worker_id: col.fk(true),
      agent_id: col.fk(),
      skip_level: col.bool(false),
      supervised: col.bool(false),
      is_consultation: col.bool(false),
      sla_flag: col.str(8, true),
      due_at: col.date(),
      instance_key: col.str(64, true),
      satisfaction: col.str(32, true),
      signature_attachment_id: col.fk(true),
      completed_at: col.date(),
      closed_at: col.date(),
      version: col.int(false, 0),
      form_id: col.str(100, true),
      form_version: col.int(true),
      form_data: col.text(),
      created_at: col.date(false),
      updated_at: col.date(false),
    },
    { sequelize: seq, ...modelOptions('tickets') },
  ),
);
