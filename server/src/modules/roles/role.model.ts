import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface RoleRow {
  id: number;
  code: string;
  name: string;
  description: string | null;
  builtin: boolean;
  data_scope: string;
  /** JSON array of permission codes. */
  permissions: string;
}

export const roleModel = modelFor<Model<RoleRow, Partial<RoleRow>> & RoleRow>((seq) =>
  seq.define(
    'Role',
    {
      id: col.id(),
      code: col.str(32),
      name: col.str(64),
      description: col.str(255, true),
      builtin: col.bool(false),
      data_scope: col.str(16),
      permissions: col.text(false),
    },
    modelOptions('roles'),
  ),
);

export const parsePermissions = (raw: string): string[] => {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};
