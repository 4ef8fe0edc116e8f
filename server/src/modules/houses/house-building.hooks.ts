import { QueryTypes } from 'sequelize';
import { addBuildingDeleteGuard, addBuildingRelatedCounter, onBuildingRenamedOrMoved } from '../buildings/index.js';
import { refreshHouseAddresses } from './house-address.js';
import { prefixPattern } from '../customers/customer.query.js';

/**
 * Houses hang under units: a unit with houses cannot be deleted, every node shows its house count,
 * and renaming or moving a node rewrites the stored addresses of the houses below it.
 */
export function registerHouseBuildingHooks(): void {
  onBuildingRenamedOrMoved((db, nodeId, tx) => refreshHouseAddresses(db, nodeId, tx));
  addBuildingDeleteGuard(async (db, node, tx) => {
    if (node.type !== 'unit') return null;
    const [{ n }] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM houses WHERE unit_id = ?', {
      replacements: [node.id],
      type: QueryTypes.SELECT,
      transaction: tx,
    });
    return Number(n) > 0 ? `该单元下仍有 ${n} 户房屋，请先删除或迁移房屋` : null;
  });
  addBuildingRelatedCounter('houses', async (db, node) => {
    const sql =
      node.type === 'unit'
        ? 'SELECT COUNT(*) AS n FROM houses WHERE unit_id = ?'
        : "SELECT COUNT(*) AS n FROM houses WHERE unit_id IN (SELECT u.id FROM building_nodes u WHERE u.type = 'unit' AND u.path LIKE ? ESCAPE '!')";
    const [{ n }] = await db.query<{ n: number }>(sql, {
      replacements: [node.type === 'unit' ? node.id : prefixPattern(node.path)],
      type: QueryTypes.SELECT,
    });
    return Number(n);
  });
}
