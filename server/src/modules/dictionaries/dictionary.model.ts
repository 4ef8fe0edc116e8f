import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface DictCategoryRow {
  id: number;
  code: string;
  name: string;
  description: string | null;
  builtin: boolean;
  enabled: boolean;
}

export const dictCategoryModel = modelFor<Model<DictCategoryRow, Partial<DictCategoryRow>> & DictCategoryRow>((seq) =>
  seq.define(
    'DictCategory',
    {
      id: col.id(),
      code: col.str(48),
      name: col.str(64),
      description: col.str(255, true),
      builtin: col.bool(false),
      enabled: col.bool(true),
    },
    modelOptions('dict_categories'),
  ),
);

export interface DictItemRow {
  id: number;
  category_id: number;
  code: string;
  label: string;
  sort: number;
  enabled: boolean;
  core: boolean;
  /** JSON object of free-form attributes, or null. */
  extra_json: string | null;
}

export const dictItemModel = modelFor<Model<DictItemRow, Partial<DictItemRow>> & DictItemRow>((seq) =>
  seq.define(
    'DictItem',
    {
      id: col.id(),
      category_id: col.fk(),
      code: col.str(48),
      label: col.str(64),
      sort: col.int(false, 0),
      enabled: col.bool(true),
      core: col.bool(false),
      extra_json: col.text(true),
    },
    modelOptions('dict_items'),
  ),
);
