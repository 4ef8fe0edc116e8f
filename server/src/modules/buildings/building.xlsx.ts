import crypto from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { z } from 'zod';
import {
  BUILDING_LEVELS,
  BUILDING_NODE_TYPES as TYPES,
  BUILDING_SHEET_COLUMNS,
  type BuildingNodeType,
  type ErrorDetail,
} from '@warmline/contracts';
import { dialectOf } from '../../db/open-database.js';
import { importErrors, readXlsxRows, type XlsxColumn } from '../../xlsx/xlsx-table.js';
import { buildingNodeModel, type BuildingNodeRow } from './building-node.model.js';
import type { BuildingChange } from './building.service.js';
import { BUILDING_ENTITY } from './building.query.js';

/** 热源, 换热站, 小区, 楼栋, 单元, 编码: one row per node, its full path as columns. */
export const BUILDING_COLUMNS: XlsxColumn[] = BUILDING_SHEET_COLUMNS.map((c) => ({ ...c, width: c.key === 'code' ? 20 : 18 }));
const headerOf = (key: string) => BUILDING_SHEET_COLUMNS.find((c) => c.key === key)!.header;

type TreeRow = Pick<BuildingNodeRow, 'id' | 'parent_id' | 'type' | 'name' | 'code' | 'sort' | 'depth' | 'path'>;

const loadAll = (db: Sequelize) =>
  buildingNodeModel(db).findAll({
    attributes: ['id', 'parent_id', 'type', 'name', 'code', 'sort', 'depth', 'path'],
    order: [
      ['depth', 'ASC'],
      ['sort', 'ASC'],
      ['id', 'ASC'],
    ],
    raw: true,
  }) as Promise<TreeRow[]>;

/** Export rows in tree order (each node after its parent, siblings by sort). */
export async function exportRows(db: Sequelize): Promise<Record<string, string>[]> {
  const rows = await loadAll(db);
  const children = new Map<number | null, TreeRow[]>();
  for (const r of rows) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
  const out: Record<string, string>[] = [];
  const walk = (parentId: number | null, names: Partial<Record<BuildingNodeType, string>>) => {
    for (const r of children.get(parentId) ?? []) {
      const here = { ...names, [r.type]: r.name };
      out.push({ ...here, code: r.code ?? '' });
      walk(r.id, here);
    }
  };
  walk(null, {});
  return out;
}

const cell = z.string().optional();
/**
 * One sheet row. Every check that needs only the row itself lives here, so a file's length, format
 * and level errors all come back together (the reader reports them per row and column).
 */
const rowSchema = z
  .object({ heat_source: cell, substation: cell, community: cell, building: cell, unit: cell, code: cell })
  .superRefine((row, issue) => {
    const names = BUILDING_LEVELS.map((t) => row[t]);
    const last = names.reduce((acc, n, i) => (n ? i : acc), -1);
    if (last === -1) issue.addIssue({ code: 'custom', path: ['heat_source'], message: '请填写热源名称' });
    names.forEach((n, i) => {
      const type = BUILDING_LEVELS[i];
      if (n && n.length > 64) issue.addIssue({ code: 'custom', path: [type], message: `${TYPES[type]}名称最多 64 个字符` });
      if (!n && i < last) {
        const leaf = BUILDING_LEVELS[last];
        issue.addIssue({
          code: 'custom',
          path: [type],
          message: `缺少${TYPES[type]}名称：${TYPES[leaf]}“${names[last]}”必须位于${TYPES[type]}下`,
        });
      }
    });
    if (row.code && (row.code.length > 64 || /\s/.test(row.code))) {
      issue.addIssue({ code: 'custom', path: ['code'], message: '编码最多 64 个字符，且不能包含空白字符' });
    }
  });

interface Planned {
  key: string;
  parentKey: string;
  type: BuildingNodeType;
  name: string;
  depth: number;
  sort: number;
  code: string | null;
  id?: number;
}

const ROOT = 'root';
const childKey = (parentKey: string, name: string) => `${parentKey}\u0000${name}`;

/**
 * Read, check and apply a building import, all-or-nothing: each row is a path 热源/…/单元 (as deep
 * as it goes) with an optional code for its last node; missing nodes are created, existing ones
 * (same name under the same parent) reused.
 */
export async function importBuildings(c: BuildingChange, buffer: Buffer, fileName: string) {
  const rows = await readXlsxRows(buffer, BUILDING_COLUMNS, rowSchema);
  const existing = await loadAll(c.db);
  const keyOfId = new Map<number, string>();
  const byKey = new Map<string, TreeRow>();
  const nextSort = new Map<string, number>([[ROOT, 0]]);
  for (const r of existing) {
    const key = childKey(r.parent_id === null ? ROOT : keyOfId.get(r.parent_id)!, r.name);
    keyOfId.set(r.id, key);
    byKey.set(key, r);
    const parentKey = r.parent_id === null ? ROOT : keyOfId.get(r.parent_id)!;
    nextSort.set(parentKey, Math.max(nextSort.get(parentKey) ?? 0, r.sort + 1));
  }
  const codeOwner = new Map(existing.filter((r) => r.code).map((r) => [r.code!, keyOfId.get(r.id)!]));

  const errors: ErrorDetail[] = [];
  const planned = new Map<string, Planned>();
  const reused = new Set<string>();
  const codesSet = new Map<string, { row: number; code: string }>();
  const fileCodes = new Map<string, { key: string; row: number }>();

  for (const { row, data } of rows) {
    const names = BUILDING_LEVELS.map((t) => data[t]);
    const last = names.reduce((acc, n, i) => (n ? i : acc), -1);
    let parentKey = ROOT;
    for (let i = 0; i <= last; i++) {
      const key = childKey(parentKey, names[i]!);
      if (byKey.has(key)) reused.add(key);
      else if (!planned.has(key)) {
        const sort = nextSort.get(parentKey) ?? 0;
        nextSort.set(parentKey, sort + 1);
        planned.set(key, { key, parentKey, type: BUILDING_LEVELS[i], name: names[i]!, depth: i + 1, sort, code: null });
      }
      parentKey = key;
    }
    const code = data.code;
    if (!code) continue;
    const leafKey = parentKey;
    const seen = fileCodes.get(code);
    if (seen && seen.key !== leafKey) {
      errors.push({ row, field: headerOf('code'), message: `编码“${code}”与第 ${seen.row} 行重复` });
      continue;
    }
    fileCodes.set(code, { key: leafKey, row });
    const owner = codeOwner.get(code);
    if (owner !== undefined && owner !== leafKey) {
      errors.push({ row, field: headerOf('code'), message: `编码“${code}”已被“${byKey.get(owner)!.name}”使用` });
      continue;
    }
    const current = byKey.get(leafKey);
    if (current?.code && current.code !== code) {
      errors.push({
        row,
        field: headerOf('code'),
        message: `该${TYPES[current.type]}已有编码“${current.code}”，与文件中的“${code}”不一致`,
      });
    } else if (current && !current.code) codesSet.set(leafKey, { row, code });
    else if (!current) {
      const p = planned.get(leafKey)!;
      if (p.code && p.code !== code) errors.push({ row, field: headerOf('code'), message: `同一节点在文件中有不同编码（“${p.code}”）` });
      else p.code = code;
    }
  }
  if (errors.length) throw importErrors(errors);

  await insertPlanned(c, [...planned.values()], (key) => byKey.get(key)?.id ?? planned.get(key)?.id);
  for (const [key, { code }] of codesSet) {
    await buildingNodeModel(c.db).update({ code }, { where: { id: byKey.get(key)!.id }, transaction: c.tx });
  }
  const result = { created: planned.size, reused: reused.size };
  await c.audit({
    action: 'building.import',
    entityType: BUILDING_ENTITY,
    entityId: null,
    orgId: c.subsidiaryId,
    after: { fileName, rows: rows.length, ...result, codesSet: codesSet.size },
    reason: c.reason,
  });
  return result;
}

/**
 * Insert new nodes level by level: a bulk insert with a temporary path, one select to learn the
 * ids, one update to set the real paths from the parents' — a few statements per level, not per node.
 */
async function insertPlanned(c: BuildingChange, nodes: Planned[], idOf: (key: string) => number | undefined) {
  const model = buildingNodeModel(c.db);
  const sqlite = dialectOf(c.db) === 'sqlite';
  const token = `#${crypto.randomBytes(6).toString('hex')}:`;
  for (let depth = 1; depth <= BUILDING_LEVELS.length; depth++) {
    const level = nodes.filter((n) => n.depth === depth);
    if (!level.length) continue;
    for (let i = 0; i < level.length; i += 500) {
      const chunk = level.slice(i, i + 500);
      await model.bulkCreate(
        chunk.map((n, j) => ({
          parent_id: n.parentKey === ROOT ? null : idOf(n.parentKey)!,
          type: n.type,
          code: n.code,
          name: n.name,
          sort: n.sort,
          path: `${token}${i + j}`,
          depth,
          station_id: null,
          extra: null,
        })),
        { transaction: c.tx },
      );
    }
    const inserted = await c.db.query<{ id: number; path: string }>('SELECT id, path FROM building_nodes WHERE path LIKE ?', {
      replacements: [`${token}%`],
      type: QueryTypes.SELECT,
      transaction: c.tx,
    });
    for (const r of inserted) level[Number(r.path.slice(token.length))].id = Number(r.id);
    const setPath =
      depth === 1
        ? sqlite
          ? `UPDATE building_nodes SET path = '/' || id || '/' WHERE path LIKE ?`
          : `UPDATE building_nodes SET path = CONCAT('/', id, '/') WHERE path LIKE ?`
        : sqlite
          ? `UPDATE building_nodes SET path = (SELECT p.path FROM building_nodes p WHERE p.id = building_nodes.parent_id) || id || '/' WHERE path LIKE ?`
          : `UPDATE building_nodes c JOIN building_nodes p ON p.id = c.parent_id SET c.path = CONCAT(p.path, c.id, '/') WHERE c.path LIKE ?`;
    await c.db.query(setPath, { replacements: [`${token}%`], transaction: c.tx });
  }
  if (nodes.some((n) => n.id === undefined)) throw new Error('building import: inserted rows not found');
}
