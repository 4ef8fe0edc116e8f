import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { buildingNodeModel } from '../buildings/index.js';
import { prefixPattern } from '../customers/customer.query.js';

/** The levels that make up a house's display address. */
const ADDRESS_LEVELS = new Set(['community', 'building', 'unit']);

/**
 * Recompute the stored display address (`小区 楼栋 单元 房号`) of every house below a building node,
 * after that node (or one above it) was renamed or moved. Runs in the caller's transaction.
 * Returns the number of units whose houses were rewritten.
 */
export async function refreshHouseAddresses(db: Sequelize, nodeId: number, tx?: Transaction): Promise<number> {
  const node = await buildingNodeModel(db).findByPk(nodeId, { attributes: ['id', 'path'], raw: true, transaction: tx });
  if (!node) return 0;
  const units = await db.query<{ id: number; path: string }>(
    "SELECT id, path FROM building_nodes WHERE type = 'unit' AND path LIKE ? ESCAPE '!'",
    { replacements: [prefixPattern(node.path)], type: QueryTypes.SELECT, transaction: tx },
  );
  if (!units.length) return 0;
  const ids = [...new Set(units.flatMap((u) => u.path.split('/').filter(Boolean).map(Number)))];
  const names = new Map<number, { type: string; name: string }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await db.query<{ id: number; type: string; name: string }>(
      `SELECT id, type, name FROM building_nodes WHERE id IN (${chunk.map(() => '?').join(',')})`,
      { replacements: chunk, type: QueryTypes.SELECT, transaction: tx },
    );
    for (const r of rows) names.set(Number(r.id), r);
  }
  const concat = db.getDialect() === 'sqlite' ? "? || ' ' || room_no" : "CONCAT(?, ' ', room_no)";
  for (const u of units) {
    const address = u.path
      .split('/')
      .filter(Boolean)
      .map((id) => names.get(Number(id)))
      .filter((n) => n && ADDRESS_LEVELS.has(n.type))
      .map((n) => n!.name)
      .join(' ');
    await db.query(`UPDATE houses SET address = ${concat} WHERE unit_id = ?`, { replacements: [address, u.id], transaction: tx });
  }
  return units.length;
}
