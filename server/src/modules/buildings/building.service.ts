import { Op, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import type { z } from 'zod';
import {
  BUILDING_LEVELS,
  BUILDING_NODE_TYPES as TYPES,
  childTypeOf,
  type BuildingNode,
  type BuildingNodeType,
  type buildingCreateBody,
  type buildingMoveBody,
  type buildingReorderBody,
  type buildingUpdateBody,
} from '@warmline/contracts';
import { conflict, duplicate, invalid, notFound } from '../../core/app-error.js';
import type { AuditEntry } from '../../audit/audit.types.js';
import { dialectOf } from '../../db/open-database.js';
import type { OrgRegistry } from '../../tenancy/org-registry.js';
import { buildingNodeModel, type BuildingNodeRow } from './building-node.model.js';
import { deleteBlocker, notifyRenamedOrMoved } from './building.hooks.js';
import { BUILDING_ENTITY, requireNode, toBuildingNode } from './building.query.js';

/** What every change of the tree needs: the subsidiary database, its transaction and the audit writer. */
export interface BuildingChange {
  db: Sequelize;
  tx: Transaction;
  subsidiaryId: number;
  orgs: OrgRegistry;
  audit: (e: AuditEntry) => Promise<void>;
  reason?: string;
}

/** The type a node's parent must have (null = the subsidiary root). */
const parentTypeOf = (type: BuildingNodeType): BuildingNodeType | null => {
  const i = BUILDING_LEVELS.indexOf(type);
  return i <= 0 ? null : BUILDING_LEVELS[i - 1];
};
const parentLabel = (t: BuildingNodeType | null) => (t === null ? '公司' : TYPES[t]);

const audit = (c: BuildingChange, action: string, id: number | null, before?: BuildingNode | null, after?: unknown) =>
  c.audit({ action, entityType: BUILDING_ENTITY, entityId: id, orgId: c.subsidiaryId, before, after, reason: c.reason });

export async function assertSiblingNameFree(
  c: Pick<BuildingChange, 'db' | 'tx'>,
  parentId: number | null,
  name: string,
  field: string,
  selfId?: number,
) {
  const clash = await buildingNodeModel(c.db).findOne({
    where: { parent_id: parentId, name, ...(selfId ? { id: { [Op.ne]: selfId } } : {}) },
    transaction: c.tx,
  });
  if (clash) throw duplicate(field, `同一上级下已有名为“${name}”的节点`);
}

async function assertCodeFree(c: BuildingChange, code: string, selfId?: number) {
  const clash = await buildingNodeModel(c.db).findOne({
    where: { code, ...(selfId ? { id: { [Op.ne]: selfId } } : {}) },
    transaction: c.tx,
  });
  if (clash) throw duplicate('body.code', `编码“${code}”已被“${clash.name}”使用`);
}

/** A station org unit of this subsidiary, or a field error. */
async function assertStation(c: BuildingChange, type: BuildingNodeType, stationId: number) {
  if (type !== 'community') throw invalid('body.stationId', '只有小区可以指定负责站部');
  const org = await c.orgs.get(stationId);
  const sub = org ? await c.orgs.subsidiaryOf(org.id) : undefined;
  if (!org || org.type !== 'station' || sub?.id !== c.subsidiaryId) throw invalid('body.stationId', '负责站部须为本分公司下的站部');
}

async function nextSort(c: Pick<BuildingChange, 'db' | 'tx'>, parentId: number | null) {
  const max = (await buildingNodeModel(c.db).max('sort', { where: { parent_id: parentId }, transaction: c.tx })) as number | null;
  return max === null ? 0 : Number(max) + 1;
}

/** Map the database's unique-code violation (a concurrent writer) to the same 409 as the pre-check. */
const codeRace = (err: unknown): never => {
  if (err instanceof UniqueConstraintError) throw duplicate('body.code', '编码已被其他节点使用');
  throw err;
};

export async function createNode(c: BuildingChange, body: z.output<typeof buildingCreateBody>): Promise<BuildingNode> {
  const model = buildingNodeModel(c.db);
  const parentId = body.parentId ?? null;
  const parent = parentId === null ? null : await model.findByPk(parentId, { transaction: c.tx, raw: true });
  if (parentId !== null && !parent) throw invalid('body.parentId', '上级节点不存在');
  const expected = childTypeOf(parent?.type ?? null);
  if (!expected) throw invalid('body.parentId', '单元下不能再新增楼宇节点（房屋请在房屋信息中维护）');
  if (body.type !== expected) {
    throw invalid('body.type', `${parentLabel(parent?.type ?? null)}下只能新增${TYPES[expected]}，不能新增${TYPES[body.type]}`);
  }
  await assertSiblingNameFree(c, parentId, body.name, 'body.name');
  if (body.code) await assertCodeFree(c, body.code);
  if (body.stationId !== undefined) await assertStation(c, body.type, body.stationId);

  const created = await model
    .create(
      {
        parent_id: parentId,
        type: body.type,
        code: body.code ?? null,
        name: body.name,
        sort: body.sort ?? (await nextSort(c, parentId)),
        path: '',
        depth: (parent?.depth ?? 0) + 1,
        station_id: body.stationId ?? null,
        extra: body.extra ? JSON.stringify(body.extra) : null,
      },
      { transaction: c.tx },
    )
    .catch(codeRace);
  await created.update({ path: `${parent?.path ?? '/'}${created.id}/` }, { transaction: c.tx });
  const node = toBuildingNode(created.get({ plain: true }));
  await audit(c, 'building.create', node.id, null, node);
  return node;
}

export async function updateNode(c: BuildingChange, id: number, body: z.output<typeof buildingUpdateBody>): Promise<BuildingNode> {
  const current = await buildingNodeModel(c.db).findByPk(id, { transaction: c.tx });
  if (!current) throw notFound('楼宇节点');
  const before = toBuildingNode(current.get({ plain: true }));
  if (body.name !== undefined && body.name !== current.name) await assertSiblingNameFree(c, current.parent_id, body.name, 'body.name', id);
  if (body.code && body.code !== current.code) await assertCodeFree(c, body.code, id);
  if (body.stationId !== undefined && body.stationId !== null) await assertStation(c, current.type, body.stationId);
  await current
    .update(
      {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.code !== undefined && { code: body.code }),
        ...(body.sort !== undefined && { sort: body.sort }),
        ...(body.stationId !== undefined && { station_id: body.stationId }),
        ...(body.extra !== undefined && { extra: body.extra === null ? null : JSON.stringify(body.extra) }),
      },
      { transaction: c.tx },
    )
    .catch(codeRace);
  const after = toBuildingNode(current.get({ plain: true }));
  if (before.name !== after.name) await notifyRenamedOrMoved(c.db, id, c.tx);
  await audit(c, 'building.update', id, before, after);
  return after;
}

/** Rewrite the path prefix (and depth) of every descendant of a moved node, in one statement. */
async function rewriteSubtree(c: BuildingChange, oldPath: string, newPath: string, depthDelta: number, selfId: number) {
  const concat = dialectOf(c.db) === 'sqlite' ? '? || SUBSTR(path, ?)' : 'CONCAT(?, SUBSTR(path, ?))';
  const where = { path: { [Op.like]: `${oldPath}%` }, id: { [Op.ne]: selfId } };
  const count = await buildingNodeModel(c.db).count({ where, transaction: c.tx });
  if (count === 0) return 0;
  await c.db.query(`UPDATE building_nodes SET path = ${concat}, depth = depth + ? WHERE path LIKE ? AND id <> ?`, {
    replacements: [newPath, oldPath.length + 1, depthDelta, `${oldPath}%`, selfId],
    transaction: c.tx,
  });
  return count;
}

/**
 * Drag and drop: hang a node (with its whole subtree) under another parent of the same type as its
 * current one — the structure stays strict — and never into its own subtree.
 */
export async function moveNode(c: BuildingChange, id: number, body: z.output<typeof buildingMoveBody>): Promise<BuildingNode> {
  const model = buildingNodeModel(c.db);
  const node = await requireNode(c.db, id, c.tx);
  const target = body.parentId === null ? null : await model.findByPk(body.parentId, { transaction: c.tx, raw: true });
  if (body.parentId !== null && !target) throw invalid('body.parentId', '目标节点不存在');
  if (target && target.path.startsWith(node.path)) throw invalid('body.parentId', '不能移动到自身或其下级节点下');
  const wanted = parentTypeOf(node.type);
  if ((target?.type ?? null) !== wanted) {
    throw invalid(
      'body.parentId',
      `${TYPES[node.type]}只能移动到${wanted === null ? '公司下' : `其他${TYPES[wanted]}下`}，不能移动到${parentLabel(target?.type ?? null)}下`,
    );
  }
  const newParentId = target?.id ?? null;
  const sameParent = newParentId === node.parent_id;
  if (!sameParent) await assertSiblingNameFree(c, newParentId, node.name, 'body.parentId', id);

  const newPath = `${target?.path ?? '/'}${id}/`;
  const newDepth = (target?.depth ?? 0) + 1;
  const descendantsMoved = newPath === node.path ? 0 : await rewriteSubtree(c, node.path, newPath, newDepth - node.depth, id);
  const sort = body.sort ?? (sameParent ? node.sort : await nextSort(c, newParentId));
  await model.update({ parent_id: newParentId, path: newPath, depth: newDepth, sort }, { where: { id }, transaction: c.tx });
  const after = toBuildingNode((await requireNode(c.db, id, c.tx)) as BuildingNodeRow);
  if (!sameParent) await notifyRenamedOrMoved(c.db, id, c.tx);
  await audit(c, 'building.move', id, toBuildingNode(node), { ...after, descendantsMoved });
  return after;
}

/** Set the order of all children of one parent; each node whose position changes is audited. */
export async function reorderChildren(c: BuildingChange, body: z.output<typeof buildingReorderBody>): Promise<BuildingNode[]> {
  const model = buildingNodeModel(c.db);
  if (body.parentId !== null && !(await model.findByPk(body.parentId, { transaction: c.tx, raw: true }))) {
    throw invalid('body.parentId', '上级节点不存在');
  }
  const children = await model.findAll({ where: { parent_id: body.parentId }, transaction: c.tx, raw: true });
  const byId = new Map(children.map((r) => [r.id, r]));
  if (children.length !== body.orderedIds.length || body.orderedIds.some((x) => !byId.has(x))) {
    throw invalid('body.orderedIds', '须按新顺序列出该上级下的全部直接下级节点');
  }
  let changed = 0;
  const out: BuildingNode[] = [];
  for (const [sort, nodeId] of body.orderedIds.entries()) {
    const row = byId.get(nodeId)!;
    if (row.sort !== sort) {
      await model.update({ sort }, { where: { id: nodeId }, transaction: c.tx });
      const after = toBuildingNode({ ...row, sort, updated_at: new Date() });
      await audit(c, 'building.reorder', nodeId, toBuildingNode(row), after);
      out.push(after);
      changed += 1;
    } else out.push(toBuildingNode(row));
  }
  if (changed === 0)
    await audit(c, 'building.reorder', body.parentId, null, { parentId: body.parentId, orderedIds: body.orderedIds, changed: 0 });
  return out;
}

export async function deleteNode(c: BuildingChange, id: number): Promise<void> {
  const model = buildingNodeModel(c.db);
  const node = await requireNode(c.db, id, c.tx);
  if (await model.count({ where: { parent_id: id }, transaction: c.tx })) throw conflict('请先删除下级节点');
  // Later modules (houses …) block deletion of nodes that still carry their data.
  const blocked = await deleteBlocker(c.db, node, c.tx);
  if (blocked) throw conflict(blocked);
  await model.destroy({ where: { id }, transaction: c.tx });
  await audit(c, 'building.delete', id, toBuildingNode(node), null);
}
