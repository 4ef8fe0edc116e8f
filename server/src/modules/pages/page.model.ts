import { DataTypes, type Model } from 'sequelize';
import type { PageVersionSource } from '@warmline/contracts';
import { appendOnlyOptions, col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

/** A console page: its menu data (from the shipped file) and the pointer to its current version. */
export interface PageRow {
  id: number;
  page_key: string;
  title: string;
  permission: string | null;
  /** JSON of the menu entry, or null when the page is not in the menu. */
  menu_json: string | null;
  current_version: number;
  /** sha256 of the shipped file content last turned into a version; null if never shipped. */
  shipped_hash: string | null;
  created_at: Date;
  updated_at: Date;
}

export type PageInstance = Model<PageRow, Partial<PageRow>> & PageRow;

export const pageModel = modelFor<PageInstance>((seq) =>
  seq.define(
    'Page',
    {
      id: col.id(),
      page_key: col.str(64),
      title: col.str(64),
      permission: col.str(64, true),
      menu_json: col.str(500, true),
      current_version: col.int(),
      shipped_hash: col.str(64, true),
    },
    modelOptions('pages'),
  ),
);

/** One version of a page schema. Rows are only ever inserted, never changed. */
export interface PageVersionRow {
  id: number;
  page_key: string;
  version: number;
  schema_json: string;
  source: PageVersionSource;
  comment: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Date;
}

export const pageVersionModel = modelFor<Model<PageVersionRow, Partial<PageVersionRow>> & PageVersionRow>((seq) =>
  seq.define(
    'PageSchemaVersion',
    {
      id: col.id(),
      page_key: col.str(64),
      version: col.int(),
      // MEDIUMTEXT on MySQL/MariaDB, as migration 0009 made it.
      schema_json: { type: seq.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium'), allowNull: false },
      source: col.str(16),
      comment: col.str(200, true),
      created_by: col.fk(true),
      created_by_name: col.str(64, true),
    },
    appendOnlyOptions('page_schema_versions'),
  ),
);
