import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface HouseRow {
  id: number;
  unit_id: number;
  room_no: string;
  address: string;
  /** DECIMAL: MariaDB hands it back as a string. */
  area_m2: number | string | null;
  heating_status: string;
  billing_no: string;
  customer_id: number | null;
  created_at: Date;
  updated_at: Date;
}

export const houseModel = modelFor<Model<HouseRow, Partial<HouseRow>> & HouseRow>((seq) =>
  seq.define(
    'House',
    {
      id: col.id(),
      unit_id: col.fk(),
      room_no: col.str(32),
      address: col.str(300),
      area_m2: col.decimal(),
      heating_status: col.str(32),
      billing_no: col.str(32),
      customer_id: col.fk(true),
    },
    modelOptions('houses'),
  ),
);
