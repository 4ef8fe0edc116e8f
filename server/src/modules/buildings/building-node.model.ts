import type { Model } from 'sequelize';
import type { BuildingNodeType } from '@warmline/contracts';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface BuildingNodeRow {
  id: number;
  parent_id: number | null;
  type: BuildingNodeType;
  code: string | null;
  name: string;
  sort: number;
  path: string;
  depth: number;
  station_id: number | null;
  /** JSON text of a flat object, or null. */
  extra: string | null;
  created_at: Date;
  updated_at: Date;
}

export type BuildingNodeInstance = Model<BuildingNodeRow, Partial<BuildingNodeRow>> & BuildingNodeRow;

/** A node of the building tree, in one subsidiary database. */
export const buildingNodeModel = modelFor<BuildingNodeInstance>((seq) =>
  seq.define(
    'BuildingNode',
    {
      id: col.id(),
      parent_id: col.fk(true),
      type: col.str(16),
      code: col.str(64, true),
      name: col.str(64),
      sort: col.int(false, 0),
      path: col.str(255),
      depth: col.int(false, 1),
      station_id: col.fk(true),
      extra: col.text(),
      ...col.timestamps(),
    },
    modelOptions('building_nodes'),
  ),
);
