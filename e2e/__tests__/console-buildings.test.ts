import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiClient, TestServer } from '@warmline/server/testing';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { openConsoleBrowser, openMenuPage, signIn, type ConsoleBrowser } from '../support/console-browser.js';
import { startConsoleServer } from '../support/console-server.js';
import { screenProblems } from '../support/screen-checks.js';

const DEMO_PASSWORD = 'Demo@2026';

interface Node {
  id: number;
  parentId: number | null;
  name: string;
  children: Node[];
}

/** An import sheet with the template's Chinese headers (热源 … 单元, 编码). */
async function sheet(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('楼宇信息');
  ws.addRow(['热源', '换热站', '小区', '楼栋', '单元', '编码']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('console: the building tree — drag to move, bulk import with the error report', () => {
  let server: TestServer;
  let ui: ConsoleBrowser;
  let admin: ApiClient;
  let base: string;
  const ids: Record<string, number> = {};

  /** The subsidiary's whole tree, flattened by name. */
  async function treeByName(): Promise<Map<string, Node>> {
    const res = await admin.get(base);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const out = new Map<string, Node>();
    const walk = (list: Node[]) => list.forEach((n) => (out.set(n.name, n), walk(n.children)));
    walk((res.body as { nodes: Node[] }).nodes);
    return out;
  }

  const row = (page: Page, name: string) => page.locator(`.wl-bt-row[data-node-name="${name}"]`);

  before(async () => {
    server = await startConsoleServer({ demo: true });
    ui = await openConsoleBrowser(server.url);
    const units = (await server.admin.get('/api/org-units?type=subsidiary')).body as Array<{ id: number; code: string }>;
    base = `/api/subsidiaries/${units.find((u) => u.code === 'changchun')!.id}/buildings`;
    admin = await server.login('cc.admin', DEMO_PASSWORD);
    // A small branch of our own: 热源 → 换热站 → 小区 → two buildings, one unit under the first.
    const add = async (name: string, type: string, parent?: string) => {
      const res = await admin.post(base, { name, type, ...(parent ? { parentId: ids[parent] } : {}) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      ids[name] = (res.body as { id: number }).id;
    };
    await add('测试热源甲', 'heat_source');
    await add('测试换热站甲', 'substation', '测试热源甲');
    await add('测试小区甲', 'community', '测试换热站甲');
    await add('测试楼一', 'building', '测试小区甲');
    await add('测试楼二', 'building', '测试小区甲');
    await add('测试单元一', 'unit', '测试楼一');
    await signIn(ui.page, 'cc.admin', DEMO_PASSWORD);
  });
  after(async () => {
    await ui?.close();
    await server?.destroy();
  });

  test('given the building tree, when a unit is dragged onto another building, then the server moved it there', async () => {
    const { page } = ui;
    await openMenuPage(page, 'buildings');
    // open the branch down to the buildings
    await row(page, '测试热源甲').waitFor();
    const expand = async (name: string) => {
      const r = row(page, name);
      await r.waitFor();
      if ((await r.locator('.fa-caret-right').count()) > 0) await r.locator('.wl-bt-toggle').click();
    };
    await expand('测试热源甲');
    await expand('测试换热站甲');
    await expand('测试小区甲');
    await expand('测试楼一');
    await row(page, '测试单元一').waitFor();
    await ui.screenshot('60-buildings-tree');
    assert.deepEqual(await screenProblems(page), []);

    // when the unit is dragged onto 测试楼二
    await row(page, '测试单元一').dragTo(row(page, '测试楼二'));
    await page.locator('.wl-bt-notice-success', { hasText: '已将“测试单元一”移到“测试楼二”下' }).waitFor();
    // then the server's tree has it under 测试楼二
    const tree = await treeByName();
    assert.equal(tree.get('测试单元一')!.parentId, ids['测试楼二']);
    assert.deepEqual(
      tree.get('测试楼一')!.children.map((c) => c.name),
      [],
    );
  });

  test('given a building, when it is dragged onto a heat source (wrong level), then the server refusal is shown and nothing moved', async () => {
    const { page } = ui;
    await row(page, '测试楼一').dragTo(row(page, '测试热源甲'));
    const notice = page.locator('.wl-bt-notice-error');
    await notice.waitFor();
    assert.match(await notice.innerText(), /[\u4e00-\u9fa5]/, 'a Chinese message');
    await ui.screenshot('61-buildings-move-refused');
    assert.equal((await treeByName()).get('测试楼一')!.parentId, ids['测试小区甲']);
  });

  test('given a selected building, when a unit is added, renamed and deleted, then the server follows each step; a community lists its houses', async () => {
    const { page } = ui;
    await row(page, '测试楼二').click();
    const detail = page.locator('.wl-bt-detail');
    await detail.getByText('楼栋：测试楼二').waitFor();
    // add
    await detail.locator('input[name=newChild]').fill('测试单元二');
    await detail.getByRole('button', { name: '新增' }).click();
    await page.locator('.wl-bt-notice-success', { hasText: '已新增单元“测试单元二”' }).waitFor();
    assert.equal((await treeByName()).get('测试单元二')!.parentId, ids['测试楼二']);
    // rename
    await row(page, '测试单元二').click();
    await detail.getByText('单元：测试单元二').waitFor();
    await detail.locator('input[name=rename]').fill('测试单元贰');
    await detail.getByRole('button', { name: '重命名' }).click();
    await page.locator('.wl-bt-notice-success', { hasText: '已改名为“测试单元贰”' }).waitFor();
    assert.ok((await treeByName()).has('测试单元贰'));
    // delete (two steps)
    await row(page, '测试单元贰').click();
    await detail.getByRole('button', { name: '删除' }).click();
    await detail.getByRole('button', { name: '确认删除“测试单元贰”' }).click();
    await page.locator('.wl-bt-notice-success', { hasText: '已删除“测试单元贰”' }).waitFor();
    assert.equal((await treeByName()).has('测试单元贰'), false);
    // a demo community with houses
    const community = [...(await treeByName()).values()].find((n) => n.name === '幸福花园')!;
    await row(page, '幸福花园').click();
    const houses = detail.locator('.wl-bt-houses');
    await houses.locator('tbody tr').first().waitFor();
    const listed = await admin.get(`${base.replace('/buildings', '/houses')}?communityId=${community.id}&pageSize=1`);
    assert.match(await houses.locator('caption').innerText(), new RegExp(`共 ${(listed.body as { total: number }).total} 户`));
    assert.match(await houses.locator('tbody tr').first().innerText(), /供热|报停|未接网/);
    await ui.screenshot('64-buildings-community-houses');
    assert.deepEqual(await screenProblems(page), []);
    // the template downloads as an xlsx with the import headers
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载模板' }).click()]);
    assert.equal(download.suggestedFilename(), '楼宇导入模板.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    assert.deepEqual((wb.worksheets[0].getRow(1).values as unknown[]).slice(1, 7), ['热源', '换热站', '小区', '楼栋', '单元', '编码']);
  });

  test('given a spreadsheet with a bad row, when it is imported, then the error table lists the row, column and message and nothing is imported', async () => {
    const { page } = ui;
    const before = await treeByName();
    await page.setInputFiles('input[name=buildingImport]', {
      name: '楼宇导入.xlsx',
      mimeType: XLSX,
      buffer: await sheet([
        ['导入热源乙', '导入换热站乙', '导入小区乙', '导入楼一', '1单元', 'E2E-U1'],
        ['导入热源乙', '', '导入小区丙', '', '', ''],
      ]),
    });
    const errors = page.locator('.wl-bt-errors');
    await errors.waitFor();
    const cells = await errors.locator('tbody tr').first().locator('td').allInnerTexts();
    assert.equal(cells[0], '3', 'the second data row is row 3 of the sheet');
    assert.equal(cells[1], '换热站');
    assert.ok(cells[2].length > 0, 'a message');
    assert.match(await page.locator('.wl-bt-notice-error').innerText(), /未导入/);
    await ui.screenshot('62-buildings-import-errors');
    const after = await treeByName();
    assert.equal(after.size, before.size);
    assert.equal(after.has('导入热源乙'), false);
  });

  test('given a correct spreadsheet, when it is imported, then its nodes are in the tree and the error table is gone', async () => {
    const { page } = ui;
    await page.setInputFiles('input[name=buildingImport]', {
      name: '楼宇导入.xlsx',
      mimeType: XLSX,
      buffer: await sheet([
        ['导入热源乙', '导入换热站乙', '导入小区乙', '导入楼一', '1单元', 'E2E-U1'],
        ['导入热源乙', '导入换热站乙', '导入小区乙', '导入楼一', '2单元', 'E2E-U2'],
      ]),
    });
    await page.locator('.wl-bt-notice-success', { hasText: '导入完成：新建 6 个节点' }).waitFor();
    assert.equal(await page.locator('.wl-bt-errors').count(), 0);
    await row(page, '导入热源乙').waitFor();
    const tree = await treeByName();
    assert.deepEqual(
      tree.get('导入楼一')!.children.map((c) => c.name),
      ['1单元', '2单元'],
    );
    await ui.screenshot('63-buildings-imported');
    assert.deepEqual(await screenProblems(page), []);
    assert.deepEqual(ui.pageErrors, []);
  });
});
