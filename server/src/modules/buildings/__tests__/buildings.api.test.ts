import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { BuildingNode, BuildingNodeType, BuildingTreeNode } from '@warmline/contracts';
import { buildWorld, describeEachDb, sendFixture, type ApiClient, type World } from '../../../testing/index.js';
import { buildXlsx } from '../../../xlsx/xlsx-table.js';
import { BUILDING_COLUMNS } from '../building.xlsx.js';
import { buildingRoutes } from '../building.routes.js';
import { findUnit, nodePathNames } from '../index.js';
import { buildingFixtures } from './buildings.fixtures.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const api = (subsidiaryId: number) => `/api/subsidiaries/${subsidiaryId}/buildings`;

async function sheetRows(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0].eachRow({ includeEmpty: false }, (row) => {
    out.push(BUILDING_COLUMNS.map((_, i) => String(row.getCell(i + 1).value ?? '')));
  });
  return out;
}

const upload = (client: ApiClient, subsidiaryId: number, content: Buffer) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)]), 'buildings.xlsx');
  return client.request('POST', `${api(subsidiaryId)}/import`, form);
};

const flatten = (nodes: BuildingTreeNode[]): BuildingTreeNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describeEachDb('building tree (楼宇信息管理)', (ctx) => {
  let world: World;
  let admin: ApiClient;
  let a: string;

  const create = async (type: BuildingNodeType, parentId: number | null, name: string, extra: Record<string, unknown> = {}) => {
    const res = await admin.post(a, { parentId, type, name, ...extra });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as BuildingNode;
  };
  const chain = async (tag: string) => {
    const hs = await create('heat_source', null, `热源${tag}`);
    const sub = await create('substation', hs.id, `换热站${tag}`);
    const comm = await create('community', sub.id, `小区${tag}`);
    const bld = await create('building', comm.id, `${tag}号楼`);
    const unit = await create('unit', bld.id, '1单元');
    return { hs, sub, comm, bld, unit };
  };

  before(async () => {
    world = await buildWorld(ctx.server, 'bld');
    admin = ctx.server.admin;
    a = api(world.a.id);
  });

  test('given an empty subsidiary, when a full five-level path is created, then the unit knows its whole path', async () => {
    const { hs, sub, comm, bld, unit } = await chain('一');
    assert.equal(hs.depth, 1);
    assert.equal(unit.depth, 5);
    assert.equal(unit.path, `/${hs.id}/${sub.id}/${comm.id}/${bld.id}/${unit.id}/`);

    const detail = await admin.get(`${a}/${unit.id}`);
    assert.equal(detail.status, 200);
    assert.deepEqual(
      detail.body.ancestors.map((x: { name: string; type: string }) => `${x.type}:${x.name}`),
      ['heat_source:热源一', 'substation:换热站一', 'community:小区一', 'building:一号楼'],
    );
    assert.equal(detail.body.fullName, '热源一/换热站一/小区一/一号楼/1单元');
    const hsDetail = await admin.get(`${a}/${hs.id}`);
    assert.equal(hsDetail.body.childCount, 1);
    assert.equal(hsDetail.body.related.descendants, 4);
    assert.deepEqual(hsDetail.body.related.byType, { substation: 1, community: 1, building: 1, unit: 1 });

    const tree = await admin.get(`${a}?rootId=${hs.id}`);
    assert.equal(tree.status, 200);
    assert.equal(tree.body.nodes[0].children[0].children[0].children[0].name, '1单元');

    const lazy = await admin.get(`${a}?rootId=${hs.id}&depth=1`);
    assert.equal(lazy.body.nodes.length, 1);
    assert.equal(lazy.body.nodes[0].id, sub.id);
    assert.equal(lazy.body.nodes[0].childCount, 1);
    assert.deepEqual(lazy.body.nodes[0].children, []);

    // The helpers the houses module imports.
    const db = (await ctx.server.services.tenants.byId(world.a.id)).db;
    const found = await findUnit(db, unit.id);
    assert.equal(found?.names.community, '小区一');
    assert.equal(found?.address, '小区一 一号楼 1单元');
    assert.equal(await findUnit(db, bld.id), null);
    assert.deepEqual(await nodePathNames(db, bld.id), ['热源一', '换热站一', '小区一', '一号楼']);
  });

  test('given a heat source, when a node of the wrong level is added, then 400 names body.type in Chinese and nothing is created', async () => {
    const hs = await create('heat_source', null, '热源层级');
    const wrong = await admin.post(a, { parentId: hs.id, type: 'community', name: '跳级小区' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, 'VALIDATION_FAILED');
    assert.equal(wrong.body.details[0].field, 'body.type');
    assert.match(wrong.body.details[0].message, /热源下只能新增换热站/);

    const rootLevel = await admin.post(a, { type: 'substation', name: '无上级换热站' });
    assert.equal(rootLevel.status, 400);
    assert.match(rootLevel.body.details[0].message, /公司下只能新增热源/);

    const { unit } = await chain('层级二');
    const belowUnit = await admin.post(a, { parentId: unit.id, type: 'unit', name: '再下一级' });
    assert.equal(belowUnit.status, 400);
    assert.equal(belowUnit.body.details[0].field, 'body.parentId');

    const after = await admin.get(`${a}?rootId=${hs.id}`);
    assert.deepEqual(after.body.nodes, []);
  });

  test('given siblings, when a duplicate name or code is used, then 409 DUPLICATE; the same name under another parent is fine', async () => {
    const hs = await create('heat_source', null, '热源重名', { code: 'HS-DUP-1' });
    await create('substation', hs.id, '一号站');
    const dup = await admin.post(a, { parentId: hs.id, type: 'substation', name: '一号站' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'DUPLICATE');
    assert.equal(dup.body.details[0].field, 'body.name');
    const dupCode = await admin.post(a, { type: 'heat_source', name: '热源重码', code: 'HS-DUP-1' });
    assert.equal(dupCode.status, 409);
    assert.equal(dupCode.body.details[0].field, 'body.code');
    const other = await create('heat_source', null, '热源重名二');
    await create('substation', other.id, '一号站');
  });

  test('given a community, when its station is set, then only a station of this subsidiary is accepted', async () => {
    const { comm, bld } = await chain('站部');
    const foreign = await admin.patch(`${a}/${comm.id}`, { stationId: world.b.stationId });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.details[0].field, 'body.stationId');
    const notStation = await admin.patch(`${a}/${comm.id}`, { stationId: world.a.id });
    assert.equal(notStation.status, 400);
    const onBuilding = await admin.patch(`${a}/${bld.id}`, { stationId: world.a.stationId });
    assert.equal(onBuilding.status, 400);
    const ok = await admin.patch(`${a}/${comm.id}`, { stationId: world.a.stationId, code: 'COMM-ST-1' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.stationId, world.a.stationId);
    const detail = await admin.get(`${a}/${comm.id}`);
    assert.equal(detail.body.stationName, '测试站A');
    assert.equal(detail.body.code, 'COMM-ST-1');
  });

  test('given a community with buildings and units, when moved to another substation, then its subtree follows', async () => {
    const { hs, sub, comm, bld, unit } = await chain('移动');
    const target = await create('substation', hs.id, '换热站移入');
    const res = await admin.post(`${a}/${comm.id}/move`, { parentId: target.id, reason: '划片调整' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.parentId, target.id);
    assert.equal(res.body.path, `${target.path}${comm.id}/`);

    const under = await admin.get(`${a}?rootId=${target.id}`);
    const moved = flatten(under.body.nodes);
    assert.deepEqual(
      moved.map((n) => n.id),
      [comm.id, bld.id, unit.id],
    );
    assert.equal(moved[2].path, `${target.path}${comm.id}/${bld.id}/${unit.id}/`);
    assert.equal(moved[2].depth, 5);
    const unitDetail = await admin.get(`${a}/${unit.id}`);
    assert.deepEqual(
      unitDetail.body.ancestors.map((x: { id: number }) => x.id),
      [hs.id, target.id, comm.id, bld.id],
    );
    const old = await admin.get(`${a}/${sub.id}`);
    assert.equal(old.body.childCount, 0);
  });

  test('given a node, when moved into its own subtree or under a parent of another type, then 400 and nothing moves', async () => {
    const { hs, sub, comm, bld } = await chain('自身');
    const intoOwn = await admin.post(`${a}/${comm.id}/move`, { parentId: bld.id });
    assert.equal(intoOwn.status, 400);
    assert.equal(intoOwn.body.details[0].field, 'body.parentId');
    assert.match(intoOwn.body.details[0].message, /不能移动到自身或其下级节点下/);
    const wrongType = await admin.post(`${a}/${comm.id}/move`, { parentId: hs.id });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.body.details[0].message, /小区只能移动到其他换热站下/);
    const toRoot = await admin.post(`${a}/${comm.id}/move`, { parentId: null });
    assert.equal(toRoot.status, 400);
    const still = await admin.get(`${a}/${comm.id}`);
    assert.equal(still.body.parentId, sub.id);
  });

  test('given a same-named community under the target, when moved there, then 409 DUPLICATE', async () => {
    const hs = await create('heat_source', null, '热源同名移动');
    const s1 = await create('substation', hs.id, '站一');
    const s2 = await create('substation', hs.id, '站二');
    const c1 = await create('community', s1.id, '同名小区');
    await create('community', s2.id, '同名小区');
    const res = await admin.post(`${a}/${c1.id}/move`, { parentId: s2.id });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'DUPLICATE');
  });

  test('given three siblings, when reordered, then the tree lists them in the new order', async () => {
    const hs = await create('heat_source', null, '热源排序');
    const [x, y, z] = [
      await create('substation', hs.id, '甲站'),
      await create('substation', hs.id, '乙站'),
      await create('substation', hs.id, '丙站'),
    ];
    const res = await admin.post(`${a}/reorder`, { parentId: hs.id, orderedIds: [z.id, x.id, y.id] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const tree = await admin.get(`${a}?rootId=${hs.id}`);
    assert.deepEqual(
      tree.body.nodes.map((n: BuildingNode) => n.name),
      ['丙站', '甲站', '乙站'],
    );
    const partial = await admin.post(`${a}/reorder`, { parentId: hs.id, orderedIds: [x.id, y.id] });
    assert.equal(partial.status, 400);
    assert.equal(partial.body.details[0].field, 'body.orderedIds');
    const log = await admin.get(`${a}/${z.id}/change-log`);
    assert.equal(log.body.items[0].action, 'building.reorder');
  });

  test('given a node with children, when deleted, then 409 请先删除下级节点; a leaf is deleted', async () => {
    const { bld, unit } = await chain('删除');
    const refused = await admin.delete(`${a}/${bld.id}`, {});
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'CONFLICT');
    assert.equal(refused.body.message, '请先删除下级节点');
    const ok = await admin.delete(`${a}/${unit.id}`, { reason: '录入错误' });
    assert.equal(ok.status, 204);
    assert.equal((await admin.get(`${a}/${unit.id}`)).status, 404);
    const log = await admin.get(`${a}/${unit.id}/change-log`);
    assert.equal(log.status, 200);
    assert.equal(log.body.items[0].action, 'building.delete');
    assert.equal(log.body.items[0].reason, '录入错误');
    assert.equal((await admin.get(`${a}/${bld.id}`)).body.childCount, 0);
  });

  test('given a node created, renamed and moved, when its change log is read, then it shows each change newest first with before/after', async () => {
    const { hs, bld } = await chain('日志');
    const comm2 = await create('community', (await create('substation', hs.id, '换热站日志二')).id, '小区日志二');
    assert.equal((await admin.patch(`${a}/${bld.id}`, { name: '日志楼', reason: '改名' })).status, 200);
    assert.equal((await admin.post(`${a}/${bld.id}/move`, { parentId: comm2.id })).status, 200);
    const log = await admin.get(`${a}/${bld.id}/change-log`);
    assert.equal(log.status, 200);
    assert.deepEqual(
      log.body.items.map((i: { action: string }) => i.action),
      ['building.move', 'building.update', 'building.create'],
    );
    assert.equal(log.body.total, 3);
    const [move, update] = log.body.items;
    assert.equal(update.before.name, '日志号楼');
    assert.equal(update.after.name, '日志楼');
    assert.equal(update.reason, '改名');
    assert.equal(move.after.parentId, comm2.id);
    assert.equal(move.after.descendantsMoved, 1);
    assert.equal(move.actorName !== null, true);
    const paged = await admin.get(`${a}/${bld.id}/change-log?page=2&pageSize=1`);
    assert.equal(paged.body.items.length, 1);
    assert.equal(paged.body.items[0].action, 'building.update');
    assert.equal((await admin.get(`${a}/999999/change-log`)).status, 404);
  });

  test('given an invalid import file, when uploaded, then 422 IMPORT_INVALID lists each bad row and nothing is imported', async () => {
    const before = await admin.get(api(world.b.id));
    const content = await buildXlsx(BUILDING_COLUMNS, [
      { heat_source: '坏文件热源', substation: '坏文件站' },
      { heat_source: '坏文件热源', community: '跳过换热站的小区' },
      { substation: '无热源站', code: 'X-1' },
      { heat_source: '坏文件热源', substation: 'x'.repeat(65) },
    ]);
    const res = await upload(admin, world.b.id, content);
    assert.equal(res.status, 422);
    assert.equal(res.body.code, 'IMPORT_INVALID');
    const details = res.body.details as { row: number; field: string; message: string }[];
    assert.ok(
      details.some((d) => d.row === 5 && d.field === '换热站'),
      JSON.stringify(details),
    );
    const byRow = Object.fromEntries(details.filter((d) => d.row !== 5).map((d) => [d.row, d]));
    assert.equal(byRow[3].field, '换热站');
    assert.match(byRow[3].message, /缺少换热站名称/);
    assert.equal(byRow[4].field, '热源');
    assert.match(byRow[4].message, /缺少热源名称/);
    assert.equal(byRow[2], undefined);
    assert.deepEqual((await admin.get(api(world.b.id))).body.nodes, before.body.nodes);
  });

  test('given a tree in A, when exported and imported into B, then B gets the same tree; importing again reuses every node', async () => {
    await chain('导出');
    await admin.patch(`${a}/${(await create('heat_source', null, '热源带码')).id}`, { code: 'HS-EXP-1' });
    const exported = await admin.get(`${a}/export`);
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get('content-type') ?? '', /spreadsheetml/);
    const rowsA = await sheetRows(exported.body as Buffer);
    assert.deepEqual(rowsA[0], ['热源', '换热站', '小区', '楼栋', '单元', '编码']);
    assert.ok(rowsA.some((r) => r.join('|') === '热源导出|换热站导出|小区导出|导出号楼|1单元|'));
    assert.ok(rowsA.some((r) => r.join('|') === '热源带码|||||HS-EXP-1'));
    const nodeCount = rowsA.length - 1;

    const imported = await upload(admin, world.b.id, exported.body as Buffer);
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.deepEqual(imported.body, { created: nodeCount, reused: 0 });
    const exportedB = await admin.get(`${api(world.b.id)}/export`);
    assert.deepEqual(await sheetRows(exportedB.body as Buffer), rowsA);

    const again = await upload(admin, world.b.id, exported.body as Buffer);
    assert.deepEqual(again.body, { created: 0, reused: nodeCount });
    const audit = await admin.get(`/api/audit-logs?subsidiaryId=${world.b.id}&action=building.import`);
    assert.equal(audit.body.total, 2);
    assert.equal(audit.body.items[1].after.created, nodeCount);
  });

  test('given the import template, when downloaded, then it holds just the header row', async () => {
    const res = await admin.get(`${a}/import-template`);
    assert.equal(res.status, 200);
    assert.deepEqual(await sheetRows(res.body as Buffer), [['热源', '换热站', '小区', '楼栋', '单元', '编码']]);
  });

  test('given users of subsidiary A, when they reach B or write without permission, then 403', async () => {
    const aAdmin = world.a.as.subsidiary_admin;
    const read = await aAdmin.get(api(world.b.id));
    assert.equal(read.status, 403);
    assert.equal(read.body.code, 'TENANT_FORBIDDEN');
    const write = await aAdmin.post(api(world.b.id), { type: 'heat_source', name: '越权热源' });
    assert.equal(write.status, 403);
    assert.equal(write.body.code, 'TENANT_FORBIDDEN');
    assert.equal((await world.a.as.agent.get(a)).status, 200);
    const agentWrite = await world.a.as.agent.post(a, { type: 'heat_source', name: '坐席热源' });
    assert.equal(agentWrite.status, 403);
    assert.equal(agentWrite.body.code, 'FORBIDDEN');
    const own = await aAdmin.post(a, { type: 'heat_source', name: `本公司热源${crypto.randomBytes(2).toString('hex')}` });
    assert.equal(own.status, 201);
  });

  test('given every building route fixture, when sent as the group admin, then each answers 2xx', async () => {
    const ids = buildingRoutes.map((r) => r.id).sort();
    assert.deepEqual(Object.keys(buildingFixtures).sort(), ids);
    for (const route of buildingRoutes) {
      const env = { server: ctx.server, world, target: world.a, marker: '标记', unique: () => uniqueHex() };
      const req = await buildingFixtures[route.id](env);
      const res = await sendFixture(admin, route, req);
      assert.ok(res.status >= 200 && res.status < 300, `${route.id} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
  });
});
