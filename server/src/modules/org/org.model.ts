import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';
import type { OrgType } from '@warmline/contracts';

export interface OrgRow {
  id: number;
  parent_id: number | null;
  type: OrgType;
  code: string;
  name: string;
  path: string;
  depth: number;
  sort: number;
  enabled: boolean;
  area_code: string | null;
  db_name: string | null;
}

export const orgModel = modelFor<Model<OrgRow, Partial<OrgRow>> & OrgRow>((seq) =>
  seq.define(
    'OrgUnit',
    {
      id: col.id(),
      parent_id: col.fk(true),
      type: col.str(16),
      code: col.str(32),
      name: col.str(64),
      path: col.str(512),
      depth: col.int(false, 0),
      sort: col.int(false, 0),
      enabled: col.bool(true),
      area_code: col.str(8, true),
      db_name: col.str(64, true),
    },
    modelOptions('org_units'),
  ),
);
