import { DataTypes } from 'sequelize';
import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/**
 * The answers to the ticket type's intake form (docs/decisions/0014): the form's id, its version at
 * intake (null when read from the shipped file) and the validated answers as JSON. MEDIUMTEXT on
 * MySQL / MariaDB (a long textarea answer would not fit TEXT's 64 KB with room to spare).
 */
export const up: MigrationFn = async ({ qi, sequelize }) => {
  const json = sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium');
  await qi.addColumn('tickets', 'form_id', col.str(100, true));
  await qi.addColumn('tickets', 'form_version', col.int(true));
  await qi.addColumn('tickets', 'form_data', { type: json, allowNull: true });
};
