import { DataTypes } from 'sequelize';
import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/**
 * Console page schemas (docs/decisions/0010): one row per page with its menu data and a pointer to
 * the current version, and the versions themselves — immutable rows, unique per page and number.
 */
export const up: MigrationFn = async ({ qi, sequelize }) => {
  await qi.createTable('pages', {
    id: col.id(),
    page_key: { ...col.str(64), unique: true },
    title: col.str(64),
    permission: col.str(64, true),
    menu_json: col.str(500, true),
    current_version: col.int(),
    /** sha256 of the shipped file's content last synced into a version (null: never from a file). */
    shipped_hash: col.str(64, true),
    ...col.timestamps(),
  });

  await qi.createTable('page_schema_versions', {
    id: col.id(),
    page_key: col.str(64),
    version: col.int(),
    /** MEDIUMTEXT on MySQL/MariaDB: TEXT stops at 64 KB and a schema may reach 512 KB. SQLite has one TEXT. */
    schema_json: { type: sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium'), allowNull: false },
    source: col.str(16),
    comment: col.str(200, true),
    created_by: col.fk(true),
    created_by_name: col.str(64, true),
    created_at: col.date(false),
  });
  await qi.addIndex('page_schema_versions', ['page_key', 'version'], { unique: true, name: 'page_schema_versions_key_version_uq' });
};
