import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface SlaRuleRow {
  id: number;
  name: string;
  description: string | null;
  ticket_type: string | null;
  urgency: string | null;
  source: string | null;
  handle_minutes: number;
  remind_before_minutes: number;
  time_mode: 'business' | 'natural';
  calendar_id: number | null;
  pause_on_customer_wait: boolean;
  enabled: boolean;
}

export const slaRuleModel = modelFor<Model<SlaRuleRow, Partial<SlaRuleRow>> & SlaRuleRow>((seq) =>
  seq.define(
    'SlaRule',
    {
      id: col.id(),
      name: col.str(64),
      description: col.str(255, true),
      ticket_type: col.str(48, true),
      urgency: col.str(48, true),
      source: col.str(48, true),
      handle_minutes: col.int(),
      remind_before_minutes: col.int(false, 0),
      time_mode: col.str(16),
      calendar_id: col.fk(true),
      pause_on_customer_wait: col.bool(false),
      enabled: col.bool(true),
    },
    modelOptions('sla_rules'),
  ),
);
