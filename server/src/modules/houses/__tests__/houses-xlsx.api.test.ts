import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { buildWorld, describeEachDb, type ApiClient, type World } from '../../../testing/index.js';
import { buildXlsx } from '../../../xlsx/xlsx-table.js';
import { HOUSE_COLUMNS } from '../house-xlsx.js';
import { createHouse, createUnit, createUnitIn, type FixtureUnit, type HouseSetup } from './house-fixture-helpers.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;
type Row = Record<string, unknown>;

async function readSheet(buffer: Buffer): Promise<{ headers: string[]; rows: Row[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Row[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as unknown[];
    rows.push(Object.fromEntries(HOUSE_COLUMNS.map((c, i) => [c.key, values[i + 1] ?? ''])));
  }
  return { headers, rows };
}

function upload(client: ApiClient, path: string, content: Buffer, fileName = '房屋.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)]), fileName);
  return client.request('POST', path, form);
}

describeEachDb('houses xlsx import/export', (ctx) => {
  let world: World;
  let base: string;
  let s: HouseSetup;
  let unit: FixtureUnit;
  let community: string;
  before(async () => {
    world = await buildWorld(ctx.server, 'hxl');
    base = `/api/subsidiaries/${world.a.id}/houses`;
    s = { admin: ctx.server.admin, subsidiaryId: world.a.id, marker: '导', unique: uid };
    community = `导入小区${uid()}`;
    unit = await createUnit(s, { community, building: '1号楼', unit: '1单元' });
    await createUnitIn(s, unit.buildingId, '2单元');
  });

  const row = (patch: Row): Row => ({
    community,
    building: '1号楼',
    unit: '1单元',
    roomNo: '101',
    areaM2: 90.5,
    heatingStatus: '供热',
    billingNo: `B${uid()}`,
    customerNo: '',
    customerName: '',
    phones: '',
    ...patch,
  });
  const importCount = async () =>
    (await ctx.server.admin.get(`/api/audit-logs?subsidiaryId=${world.a.id}&action=house.import&pageSize=1`)).body.total as number;

  test('given the template, when downloaded, then it is an xlsx with the import headers and no rows', async () => {
    const res = await world.a.as.agent!.get(`${base}/import-template`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/);
    const sheet = await readSheet(res.body as Buffer);
    assert.deepEqual(sheet.headers, ['小区', '楼栋', '单元', '房号', '面积', '供热状态', '缴费户号', '用户编号', '用户姓名', '电话']);
    assert.equal(sheet.rows.length, 0);
  });

  test('given a sheet of houses, customers and phones, when imported, exported, edited and imported again, then everything round-trips', async () => {
    const tag = uid();
    const customerNo = `C${tag}`;
    const file = await buildXlsx(HOUSE_COLUMNS, [
      row({ roomNo: '101', billingNo: `BA${tag}`, customerNo, customerName: '张三', phones: '138 0000 1111/8888-1111' }),
      row({ roomNo: '102', heatingStatus: '报停', billingNo: `BB${tag}`, customerNo, customerName: '张三', phones: '+86 13800001111' }),
      row({ unit: '2单元', roomNo: '101', areaM2: '', heatingStatus: 'unconnected', billingNo: `BC${tag}` }),
    ]);
    const audits = await importCount();
    const first = await upload(world.a.as.agent!, `${base}/import`, file);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(first.body, { housesCreated: 3, housesUpdated: 0, customersCreated: 1, customersUpdated: 0 });
    assert.equal(await importCount(), audits + 1);

    const listed = (await ctx.server.admin.get(`${base}?communityId=${unit.communityId}&pageSize=50`)).body.items;
    assert.deepEqual(
      listed.map((h: { address: string; heatingStatus: string; areaM2: number | null; customerNo: string | null }) => [
        h.address,
        h.heatingStatus,
        h.areaM2,
        h.customerNo,
      ]),
      [
        [`${community} 1号楼 1单元 101`, 'heating', 90.5, customerNo],
        [`${community} 1号楼 1单元 102`, 'suspended', 90.5, customerNo],
        [`${community} 1号楼 2单元 101`, 'unconnected', null, null],
      ],
    );
    const pop = await world.a.as.agent!.get(`/api/subsidiaries/${world.a.id}/phone-lookup?phone=0431-88881111`);
    assert.equal(pop.body.matches.length, 1);
    assert.equal(pop.body.matches[0].customer.name, '张三');
    assert.equal(pop.body.matches[0].houses.length, 2);

    const exported = await world.a.as.agent!.get(`${base}/export?communityId=${unit.communityId}`);
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get('content-disposition') ?? '', /attachment/);
    const sheet = await readSheet(exported.body as Buffer);
    assert.deepEqual(sheet.rows, [
      row({ roomNo: '101', billingNo: `BA${tag}`, customerNo, customerName: '张三', phones: '13800001111/043188881111' }),
      row({
        roomNo: '102',
        heatingStatus: '报停',
        billingNo: `BB${tag}`,
        customerNo,
        customerName: '张三',
        phones: '13800001111/043188881111',
      }),
      row({ unit: '2单元', roomNo: '101', areaM2: '', heatingStatus: '未接网', billingNo: `BC${tag}` }),
    ]);

    // Edit the exported sheet: new area and name, another phone set, a customer for the third house.
    const edited = sheet.rows.map((r) => ({ ...r }));
    edited[0] = { ...edited[0], areaM2: 95, customerName: '张三丰', phones: '13900002222' };
    edited[1] = { ...edited[1], customerName: '张三丰', phones: '13900002222' };
    edited[2] = { ...edited[2], customerNo: `D${tag}`, customerName: '李四', phones: '8888-2222' };
    const second = await upload(ctx.server.admin, `${base}/import`, await buildXlsx(HOUSE_COLUMNS, edited));
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.deepEqual(second.body, { housesCreated: 0, housesUpdated: 3, customersCreated: 1, customersUpdated: 1 });

    const again = await readSheet((await ctx.server.admin.get(`${base}/export?communityId=${unit.communityId}`)).body as Buffer);
    assert.deepEqual(again.rows, [{ ...edited[0] }, { ...edited[1] }, { ...edited[2], phones: '043188882222' }]);
    const gone = await ctx.server.admin.get(`/api/subsidiaries/${world.a.id}/phone-lookup?phone=13800001111`);
    assert.deepEqual(gone.body.matches, []);
    const audit = await ctx.server.admin.get(`/api/audit-logs?subsidiaryId=${world.a.id}&action=house.import&pageSize=1`);
    assert.deepEqual(
      { ...audit.body.items[0].after, fileName: undefined },
      { fileName: undefined, rows: 3, housesCreated: 0, housesUpdated: 3, customersCreated: 1, customersUpdated: 1 },
    );
  });

  test('given a sheet with an unknown building path, a bad phone and a duplicate billing number, when imported, then 422 lists every row error and nothing is imported', async () => {
    const tag = uid();
    const housesBefore = (await ctx.server.admin.get(`${base}?pageSize=1`)).body.total;
    const customersBefore = (await ctx.server.admin.get(`/api/subsidiaries/${world.a.id}/customers?pageSize=1`)).body.total;
    const audits = await importCount();
    const file = await buildXlsx(HOUSE_COLUMNS, [
      row({ roomNo: '601', billingNo: `OK${tag}`, customerNo: `N${tag}`, customerName: '正常', phones: '13700003333' }),
      row({ building: '9号楼', roomNo: '602', billingNo: `X1${tag}` }),
      row({ roomNo: '603', billingNo: `X2${tag}`, customerNo: `M${tag}`, customerName: '坏号码', phones: '13700003334/abc' }),
      row({ roomNo: '604', billingNo: `OK${tag}` }),
      row({ roomNo: '605', billingNo: `X3${tag}`, heatingStatus: '冻结' }),
      row({ roomNo: '601', billingNo: `X4${tag}` }),
    ]);
    const res = await upload(ctx.server.admin, `${base}/import`, file);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.code, 'IMPORT_INVALID');
    const found = (r: number, field: string, message: RegExp) =>
      assert.ok(
        res.body.details.some(
          (d: { row: number; field: string; message: string }) => d.row === r && d.field === field && message.test(d.message),
        ),
        `row ${r} ${field} ${message}: ${JSON.stringify(res.body.details)}`,
      );
    found(3, '单元', /楼宇路径“.+\/9号楼\/1单元”不存在/);
    found(4, '电话', /电话号码格式不正确：abc/);
    found(5, '缴费户号', /与第 2 行重复/);
    found(6, '供热状态', /供热状态须为/);
    found(7, '房号', /与第 2 行重复/);
    assert.equal(res.body.details.length, 5);
    assert.equal((await ctx.server.admin.get(`${base}?pageSize=1`)).body.total, housesBefore);
    assert.equal((await ctx.server.admin.get(`/api/subsidiaries/${world.a.id}/customers?pageSize=1`)).body.total, customersBefore);
    assert.deepEqual((await ctx.server.admin.get(`/api/subsidiaries/${world.a.id}/phone-lookup?phone=13700003333`)).body.matches, []);
    assert.equal(await importCount(), audits);
  });

  test('given a row for a room already registered under another billing number, when imported, then 422 and nothing changes', async () => {
    const existing = await createHouse(s, { unitId: unit.unitId, roomNo: '701' });
    const file = await buildXlsx(HOUSE_COLUMNS, [row({ roomNo: '702' }), row({ roomNo: '701' })]);
    const res = await upload(ctx.server.admin, `${base}/import`, file);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.details, [{ row: 3, field: '房号', message: `该房屋已登记，缴费户号为 ${existing.billingNo}` }]);
    const rooms = (await ctx.server.admin.get(`${base}?unitId=${unit.unitId}&pageSize=200`)).body.items.map(
      (h: { roomNo: string }) => h.roomNo,
    );
    assert.ok(!rooms.includes('702'));
  });

  test('given one customer number with two names in the file, when imported, then 422 on the second row', async () => {
    const no = `Z${uid()}`;
    const file = await buildXlsx(HOUSE_COLUMNS, [
      row({ roomNo: '801', customerNo: no, customerName: '周一' }),
      row({ roomNo: '802', customerNo: no, customerName: '周二' }),
    ]);
    const res = await upload(ctx.server.admin, `${base}/import`, file);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.details, [{ row: 3, field: '用户姓名', message: '与第 2 行同一用户编号的姓名不一致' }]);
  });

  test('given rows with missing cells or a missing header, when imported, then 422 names the cell in Chinese', async () => {
    const file = await buildXlsx(HOUSE_COLUMNS, [
      row({ billingNo: '' }),
      row({ customerNo: 'Z1' }),
      row({ phones: '13700004444' }),
      row({ areaM2: '大' }),
    ]);
    const res = await upload(ctx.server.admin, `${base}/import`, file);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.details, [
      { row: 2, field: '缴费户号', message: '必填' },
      { row: 3, field: '用户姓名', message: '填写用户编号时须填写用户姓名' },
      { row: 4, field: '用户编号', message: '填写用户姓名或电话时须填写用户编号' },
      { row: 5, field: '面积', message: '面积须为 0–100000 之间的数字' },
    ]);
    const noHeader = await upload(ctx.server.admin, `${base}/import`, await buildXlsx(HOUSE_COLUMNS.slice(1), [{ building: 'x' }]));
    assert.equal(noHeader.status, 422);
    assert.deepEqual(noHeader.body.details[0], { field: '小区', row: 1, message: '缺少列“小区”' });
  });

  test('given a read-only role, when importing, then 403; a user of A cannot export B', async () => {
    const file = await buildXlsx(HOUSE_COLUMNS, [row({})]);
    assert.equal((await upload(world.a.as.repair_worker!, `${base}/import`, file)).status, 403);
    const res = await world.a.as.agent!.get(`/api/subsidiaries/${world.b.id}/houses/export`);
    assert.equal(res.status, 403);
  });
});
