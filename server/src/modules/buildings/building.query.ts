import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import {
  BUILDING_NODE_TYPES,
  type BuildingChangeLogItem,
  type BuildingNode,
  type BuildingNodeType,
  type BuildingTreeNode,
  type Page,
} from '@warmline/contracts';
import { notFound } from '../../core/app-error.js';
import { buildingNodeModel, type BuildingNodeRow } from './building-node.model.js';

export const BUILDING_ENTITY = 'building_node';

const iso = (v: Date | string) => new Date(v).toISOString();

const parseExtra = (s: string | null): Record<string, unknown> | null => {
  if (!s) return null;
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

export function toBuildingNode(r: BuildingNodeRow): BuildingNode {
  return {
    id: r.id,
    parentId: r.parent_id,
    type: r.type,
    code: r.code,
    name: r.name,
    sort: r.sort,
    path: r.path,
    depth: r.depth,
    stationId: r.station_id,
    extra: parseExtra(r.extra),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** Ids on a materialized path, top first (`/1/5/` → [1, 5]). */
export const pathIds = (path: string) => path.split('/').filter(Boolean).map(Number);

export async function getNodeRow(db: Sequelize, id: number, tx?: Transaction): Promise<BuildingNodeRow | null> {
  const row = await buildingNodeModel(db).findByPk(id, { transaction: tx, raw: true });
  return row ?? null;
}

export async function requireNode(db: Sequelize, id: number, tx?: Transaction): Promise<BuildingNodeRow> {
  const row = await getNodeRow(db, id, tx);
  if (!row) throw notFound('楼宇节点');
  return row;
}

export interface BuildingPathEntry {
  id: number;
  type: BuildingNodeType;
  name: string;
  code: string | null;
}

/** The nodes from the heat source down to `row` itself. */
export async function nodeAncestry(db: Sequelize, row: BuildingNodeRow, tx?: Transaction): Promise<BuildingPathEntry[]> {
  const ids = pathIds(row.path);
  const rows = await buildingNodeModel(db).findAll({
    where: { id: { [Op.in]: ids } },
    attributes: ['id', 'type', 'name', 'code', 'depth'],
    raw: true,
    transaction: tx,
  });
  return rows.sort((a, b) => a.depth - b.depth).map((r) => ({ id: r.id, type: r.type, name: r.name, code: r.code }));
}

/** Names from the heat source down to the node (inclusive); empty when the node does not exist. */
export async function nodePathNames(db: Sequelize, nodeId: number, tx?: Transaction): Promise<string[]> {
  const row = await getNodeRow(db, nodeId, tx);
  return row ? (await nodeAncestry(db, row, tx)).map((a) => a.name) : [];
}

export interface UnitWithPath extends BuildingNode {
  type: 'unit';
  /** heat source … unit, top first, the unit itself last. */
  pathNodes: BuildingPathEntry[];
  /** Name per level: `names.community` is the 小区 name. */
  names: Record<BuildingNodeType, string>;
  /** Display address, e.g. `幸福小区 3号楼 2单元`. */
  address: string;
  /** 热源/换热站/小区/楼栋/单元 names joined with '/'. */
  fullName: string;
  /** The community's responsible station, if set. */
  stationId: number | null;
}

/**
 * A unit with its full path, for modules that hang data under units (houses): null when the id is
 * not a unit of this subsidiary. `stationId` is that of the unit's community.
 */
export async function findUnit(db: Sequelize, unitId: number, tx?: Transaction): Promise<UnitWithPath | null> {
  const row = await getNodeRow(db, unitId, tx);
  if (!row || row.type !== 'unit') return null;
  const pathNodes = await nodeAncestry(db, row, tx);
  const names = Object.fromEntries(pathNodes.map((p) => [p.type, p.name])) as Record<BuildingNodeType, string>;
  const community = pathNodes.find((p) => p.type === 'community');
  const communityRow = community ? await getNodeRow(db, community.id, tx) : null;
  return {
    ...toBuildingNode(row),
    type: 'unit',
    pathNodes,
    names,
    address: [names.community, names.building, names.unit].filter(Boolean).join(' '),
    fullName: pathNodes.map((p) => p.name).join('/'),
    stationId: communityRow?.station_id ?? null,
  };
}

const countByParent = async (db: Sequelize, depth: number, under: string | null) => {
  const rows = await db.query<{ parent_id: number; n: number }>(
    `SELECT parent_id, COUNT(*) AS n FROM building_nodes WHERE depth = ?${under ? ' AND path LIKE ?' : ''} GROUP BY parent_id`,
    { replacements: under ? [depth, `${under}%`] : [depth], type: QueryTypes.SELECT },
  );
  return new Map(rows.map((r) => [Number(r.parent_id), Number(r.n)]));
};

/**
 * The tree below `rootId` (or below the subsidiary), nested, siblings by sort. With `depth`, only
 * that many levels load; nodes on the last loaded level carry their `childCount` for lazy loading.
 */
export async function loadTree(db: Sequelize, rootId: number | undefined, depth: number | undefined): Promise<BuildingTreeNode[]> {
  const root = rootId ? await requireNode(db, rootId) : null;
  const baseDepth = root?.depth ?? 0;
  const maxDepth = depth === undefined ? undefined : baseDepth + depth;
  const where: Record<string | symbol, unknown> = {};
  if (root) where.path = { [Op.like]: `${root.path}%` };
  where.depth = maxDepth === undefined ? { [Op.gt]: baseDepth } : { [Op.gt]: baseDepth, [Op.lte]: maxDepth };
  const rows = await buildingNodeModel(db).findAll({
    where,
    order: [
      ['depth', 'ASC'],
      ['sort', 'ASC'],
      ['id', 'ASC'],
    ],
    raw: true,
  });
  const boundary =
    maxDepth !== undefined && maxDepth < Object.keys(BUILDING_NODE_TYPES).length
      ? await countByParent(db, maxDepth + 1, root?.path ?? null)
      : undefined;

  const byId = new Map<number, BuildingTreeNode>();
  const top: BuildingTreeNode[] = [];
  for (const r of rows) {
    const node: BuildingTreeNode = { ...toBuildingNode(r), childCount: 0, children: [] };
    byId.set(r.id, node);
    if (r.depth === baseDepth + 1) top.push(node);
    else byId.get(r.parent_id!)?.children.push(node);
  }
  for (const node of byId.values()) {
    node.childCount = node.depth === maxDepth ? (boundary?.get(node.id) ?? 0) : node.children.length;
  }
  return top;
}

/** Direct children count and per-type counts of the whole subtree (the node excluded). */
export async function subtreeCounts(db: Sequelize, row: BuildingNodeRow) {
  const [children, byTypeRows] = await Promise.all([
    buildingNodeModel(db).count({ where: { parent_id: row.id } }),
    db.query<{ type: string; n: number }>('SELECT type, COUNT(*) AS n FROM building_nodes WHERE path LIKE ? AND id <> ? GROUP BY type', {
      replacements: [`${row.path}%`, row.id],
      type: QueryTypes.SELECT,
    }),
  ]);
  const byType = Object.fromEntries(byTypeRows.map((r) => [r.type, Number(r.n)]));
  const descendants = byTypeRows.reduce((n, r) => n + Number(r.n), 0);
  return { children, descendants, byType };
}

interface AuditRow {
  id: number;
  at: string | Date;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
}

const parseJson = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));

/** The change log of one node: its audit records in the subsidiary database, newest first. */
export async function nodeChangeLog(db: Sequelize, nodeId: number, page: number, pageSize: number): Promise<Page<BuildingChangeLogItem>> {
  const replacements = [BUILDING_ENTITY, String(nodeId)];
  const [{ total }] = await db.query<{ total: number }>(
    'SELECT COUNT(*) AS total FROM audit_logs WHERE entity_type = ? AND entity_id = ?',
    { replacements, type: QueryTypes.SELECT },
  );
  if (Number(total) === 0 && !(await getNodeRow(db, nodeId))) throw notFound('楼宇节点');
  const rows = await db.query<AuditRow>(
    `SELECT id, at, actor_id, actor_name, action, before_json, after_json, reason FROM audit_logs
      WHERE entity_type = ? AND entity_id = ? ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
    { replacements: [...replacements, pageSize, (page - 1) * pageSize], type: QueryTypes.SELECT },
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: iso(r.at),
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      before: parseJson(r.before_json),
      after: parseJson(r.after_json),
      reason: r.reason,
    })),
    total: Number(total),
    page,
    pageSize,
  };
}
