import { DataTypes } from 'sequelize';
import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/**
 * Task and intake forms (form-js schemas, docs/decisions/0012): one row per form id with its owner
 * and a pointer to the current version, and the versions themselves — immutable rows, unique per
 * form and number. The `form:manage` grant of the builtin subsidiary administrator role reaches
 * existing databases through ensureInitialData (`builtin_role_grants`, migration 0007), like every
 * code a newer version adds to a builtin role.
 */
export const up: MigrationFn = async ({ qi, sequelize }) => {
  await qi.createTable('forms', {
    id: col.id(),
    form_id: { ...col.str(100), unique: true },
    name: col.str(64),
    /** The subsidiary that owns the form; null: the group. */
    owner_org_id: col.fk(true),
    current_version: col.int(),
    /** sha256 of the shipped file's content last synced into a version (null: never from a file). */
    shipped_hash: col.str(64, true),
    ...col.timestamps(),
  });

  await qi.createTable('form_versions', {
    id: col.id(),
    form_id: col.str(100),
    version: col.int(),
    name: col.str(64),
    /** MEDIUMTEXT on MySQL/MariaDB: TEXT stops at 64 KB and a schema may reach 512 KB. SQLite has one TEXT. */
    schema_json: { type: sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium'), allowNull: false },
    source: col.str(16),
    comment: col.str(200, true),
    created_by: col.fk(true),
    created_by_name: col.str(64, true),
    created_at: col.date(false),
  });
  await qi.addIndex('form_versions', ['form_id', 'version'], { unique: true, name: 'form_versions_form_version_uq' });
};
