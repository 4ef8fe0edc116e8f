import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface KbCategoryRow {
  id: number;
  parent_id: number | null;
  code: string;
  name: string;
  ticket_type: string | null;
  sort: number;
  enabled: boolean;
}

export interface KbArticleRow {
  id: number;
  category_id: number;
  title: string;
  content: string;
  /** Space-separated keywords. */
  keywords: string;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export const kbCategoryModel = modelFor<Model<KbCategoryRow, Partial<KbCategoryRow>> & KbCategoryRow>((seq) =>
  seq.define(
    'KbCategory',
    {
      id: col.id(),
      parent_id: col.fk(true),
      code: col.str(64),
      name: col.str(64),
      ticket_type: col.str(48, true),
      sort: col.int(false, 0),
      enabled: col.bool(true),
    },
    modelOptions('kb_categories'),
  ),
);

export const kbArticleModel = modelFor<Model<KbArticleRow, Partial<KbArticleRow>> & KbArticleRow>((seq) =>
  seq.define(
    'KbArticle',
    {
      id: col.id(),
      category_id: col.fk(),
      title: col.str(200),
      content: col.text(false),
      keywords: col.str(700),
      enabled: col.bool(true),
    },
    modelOptions('kb_articles'),
  ),
);
