import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  display_name: string;
  org_id: number;
  mobile: string | null;
  agent_no: string | null;
  ip_phone: string | null;
  mobile_device_id: string | null;
  enabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at?: Date;
  updated_at?: Date;
}

export const userModel = modelFor<Model<UserRow, Partial<UserRow>> & UserRow>((seq) =>
  seq.define(
    'User',
    {
      id: col.id(),
      username: col.str(64),
      password_hash: col.str(100),
      display_name: col.str(64),
      org_id: col.fk(),
      mobile: col.str(20, true),
      agent_no: col.str(32, true),
      ip_phone: col.str(64, true),
      mobile_device_id: col.str(128, true),
      enabled: col.bool(true),
      failed_logins: col.int(false, 0),
      locked_until: col.date(),
      last_login_at: col.date(),
    },
    modelOptions('users'),
  ),
);

export interface UserRoleRow {
  user_id: number;
  role_id: number;
}

export const userRoleModel = modelFor<Model<UserRoleRow, UserRoleRow> & UserRoleRow>((seq) =>
  seq.define(
    'UserRole',
    { user_id: { ...col.fk(), primaryKey: true }, role_id: { ...col.fk(), primaryKey: true } },
    { tableName: 'user_roles', timestamps: false, underscored: true },
  ),
);
