import { DataTypes } from 'sequelize';
import type { MigrationFn } from '../../migrator.js';

/**
 * Where a photo or video was taken needs more than 0006's two decimals (about 1 km): latitude and
 * longitude of ticket attachments become DECIMAL(10,7) (about 1 cm). SQLite does not enforce decimal
 * precision, so only MySQL / MariaDB columns change.
 */
export const up: MigrationFn = async ({ qi, sequelize }) => {
  if (sequelize.getDialect() === 'sqlite') return;
  for (const column of ['latitude', 'longitude']) {
    await qi.changeColumn('ticket_attachments', column, { type: DataTypes.DECIMAL(10, 7), allowNull: true });
  }
};
