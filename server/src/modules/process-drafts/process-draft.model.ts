import { DataTypes, type Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

/** One draft: the designer's unsaved-to-deploy work on one process of one owner (group migration 0012). */
export interface ProcessDraftRow {
  id: number;
  /** `<default>` (the group) or the subsidiary's code: the tenant a deploy of it goes to. */
  owner_key: string;
  /** The owning subsidiary's org id; null: the group. */
  owner_org_id: number | null;
  process_id: string;
  name: string;
  xml: string;
  based_on_version: number | null;
  revision: number;
  updated_by: number | null;
  updated_by_name: string | null;
  created_at: Date;
  updated_at: Date;
}

export type ProcessDraftInstance = Model<ProcessDraftRow, Partial<ProcessDraftRow>> & ProcessDraftRow;

export const processDraftModel = modelFor<ProcessDraftInstance>((seq) =>
  seq.define(
    'ProcessDraft',
    {
      id: col.id(),
      owner_key: col.str(64),
      owner_org_id: col.fk(true),
      process_id: col.str(128),
      name: col.str(100),
      // MEDIUMTEXT on MySQL/MariaDB, as migration 0012 made it.
      xml: { type: seq.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium'), allowNull: false },
      based_on_version: col.int(true),
      revision: col.int(),
      updated_by: col.fk(true),
      updated_by_name: col.str(64, true),
    },
    modelOptions('process_drafts'),
  ),
);
