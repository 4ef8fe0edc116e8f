import { DataTypes, Model, type Sequelize } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export type SupervisionStatus = 'active' | 'overdue' | 'closed';

export interface SupervisionReport {
  progress: string;
  done: boolean;
  result: string | null;
  at: string;
}

export class Supervision extends Model {
  declare id: number;
  declare ticket_id: number;
  declare instance_key: string;
  declare requirement: string;
  declare deadline: Date;
  declare status: SupervisionStatus;
  declare reports: string | null;
  declare result: string | null;
  declare ordered_by: number;
  declare overdue_at: Date | null;
  declare closed_at: Date | null;
  declare created_at: Date;
  declare updated_at: Date;
}

/** `supervisions` in a subsidiary database (督办记录). */
export const supervisionModel = modelFor((seq: Sequelize) =>
  class extends Supervision {}.init(
    {
      id: col.id(),
      ticket_id: col.fk(),
      instance_key: col.str(64),
      requirement: col.str(1000),
      deadline: col.date(false),
      status: { type: DataTypes.STRING(16), allowNull: false },
      reports: col.text(),
      result: col.text(),
      ordered_by: col.fk(),
      overdue_at: col.date(),
      closed_at: col.date(),
      created_at: col.date(false),
      updated_at: col.date(false),
    },
    { sequelize: seq, ...modelOptions('supervisions') },
  ),
);
