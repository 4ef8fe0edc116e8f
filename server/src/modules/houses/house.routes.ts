import { z } from 'zod';
import {
  houseCreateBody,
  houseDetail,
  houseExportQuery,
  houseImportResult,
  houseItem,
  houseListQuery,
  houseUpdateBody,
  pageOf,
  reasonSchema,
  subsidiaryItemParams,
  subsidiaryParams,
} from '@warmline/contracts';
import { defineRoute, type RouteContext } from '../../core/route-table.js';
import { sendXlsx } from '../../xlsx/xlsx-table.js';
import type { ChangeCtx } from '../customers/customer.service.js';
import { registerHouseBuildingHooks } from './house-building.hooks.js';
import { createHouse, deleteHouse, updateHouse } from './house.service.js';
import { getHouseDetail, listHouses } from './house.query.js';
import { HOUSE_COLUMNS, houseExportRows } from './house-xlsx.js';
import { importHouses } from './house-import.service.js';

registerHouseBuildingHooks();

const change = (ctx: RouteContext<unknown, unknown, unknown>): ChangeCtx => ({
  services: ctx.services,
  tenant: ctx.tenant!,
  tx: ctx.tx!,
  audit: ctx.audit,
});
const base = '/subsidiaries/:subsidiaryId/houses';

export const houseRoutes = [
  defineRoute({
    id: 'house.list',
    method: 'get',
    path: base,
    summary: '房屋列表（按单元、小区、地址/户号、供热状态、热用户筛选）',
    tag: 'houses',
    access: 'house:read',
    params: subsidiaryParams,
    query: houseListQuery,
    response: pageOf(houseItem),
    handler: ({ tenant, query }) => listHouses(tenant!.db, query),
  }),
  defineRoute({
    id: 'house.export',
    method: 'get',
    path: `${base}/export`,
    summary: '导出房屋信息（xlsx，含热用户与电话）',
    tag: 'houses',
    access: 'house:read',
    params: subsidiaryParams,
    query: houseExportQuery,
    produces: 'xlsx',
    handler: async ({ services, tenant, query, res }) => {
      const rows = await houseExportRows(services, tenant!.db, query);
      await sendXlsx(res, `房屋信息-${tenant!.name}.xlsx`, '房屋信息', HOUSE_COLUMNS, rows);
    },
  }),
  defineRoute({
    id: 'house.importTemplate',
    method: 'get',
    path: `${base}/import-template`,
    summary: '下载房屋导入模板（xlsx）',
    tag: 'houses',
    access: 'house:read',
    params: subsidiaryParams,
    query: z.strictObject({}),
    produces: 'xlsx',
    handler: async ({ res }) => {
      await sendXlsx(res, '房屋导入模板.xlsx', '房屋信息', HOUSE_COLUMNS, []);
    },
  }),
  defineRoute({
    id: 'house.import',
    method: 'post',
    path: `${base}/import`,
    summary: '批量导入房屋与热用户（按缴费户号、用户编号新增或更新；全部成功或全部不导入）',
    tag: 'houses',
    access: 'house:write',
    params: subsidiaryParams,
    upload: { field: 'file', extensions: ['xlsx'] },
    response: houseImportResult,
    handler: (ctx) => importHouses(change(ctx), ctx.file!.buffer, ctx.file!.originalName),
  }),
  defineRoute({
    id: 'house.get',
    method: 'get',
    path: `${base}/:id`,
    summary: '房屋详情（含楼宇路径、热用户与电话）',
    tag: 'houses',
    access: 'house:read',
    params: subsidiaryItemParams,
    query: z.strictObject({}),
    response: houseDetail,
    handler: ({ tenant, params }) => getHouseDetail(tenant!.db, params.id),
  }),
  defineRoute({
    id: 'house.create',
    method: 'post',
    path: base,
    summary: '新增房屋',
    tag: 'houses',
    access: 'house:write',
    params: subsidiaryParams,
    body: houseCreateBody,
    response: houseDetail,
    status: 201,
    handler: (ctx) => createHouse(change(ctx), ctx.body),
  }),
  defineRoute({
    id: 'house.update',
    method: 'patch',
    path: `${base}/:id`,
    summary: '修改房屋',
    tag: 'houses',
    access: 'house:write',
    params: subsidiaryItemParams,
    body: houseUpdateBody,
    response: houseDetail,
    handler: (ctx) => updateHouse(change(ctx), ctx.params.id, ctx.body),
  }),
  defineRoute({
    id: 'house.delete',
    method: 'delete',
    path: `${base}/:id`,
    summary: '删除房屋',
    tag: 'houses',
    access: 'house:write',
    params: subsidiaryItemParams,
    body: z.strictObject({ reason: reasonSchema }),
    handler: async (ctx) => {
      await deleteHouse(change(ctx), ctx.params.id, ctx.body.reason);
      return undefined;
    },
  }),
];
