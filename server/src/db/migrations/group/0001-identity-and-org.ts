import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';
import { auditTable } from '../shared/audit-table.js';

export const up: MigrationFn = async ({ qi }) => {
  await qi.createTable('org_units', {
    id: col.id(),
    parent_id: col.fk(true),
    type: col.str(16),
    code: { ...col.str(32), unique: true },
    name: col.str(64),
    path: col.str(512),
    depth: col.int(false, 0),
    sort: col.int(false, 0),
    enabled: col.bool(true),
    area_code: col.str(8, true),
    db_name: col.str(64, true),
    ...col.timestamps(),
  });
  await qi.addIndex('org_units', ['parent_id']);
  await qi.addIndex('org_units', ['path']);

  await qi.createTable('users', {
    id: col.id(),
    username: { ...col.str(64), unique: true },
    password_hash: col.str(100),
    display_name: col.str(64),
    org_id: col.fk(),
    mobile: col.str(20, true),
    agent_no: { ...col.str(32, true), unique: true },
    ip_phone: { ...col.str(64, true), unique: true },
    mobile_device_id: { ...col.str(128, true), unique: true },
    enabled: col.bool(true),
    failed_logins: col.int(false, 0),
    locked_until: col.date(),
    last_login_at: col.date(),
    ...col.timestamps(),
  });
  await qi.addIndex('users', ['org_id']);

  await qi.createTable('roles', {
    id: col.id(),
    code: { ...col.str(32), unique: true },
    name: col.str(64),
    description: col.str(255, true),
    builtin: col.bool(false),
    data_scope: col.str(16),
    permissions: col.text(false),
    ...col.timestamps(),
  });

  await qi.createTable('user_roles', {
    user_id: { ...col.fk(), primaryKey: true },
    role_id: { ...col.fk(), primaryKey: true },
  });
  await qi.addIndex('user_roles', ['role_id']);

  await qi.createTable('sessions', {
    token_hash: { ...col.str(64), primaryKey: true },
    user_id: col.fk(),
    expires_at: col.date(false),
    ip: col.str(64, true),
    created_at: col.date(false),
  });
  await qi.addIndex('sessions', ['user_id']);

  await qi.createTable('login_logs', {
    id: col.id(),
    username: col.str(64),
    user_id: col.fk(true),
    success: col.bool(false),
    reason: col.str(64, true),
    ip: col.str(64, true),
    user_agent: col.str(255, true),
    created_at: col.date(false),
  });
  await qi.addIndex('login_logs', ['username', 'created_at']);

  await auditTable(qi);
};
