import { DataTypes } from 'sequelize';
import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/**
 * Process drafts (docs/decisions/0019-process-drafts.md): the designer's unfinished work, one row
 * per owner and process id. `owner_key` is the deploy tenant — `<default>` for the group or the
 * subsidiary's code — and `revision` counts saves, for optimistic concurrency.
 */
export const up: MigrationFn = async ({ qi, sequelize }) => {
  await qi.createTable('process_drafts', {
    id: col.id(),
    owner_key: col.str(64),
    /** The owning subsidiary's org id; null: the group. */
    owner_org_id: col.fk(true),
    process_id: col.str(128),
    name: col.str(100),
    /** MEDIUMTEXT on MySQL/MariaDB: TEXT stops at 64 KB and a draft may reach 512 KB. SQLite has one TEXT. */
    xml: { type: sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium'), allowNull: false },
    based_on_version: col.int(true),
    revision: col.int(),
    updated_by: col.fk(true),
    updated_by_name: col.str(64, true),
    ...col.timestamps(),
  });
  await qi.addIndex('process_drafts', ['owner_key', 'process_id'], { unique: true, name: 'process_drafts_owner_process_uq' });
};
