import type { Model } from 'sequelize';
import type { CallDirection } from '@warmline/contracts';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

/** One call (tenant migration 0012, docs/decisions/0014). */
export interface CallRecordRow {
  id: number;
  direction: CallDirection;
  /** Normalised (phones/phone-normalize). */
  caller_number: string;
  /** As entered or delivered by the switch. */
  caller_raw: string;
  callee_number: string | null;
  agent_id: number | null;
  agent_name: string | null;
  started_at: Date;
  ended_at: Date | null;
  customer_id: number | null;
  house_id: number | null;
  ticket_id: number | null;
  note: string | null;
  /** `workspace` (registered by an agent) or `telephony` (the adapter, later). */
  source: 'workspace' | 'telephony';
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const callRecordModel = modelFor<Model<CallRecordRow, Partial<CallRecordRow>> & CallRecordRow>((seq) =>
  seq.define(
    'CallRecord',
    {
      id: col.id(),
      direction: col.str(16),
      caller_number: col.str(20),
      caller_raw: col.str(40),
      callee_number: col.str(40, true),
      agent_id: col.fk(true),
      agent_name: col.str(64, true),
      started_at: col.date(false),
      ended_at: col.date(),
      customer_id: col.fk(true),
      house_id: col.fk(true),
      ticket_id: col.fk(true),
      note: col.str(500, true),
      source: col.str(16),
      external_id: col.str(64, true),
    },
    modelOptions('call_records'),
  ),
);
