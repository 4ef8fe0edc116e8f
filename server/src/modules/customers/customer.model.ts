import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface CustomerRow {
  id: number;
  name: string;
  customer_no: string;
  id_card_last4: string | null;
  remark: string | null;
  blacklisted: boolean;
  blacklist_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface CustomerPhoneRow {
  id: number;
  customer_id: number;
  raw: string;
  normalized: string;
  kind: 'mobile' | 'landline';
  is_primary: boolean;
  label: string | null;
  created_at: Date;
  updated_at: Date;
}

export const customerModel = modelFor<Model<CustomerRow, Partial<CustomerRow>> & CustomerRow>((seq) =>
  seq.define(
    'Customer',
    {
      id: col.id(),
      name: col.str(64),
      customer_no: col.str(32),
      id_card_last4: col.str(4, true),
      remark: col.str(500, true),
      blacklisted: col.bool(false),
      blacklist_reason: col.str(500, true),
    },
    modelOptions('customers'),
  ),
);

export const customerPhoneModel = modelFor<Model<CustomerPhoneRow, Partial<CustomerPhoneRow>> & CustomerPhoneRow>((seq) =>
  seq.define(
    'CustomerPhone',
    {
      id: col.id(),
      customer_id: col.fk(),
      raw: col.str(64),
      normalized: col.str(20),
      kind: col.str(16),
      is_primary: col.bool(false),
      label: col.str(32, true),
    },
    modelOptions('customer_phones'),
  ),
);
