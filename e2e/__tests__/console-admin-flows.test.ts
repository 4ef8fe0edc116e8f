import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN_PASSWORD, type TestServer } from '@warmline/server/testing';
import { openConsoleBrowser, openMenuPage, signIn, type ConsoleBrowser } from '../support/console-browser.js';
import { startConsoleServer } from '../support/console-server.js';
import { screenProblems } from '../support/screen-checks.js';

/** The group row's 新增下级 menu → one of its entries; returns the dialog. */
async function openAddChildDialog(ui: ConsoleBrowser, parentName: string, entry: string) {
  const { page } = ui;
  const row = page.locator('tr', { hasText: parentName }).first();
  await row.getByText('新增下级').click();
  await page.locator('.cxd-DropDown-menu').getByText(entry, { exact: true }).click();
  const dialog = page.locator('.cxd-Modal');
  await dialog.waitFor();
  return dialog;
}

describe('console: org tree, form errors, page schema editing', () => {
  let server: TestServer;
  let ui: ConsoleBrowser;
  before(async () => {
    server = await startConsoleServer();
    ui = await openConsoleBrowser(server.url);
    await signIn(ui.page, 'admin', ADMIN_PASSWORD);
  });
  after(async () => {
    await ui?.close();
    await server?.destroy();
  });

  test('given the org tree, when a subsidiary is added from the UI, then it shows in the tree and its database answers at once', async () => {
    const { page } = ui;
    await openMenuPage(page, 'org-units');
    await page.getByText('热力集团').first().waitFor();
    const dialog = await openAddChildDialog(ui, '热力集团', '新增分公司');
    await dialog.locator('input[name=name]').fill('松原分公司');
    await dialog.locator('input[name=code]').fill('songyuan');
    await dialog.locator('input[name=areaCode]').fill('0438');
    await ui.screenshot('10-org-add-subsidiary-dialog');
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('tr', { hasText: '松原分公司' });
    await row.waitFor();
    assert.match(await row.innerText(), /分公司[\s\S]*songyuan[\s\S]*0438/);
    await ui.screenshot('11-org-tree-with-subsidiary');

    const units = (await server.admin.get('/api/org-units')).body as Array<{ id: number; code: string; subsidiaryId: number | null }>;
    const created = units.find((u) => u.code === 'songyuan');
    assert.ok(created, 'the subsidiary exists on the server');
    assert.equal(created.subsidiaryId, created.id);
    const chains = await server.admin.get(`/api/subsidiaries/${created.id}/approval-chains`);
    assert.equal(chains.status, 200, 'the subsidiary database is open and migrated');
  });

  test('given the add-station form, when fields are missing or the code is invalid, then each field shows its message in Chinese and nothing is created', async () => {
    const { page } = ui;
    const before = ((await server.admin.get('/api/org-units')).body as unknown[]).length;
    const dialog = await openAddChildDialog(ui, '松原分公司', '新增站部');
    await dialog.getByRole('button', { name: '确认' }).click();
    // amis checks required fields first, in Chinese.
    await dialog.getByText('这是必填项').first().waitFor();
    await dialog.locator('input[name=name]').fill('宁江站');
    await dialog.locator('input[name=code]').fill('Ning Jiang');
    await dialog.getByRole('button', { name: '确认' }).click();
    // The server refuses the code; its message appears under the field.
    const codeError = dialog.locator('.cxd-Form-item', { has: page.locator('input[name=code]') }).locator('.cxd-Form-feedback');
    await codeError.waitFor();
    assert.match(await codeError.innerText(), /编码须以小写字母开头/);
    await ui.screenshot('12-org-station-field-errors');
    assert.deepEqual(await screenProblems(page), []);
    assert.equal(((await server.admin.get('/api/org-units')).body as unknown[]).length, before);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  test('given the users screen, when an agent is created with a role and an agent number, then the list shows the binding', async () => {
    const { page } = ui;
    await openMenuPage(page, 'users');
    const dialog = page.locator('.cxd-Modal');
    // a click while the screen still loads can be lost on a busy machine: click again until the dialog opens
    for (let attempt = 1; ; attempt++) {
      await page.getByRole('button', { name: '新增用户' }).click();
      const opened = await dialog.waitFor({ timeout: 7_000 }).then(
        () => true,
        () => false,
      );
      if (opened) break;
      if (attempt === 3) assert.fail('新增用户 did not open its dialog');
    }
    await dialog.locator('input[name=username]').fill('sy.agent1');
    await dialog.locator('input[name=password]').fill('Agent@2026');
    await dialog.locator('input[name=displayName]').fill('赵晓雪');
    await dialog.locator('.cxd-TreeSelect').click();
    await page.locator('.cxd-Tree').getByText('松原分公司', { exact: true }).click();
    await dialog.getByText('坐席', { exact: true }).click();
    await dialog.locator('input[name=agentNo]').fill('SY1001');
    await dialog.locator('input[name=mobile]').fill('1391234');
    await dialog.getByRole('button', { name: '确认' }).click();
    // The server refuses the short mobile number under its field; fixing it saves the user.
    const mobileError = dialog.locator('.cxd-Form-item', { has: page.locator('input[name=mobile]') }).locator('.cxd-Form-feedback');
    await mobileError.waitFor();
    assert.match(await mobileError.innerText(), /手机号格式不正确/);
    await dialog.locator('input[name=mobile]').fill('13912345678');
    await dialog.locator('input[name=mobile]').blur();
    await mobileError.waitFor({ state: 'detached' });
    await ui.screenshot('13-user-create-dialog');
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'detached' }).catch(async (err: Error) => {
      await ui.screenshot('13-user-create-dialog-failed');
      throw err;
    });
    const row = page.locator('tr', { hasText: 'sy.agent1' });
    await row.waitFor();
    assert.match(await row.innerText(), /赵晓雪[\s\S]*松原分公司[\s\S]*坐席[\s\S]*13912345678[\s\S]*SY1001/);
    await ui.screenshot('14-users-with-new-agent');
    assert.deepEqual(await screenProblems(page), []);
  });

  test('given the page editor, when the home page is edited, saved and rolled back, then the console shows each version live', async () => {
    const { page } = ui;
    await openMenuPage(page, 'page-editor');
    await page.locator('select[name=pageKey]').selectOption('home');
    const source = page.locator('textarea[name=schema]');
    await page.locator('tr[data-version="1"]').waitFor();
    const original = await source.inputValue();
    assert.ok(original.includes('您好，'));

    // A broken edit: Chinese reason, nothing can be saved.
    await source.fill(original.replace('"type": "page"', '"type": "pag"'));
    await page.getByText('页面配置的 type 必须是 "page"').waitFor();
    assert.equal(await page.getByRole('button', { name: '保存为新版本' }).isDisabled(), true);

    // A good edit: the preview follows the text before anything is saved.
    await source.fill(original.replace('您好，', '欢迎回来，'));
    await page.locator('.wl-editor-preview').getByText('欢迎回来，系统管理员').waitFor();
    await page.locator('input[name=comment]').fill('问候语改为欢迎回来');
    await ui.screenshot('20-page-editor-live-preview');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.locator('tr[data-version="2"]').waitFor();
    assert.match(await page.locator('.wl-editor-version').innerText(), /当前第 2 版/);

    // Live at once: the page itself now shows the saved version.
    await openMenuPage(page, 'home');
    await page.getByText('欢迎回来，系统管理员').waitFor();
    await ui.screenshot('21-home-edited');

    // Roll back to the shipped version: a third version with the old content.
    await openMenuPage(page, 'page-editor');
    await page.locator('select[name=pageKey]').selectOption('home');
    await page.locator('tr[data-version="2"]').waitFor();
    await page.locator('tr[data-version="1"]').getByRole('button', { name: '回滚到此版本' }).click();
    await page.locator('.cxd-Modal').getByRole('button', { name: '确认' }).click();
    await page.locator('tr[data-version="3"]').waitFor();
    assert.match(await page.locator('tr[data-version="3"]').innerText(), /回滚/);
    await ui.screenshot('22-page-editor-after-rollback');
    await openMenuPage(page, 'home');
    await page.getByText('您好，系统管理员').waitFor();
    assert.equal(await page.getByText('欢迎回来').count(), 0);

    const versions = (await server.admin.get('/api/pages/home/versions')).body as { items: Array<{ version: number; source: string }> };
    assert.deepEqual(
      versions.items.map((v) => [v.version, v.source]),
      [
        [3, 'rollback'],
        [2, 'edited'],
        [1, 'shipped'],
      ],
    );
    assert.deepEqual(ui.pageErrors, []);
  });
});
