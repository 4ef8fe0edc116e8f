import { z } from 'zod';
import {
  buildingChangeLogItem,
  buildingChangeLogQuery,
  buildingCreateBody,
  buildingImportResult,
  buildingMoveBody,
  buildingNode,
  buildingNodeDetail,
  buildingReorderBody,
  buildingTree,
  buildingTreeQuery,
  buildingUpdateBody,
  pageOf,
  reasonSchema,
  subsidiaryItemParams,
  subsidiaryParams,
} from '@warmline/contracts';
import { defineRoute, type RouteContext } from '../../core/route-table.js';
import { sendXlsx } from '../../xlsx/xlsx-table.js';
import { relatedCounts } from './building.hooks.js';
import { loadTree, nodeAncestry, nodeChangeLog, requireNode, subtreeCounts, toBuildingNode } from './building.query.js';
import { createNode, deleteNode, moveNode, reorderChildren, updateNode, type BuildingChange } from './building.service.js';
import { BUILDING_COLUMNS, exportRows, importBuildings } from './building.xlsx.js';

const base = '/subsidiaries/:subsidiaryId/buildings';

/** The change context of a mutating route: tenant database, its transaction, the audit writer. */
const change = (
  ctx: Pick<RouteContext<unknown, unknown, unknown>, 'tenant' | 'tx' | 'services' | 'audit'>,
  reason?: string,
): BuildingChange => ({
  db: ctx.tenant!.db,
  tx: ctx.tx!,
  subsidiaryId: ctx.tenant!.subsidiaryId,
  orgs: ctx.services.orgs,
  audit: ctx.audit,
  reason,
});

/**
 * 楼宇信息管理: the building tree of one subsidiary. Static paths come before `/:id` so express does
 * not read `export` as an id.
 */
export const buildingRoutes = [
  defineRoute({
    id: 'buildings.tree',
    method: 'get',
    path: base,
    summary: '楼宇树（可按节点、层数懒加载）',
    tag: 'buildings',
    access: 'building:read',
    params: subsidiaryParams,
    query: buildingTreeQuery,
    response: buildingTree,
    handler: async ({ tenant, query }) => ({
      subsidiaryId: tenant!.subsidiaryId,
      subsidiaryName: tenant!.name,
      rootId: query.rootId ?? null,
      nodes: await loadTree(tenant!.db, query.rootId, query.depth),
    }),
  }),
  defineRoute({
    id: 'buildings.export',
    method: 'get',
    path: `${base}/export`,
    summary: '导出楼宇（每个节点一行，列为完整路径）',
    tag: 'buildings',
    access: 'building:read',
    params: subsidiaryParams,
    query: z.strictObject({}),
    produces: 'xlsx',
    handler: async ({ tenant, res }) => {
      await sendXlsx(res, `楼宇信息-${tenant!.name}.xlsx`, '楼宇信息', BUILDING_COLUMNS, await exportRows(tenant!.db));
    },
  }),
  defineRoute({
    id: 'buildings.importTemplate',
    method: 'get',
    path: `${base}/import-template`,
    summary: '楼宇导入模板',
    tag: 'buildings',
    access: 'building:write',
    params: subsidiaryParams,
    query: z.strictObject({}),
    produces: 'xlsx',
    handler: async ({ res }) => {
      await sendXlsx(res, '楼宇导入模板.xlsx', '楼宇信息', BUILDING_COLUMNS, []);
    },
  }),
  defineRoute({
    id: 'buildings.import',
    method: 'post',
    path: `${base}/import`,
    summary: '批量导入楼宇（缺少的上级自动创建，同名复用；任一行有误则全部不导入）',
    tag: 'buildings',
    access: 'building:write',
    params: subsidiaryParams,
    upload: { field: 'file', extensions: ['xlsx'] },
    response: buildingImportResult,
    handler: (ctx) => importBuildings(change(ctx), ctx.file!.buffer, ctx.file!.originalName),
  }),
  defineRoute({
    id: 'buildings.reorder',
    method: 'post',
    path: `${base}/reorder`,
    summary: '调整同级节点顺序',
    tag: 'buildings',
    access: 'building:write',
    params: subsidiaryParams,
    body: buildingReorderBody,
    response: z.array(buildingNode),
    handler: (ctx) => reorderChildren(change(ctx, ctx.body.reason), ctx.body),
  }),
  defineRoute({
    id: 'buildings.create',
    method: 'post',
    path: base,
    summary: '新增楼宇节点',
    tag: 'buildings',
    access: 'building:write',
    params: subsidiaryParams,
    body: buildingCreateBody,
    response: buildingNode,
    status: 201,
    handler: (ctx) => createNode(change(ctx, ctx.body.reason), ctx.body),
  }),
  defineRoute({
    id: 'buildings.get',
    method: 'get',
    path: `${base}/:id`,
    summary: '楼宇节点详情（上级路径、下级数量、关联数据）',
    tag: 'buildings',
    access: 'building:read',
    params: subsidiaryItemParams,
    query: z.strictObject({}),
    response: buildingNodeDetail,
    handler: async ({ tenant, params, services }) => {
      const db = tenant!.db;
      const row = await requireNode(db, params.id);
      const [path, counts, extra, station] = await Promise.all([
        nodeAncestry(db, row),
        subtreeCounts(db, row),
        relatedCounts(db, row),
        row.station_id ? services.orgs.get(row.station_id) : undefined,
      ]);
      return {
        ...toBuildingNode(row),
        ancestors: path.filter((p) => p.id !== row.id).map(({ id, type, name }) => ({ id, type, name })),
        fullName: path.map((p) => p.name).join('/'),
        stationName: station?.name ?? null,
        childCount: counts.children,
        related: { descendants: counts.descendants, byType: counts.byType, ...extra },
      };
    },
  }),
  defineRoute({
    id: 'buildings.changeLog',
    method: 'get',
    path: `${base}/:id/change-log`,
    summary: '楼宇节点修改日志',
    tag: 'buildings',
    access: 'building:read',
    params: subsidiaryItemParams,
    query: buildingChangeLogQuery,
    response: pageOf(buildingChangeLogItem),
    handler: ({ tenant, params, query }) => nodeChangeLog(tenant!.db, params.id, query.page, query.pageSize),
  }),
  defineRoute({
    id: 'buildings.update',
    method: 'patch',
    path: `${base}/:id`,
    summary: '修改楼宇节点',
    tag: 'buildings',
    access: 'building:write',
    params: subsidiaryItemParams,
    body: buildingUpdateBody,
    response: buildingNode,
    handler: (ctx) => updateNode(change(ctx, ctx.body.reason), ctx.params.id, ctx.body),
  }),
  defineRoute({
    id: 'buildings.move',
    method: 'post',
    path: `${base}/:id/move`,
    summary: '移动楼宇节点（拖拽，连同下级）',
    tag: 'buildings',
    access: 'building:write',
    params: subsidiaryItemParams,
    body: buildingMoveBody,
    response: buildingNode,
    handler: (ctx) => moveNode(change(ctx, ctx.body.reason), ctx.params.id, ctx.body),
  }),
  defineRoute({
    id: 'buildings.delete',
    method: 'delete',
    path: `${base}/:id`,
    summary: '删除楼宇节点（无下级节点、无房屋时）',
    tag: 'buildings',
    access: 'building:write',
    params: subsidiaryItemParams,
    body: z.strictObject({ reason: reasonSchema }),
    handler: async (ctx) => {
      await deleteNode(change(ctx, ctx.body.reason), ctx.params.id);
      return undefined;
    },
  }),
];
