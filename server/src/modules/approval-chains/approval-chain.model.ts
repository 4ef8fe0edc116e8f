import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface ApprovalChainRow {
  id: number;
  /** Null: the group default for the operation. */
  subsidiary_id: number | null;
  operation: string;
  /** JSON array of levels. */
  levels_json: string;
}

export const approvalChainModel = modelFor<Model<ApprovalChainRow, Partial<ApprovalChainRow>> & ApprovalChainRow>((seq) =>
  seq.define(
    'ApprovalChain',
    {
      id: col.id(),
      subsidiary_id: col.fk(true),
      operation: col.str(32),
      levels_json: col.str(255),
    },
    modelOptions('approval_chains'),
  ),
);
