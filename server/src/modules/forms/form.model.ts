import { DataTypes, type Model } from 'sequelize';
import type { FormVersionSource } from '@warmline/contracts';
import { appendOnlyOptions, col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

/** A form: its owner and the pointer to its current version. */
export interface FormRow {
  id: number;
  form_id: string;
  name: string;
  /** The owning subsidiary's org id; null: the group. */
  owner_org_id: number | null;
  current_version: number;
  /** sha256 of the shipped file content last turned into a version; null if never shipped. */
  shipped_hash: string | null;
  created_at: Date;
  updated_at: Date;
}

export type FormInstance = Model<FormRow, Partial<FormRow>> & FormRow;

export const formModel = modelFor<FormInstance>((seq) =>
  seq.define(
    'Form',
    {
      id: col.id(),
      form_id: col.str(100),
      name: col.str(64),
      owner_org_id: col.fk(true),
      current_version: col.int(),
      shipped_hash: col.str(64, true),
    },
    modelOptions('forms'),
  ),
);

/** One version of a form. Rows are only ever inserted, never changed. */
export interface FormVersionRow {
  id: number;
  form_id: string;
  version: number;
  name: string;
  schema_json: string;
  source: FormVersionSource;
  comment: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Date;
}

export const formVersionModel = modelFor<Model<FormVersionRow, Partial<FormVersionRow>> & FormVersionRow>((seq) =>
  seq.define(
    'FormVersion',
    {
      id: col.id(),
      form_id: col.str(100),
      version: col.int(),
      name: col.str(64),
      // MEDIUMTEXT on MySQL/MariaDB, as migration 0010 made it.
      schema_json: { type: seq.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium'), allowNull: false },
      source: col.str(16),
      comment: col.str(200, true),
      created_by: col.fk(true),
      created_by_name: col.str(64, true),
    },
    appendOnlyOptions('form_versions'),
  ),
);
