import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface WorkerProfileRow {
  user_id: number;
  subsidiary_id: number;
  /** JSON array of `worker_skill` codes. */
  skills: string;
  /** JSON array of building-tree node ids of the subsidiary. */
  area_node_ids: string;
  on_duty: boolean;
  created_at: Date;
  updated_at: Date;
}

/** A repair or grid worker's profile (group database; group migration 0006). */
export const workerProfileModel = modelFor<Model<WorkerProfileRow, Partial<WorkerProfileRow>> & WorkerProfileRow>((seq) =>
  seq.define(
    'WorkerProfile',
    {
      user_id: { ...col.fk(), primaryKey: true },
      subsidiary_id: col.fk(),
      skills: col.text(false),
      area_node_ids: col.text(false),
      on_duty: col.bool(true),
    },
    modelOptions('worker_profiles'),
  ),
);

export const parseIds = (json: string | null | undefined): number[] => {
  try {
    const v = JSON.parse(json ?? '[]') as unknown;
    return Array.isArray(v) ? v.map(Number).filter((n) => Number.isInteger(n) && n > 0) : [];
  } catch {
    return [];
  }
};

export const parseCodes = (json: string | null | undefined): string[] => {
  try {
    const v = JSON.parse(json ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
};
