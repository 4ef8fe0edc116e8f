import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD, type TestServer } from '@warmline/server/testing';
import type { Page } from 'playwright-core';
import { addFormField, englishTexts, selectFormField, setFormProperty } from '../designer/support/form-designer.js';
import { openConsoleBrowser, openMenuPage, SCREENSHOT_DIR, signIn, type ConsoleBrowser } from '../support/console-browser.js';
import { startConsoleServer } from '../support/console-server.js';
import { screenProblems } from '../support/screen-checks.js';

const ENSURE_BUILT = fileURLToPath(new URL('../../scripts/ensure-built.mjs', import.meta.url));

interface FormItem {
  formId: string;
  name: string;
  version: number;
  source: 'shipped' | 'custom';
}

/** The designer's form editor is ready (loaded, or a new form shown). */
const editorReady = (page: Page) => page.waitForSelector('[data-testid=form-dialog][data-ready=true]');
const statusIs = (page: Page, text: string) =>
  page.waitForFunction((t) => document.querySelector('[data-testid=form-status]')?.textContent === t, text);

describe('console: 表单管理 — the forms, their versions, and the form designer opened on its own', () => {
  let server: TestServer;
  let ui: ConsoleBrowser;
  let editor: Page;
  let newFormId = '';
  const forms = async () => ((await server.admin.get('/api/forms')).body as { items: FormItem[] }).items;

  before(async () => {
    // The standalone form editor is the designer's build, served at /designer/.
    const built = spawnSync(process.execPath, [ENSURE_BUILT, 'designer'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`building the designer failed (exit ${built.status})`);
    server = await startConsoleServer();
    ui = await openConsoleBrowser(server.url);
    await signIn(ui.page, 'admin', ADMIN_PASSWORD);
  });
  after(async () => {
    await ui?.close();
    await server?.destroy();
  });

  test('given the group admin, when 表单管理 opens, then the shipped forms are listed in Chinese and a form’s versions show', async () => {
    const { page } = ui;
    await openMenuPage(page, 'forms');
    await page.getByText('室温与异常情况登记', { exact: true }).first().waitFor();
    const row = page.locator('tr', { hasText: 'ticket-dispatch' });
    assert.match(await row.innerText(), /派单[\s\S]*ticket-dispatch[\s\S]*第 1 版[\s\S]*热力集团[\s\S]*内置/);
    assert.equal(await row.locator('a', { hasText: '设计' }).getAttribute('href'), '/designer/#/form/ticket-dispatch');
    assert.equal(await page.locator('a[data-testid=form-new]').getAttribute('href'), '/designer/#/form/new');
    await page.waitForLoadState('networkidle');
    await ui.screenshot('console-forms-01-list');
    assert.deepEqual(await screenProblems(page), []);

    await row.getByRole('button', { name: '版本' }).click();
    const drawer = page.locator('.cxd-Drawer');
    await drawer.getByText('随系统发布').first().waitFor();
    assert.match(await drawer.innerText(), /版本记录：派单（ticket-dispatch）[\s\S]*第 1 版（当前）[\s\S]*随系统发布[\s\S]*系统/);
    // The only version is the current one: nothing to roll back to.
    assert.equal(await drawer.getByRole('button', { name: '回滚到此版本' }).count(), 0);
    await ui.screenshot('console-forms-02-versions');
    assert.deepEqual(await screenProblems(page), []);
    await drawer.getByRole('button', { name: '关闭' }).click();
    await drawer.waitFor({ state: 'detached' });
  });

  test('given 新建表单, when a field is added and saved in the editor tab, then 关闭 returns to the console and the list shows the form', async () => {
    const { page } = ui;
    const [tab] = await Promise.all([page.context().waitForEvent('page'), page.click('a[data-testid=form-new]')]);
    editor = tab;
    editor.setDefaultTimeout(30_000);
    await editorReady(editor);
    // The fresh id is kept in the address: `form-<timestamp>-<random>`.
    newFormId = await editor.locator('[data-testid=form-id]').innerText();
    assert.match(newFormId, /^form-\d{14}-[a-z0-9]+$/);
    assert.ok(editor.url().endsWith(`/designer/#/form/${newFormId}`), editor.url());
    assert.equal(await editor.locator('[data-testid=form-status]').innerText(), '新表单（尚未保存）');

    await editor.fill('[data-testid=form-name]', '上门测温登记');
    await addFormField(editor, 'textfield');
    await selectFormField(editor, 'textfield');
    await setFormProperty(editor, 'label', '测得室温');
    await setFormProperty(editor, 'key', 'measuredTemp');
    await editor.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=form-preview] .fjs-form-field-label')].some((l) => l.textContent?.trim() === '测得室温'),
    );
    await editor.click('[data-testid=form-save]');
    await statusIs(editor, '已保存为第 1 版');
    const latin = (await englishTexts(editor, '[data-testid=form-dialog]')).filter((t) =>
      /[A-Za-z]{2,}/.test(
        t
          .replace(/^\[[a-z-]+\] /, '')
          .replaceAll(newFormId, '')
          .replaceAll('「measuredTemp」', '')
          .replace(/bpmn\.io/g, ''),
      ),
    );
    assert.deepEqual(latin, []);
    await editor.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-forms-03-editor-saved.png') });
    const saved = (await forms()).find((f) => f.formId === newFormId);
    assert.deepEqual(saved && { name: saved.name, version: saved.version, source: saved.source }, {
      name: '上门测温登记',
      version: 1,
      source: 'custom',
    });

    // A second version, for the rollback below.
    await addFormField(editor, 'number');
    await editor.click('[data-testid=form-save]');
    await statusIs(editor, '已保存为第 2 版');

    // 关闭 goes back to the console page that opened the editor.
    await editor.click('[data-testid=form-close]');
    await editor.waitForURL((url) => !url.pathname.startsWith('/designer'));
    await editor.waitForSelector('.wl-page[data-page="forms"] .cxd-Page');
    await editor.close();

    await page.reload();
    await page.waitForSelector('.wl-page[data-page="forms"] .cxd-Page');
    const row = page.locator('tr', { hasText: newFormId });
    await row.waitFor();
    assert.match(await row.innerText(), /上门测温登记[\s\S]*第 2 版[\s\S]*热力集团[\s\S]*自定义/);
    await ui.screenshot('console-forms-04-list-with-new');
  });

  test('given the new form’s versions, when rolled back to version 1 with a reason, then version 3 is current', async () => {
    const { page } = ui;
    const row = page.locator('tr', { hasText: newFormId });
    await row.getByRole('button', { name: '版本' }).click();
    const drawer = page.locator('.cxd-Drawer');
    await drawer.getByText('第 2 版').first().waitFor();
    const v1 = drawer.locator('tbody tr', { hasText: '第 1 版' });
    await v1.getByRole('button', { name: '回滚到此版本' }).click();
    const dialog = page.locator('.cxd-Modal');
    await dialog.getByText('确定将表单「上门测温登记」回滚到第 1 版吗？').waitFor();
    await dialog.locator('input[name=comment2]').fill('第 2 版多了字段');
    await ui.screenshot('console-forms-05-rollback-confirm');
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'detached' });
    await drawer.getByText('第 3 版').first().waitFor();
    assert.match(await drawer.locator('tbody tr').first().innerText(), /第 3 版（当前）[\s\S]*回滚[\s\S]*第 2 版多了字段/);
    await ui.screenshot('console-forms-06-rolled-back');
    assert.deepEqual(await screenProblems(page), []);
    const detail = (await server.admin.get(`/api/forms/${newFormId}`)).body as FormItem & { schema: { components: unknown[] } };
    assert.equal(detail.version, 3);
    assert.equal(detail.schema.components.length, 1);
    await drawer.getByRole('button', { name: '关闭' }).click();
    await drawer.waitFor({ state: 'detached' });
  });

  test('given a stored form opened by `?form=` with a `back` address, when 关闭 is pressed, then that console page opens', async () => {
    const tab = await ui.page.context().newPage();
    await tab.goto('/designer/?form=ticket-dispatch&back=%2Fpages%2Fforms');
    await editorReady(tab);
    assert.equal(await tab.locator('[data-testid=form-id]').innerText(), 'ticket-dispatch');
    assert.equal(await tab.locator('[data-testid=form-name]').inputValue(), '派单');
    assert.equal(await tab.locator('[data-testid=form-status]').innerText(), '第 1 版 · 热力集团');
    await tab.click('[data-testid=form-close]');
    await tab.waitForURL((url) => url.pathname === '/pages/forms');
    await tab.waitForSelector('.wl-page[data-page="forms"] .cxd-Page');
    await tab.close();
  });

  test('given 工单类型, when a type is added, then the intake form select offers the new form and links to the form designer', async () => {
    const { page } = ui;
    await openMenuPage(page, 'ticket-types');
    await page.getByRole('button', { name: '新增工单类型' }).click();
    const dialog = page.locator('.cxd-Modal');
    const link = dialog.locator('a[data-testid=intake-form-design]');
    await link.waitFor();
    assert.equal(await link.innerText(), '新建/设计表单');
    assert.equal(await link.getAttribute('href'), '/designer/#/form/new');
    const item = dialog.locator('.cxd-Form-item[data-amis-name="intakeFormId"]');
    await item.locator('.cxd-Select').click();
    await page
      .locator('.cxd-Select-menu .cxd-Select-option', { hasText: `上门测温登记（${newFormId}）` })
      .first()
      .click();
    // Once a form is chosen the link designs that form.
    await page.waitForFunction(
      (id) => document.querySelector('a[data-testid=intake-form-design]')?.getAttribute('href') === `/designer/#/form/${id}`,
      newFormId,
    );
    await ui.screenshot('console-forms-07-ticket-type-intake');
    assert.deepEqual(await screenProblems(page), []);
    assert.deepEqual(ui.pageErrors, []);
  });
});
