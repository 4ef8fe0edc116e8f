import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN_PASSWORD, eventually, type TestServer } from '@warmline/server/testing';
import type { Locator, Page } from 'playwright-core';
import { openConsoleBrowser, openMenuPage, signIn, signOut, type ConsoleBrowser } from '../support/console-browser.js';
import { startConsoleServer } from '../support/console-server.js';
import { screenProblems } from '../support/screen-checks.js';

const DEMO_PASSWORD = 'Demo@2026';
const CODE = 'repair_pipe_noise';
const ARTICLE_TITLE = '暖气管道异响的原因与处理';
const ARTICLE_CONTENT = '1. 管道内有空气：请用户对暖气片排气。\n2. 流速过快：由维修站上门调节入户阀门。';

interface KbCategory {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  ticketType: string | null;
  enabled: boolean;
}
interface KbArticle {
  id: number;
  categoryCode: string;
  title: string;
  content: string;
  keywords: string[];
  enabled: boolean;
}

/** The amis form item named `name` inside `scope`. */
const field = (scope: Locator, name: string) => scope.locator(`.cxd-Form-item[data-amis-name="${name}"]`);

/** Pick an option of the amis select inside `scope` whose input is named `name`. */
async function pickOption(page: Page, scope: Locator, name: string, option: string) {
  await field(scope, name).locator('.cxd-Select').click();
  await page.locator('.cxd-Select-menu .cxd-Select-option', { hasText: option }).first().click();
}

/** Select a category in the 知识库 tree and wait until the selection panel names it. */
async function selectCategory(page: Page, name: string) {
  await page.locator('.wl-kb-tree .cxd-Tree-itemText', { hasText: name }).first().click();
  await page.locator('.wl-kb-selected-info strong', { hasText: name }).waitFor();
}

describe('console: 知识库 — the admin keeps categories and articles; the agent picks an article at intake and the ticket keeps its category', () => {
  let server: TestServer;
  let ui: ConsoleBrowser;
  let subsidiaryId: number;
  let phone: string;
  let ticketId = 0;

  const categories = async () => (await server.admin.get('/api/knowledge-base/categories?includeDisabled=true')).body as KbCategory[];
  const articles = async (q: string) =>
    (
      (await server.admin.get(`/api/knowledge-base/articles?includeDisabled=true&q=${encodeURIComponent(q)}`)).body as {
        items: KbArticle[];
      }
    ).items;

  before(async () => {
    server = await startConsoleServer({ demo: true });
    ui = await openConsoleBrowser(server.url);
    await ui.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const units = (await server.admin.get('/api/org-units?type=subsidiary')).body as Array<{ id: number; code: string }>;
    subsidiaryId = units.find((u) => u.code === 'changchun')!.id;
    const customers = await server.admin.get(`/api/subsidiaries/${subsidiaryId}/customers?pageSize=1&blacklisted=false`);
    phone = (customers.body as { items: Array<{ phones: Array<{ raw: string }> }> }).items[0]!.phones[0]!.raw;
    await signIn(ui.page, 'admin', ADMIN_PASSWORD);
  });
  after(async () => {
    await ui?.close();
    await server?.destroy();
  });

  test('given the group admin on 知识库, when a sub-category is added under 供热报修, then an empty name and a taken code are refused in Chinese and the valid one joins the tree with the parent’s type', async () => {
    const { page } = ui;
    await openMenuPage(page, 'knowledge-base');
    await selectCategory(page, '供热报修');
    await page.locator('.wl-kb-articles').getByText('室温不达标的电话排查步骤').waitFor();
    await page.locator('.wl-kb-add-child').click();
    const dialog = page.locator('.cxd-Modal', { hasText: '新增子分类' });
    await dialog.waitFor();
    assert.match(await field(dialog, 'catName').innerText(), /上级分类[\s\S]*供热报修/);
    // when: no name → the field says it is required, nothing is sent
    await dialog.locator('input[name=code]').fill(CODE);
    await dialog.getByRole('button', { name: '确认' }).click();
    await field(dialog, 'name').getByText('这是必填项').waitFor();
    // when: a code another category has → the server's message shows under 分类编码
    await dialog.locator('input[name=name]').fill('管道噪声');
    await dialog.locator('input[name=code]').fill('repair_leak');
    await dialog.getByRole('button', { name: '确认' }).click();
    await field(dialog, 'code').getByText('分类编码已存在').waitFor();
    await ui.screenshot('kb-01-add-category-refused');
    assert.deepEqual(await screenProblems(page), []);
    assert.equal((await categories()).filter((c) => c.name === '管道噪声').length, 0);
    // when: a fresh code → saved
    await dialog.locator('input[name=code]').fill(CODE);
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.wl-kb-tree .cxd-Tree-itemText', { hasText: '管道噪声' }).waitFor();
    const all = await categories();
    const parent = all.find((c) => c.code === 'repair_heating')!;
    const created = all.find((c) => c.code === CODE);
    assert.deepEqual(created && [created.parentId, created.name, created.ticketType, created.enabled], [
      parent.id,
      '管道噪声',
      'repair',
      true,
    ]);
  });

  test('given the new category, when the admin renames it, disables it and enables it again, then the tree marks each state and the store follows', async () => {
    const { page } = ui;
    await selectCategory(page, '管道噪声');
    assert.match(await page.locator('.wl-kb-selected').innerText(), /编码 repair_pipe_noise[\s\S]*适用工单类型：\s*报修/);
    await page.locator('.wl-kb-edit-category').click();
    const dialog = page.locator('.cxd-Modal', { hasText: '编辑分类' });
    await dialog.locator('input[name=name]').fill('管道异响');
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.wl-kb-selected-info strong', { hasText: '管道异响' }).waitFor();
    await page.locator('.wl-kb-disable-category').click();
    await page.locator('.wl-kb-tree .cxd-Tree-itemText', { hasText: '管道异响（已停用）' }).waitFor();
    // the change went to the selected category, right after it was clicked (not to the one selected before)
    const stored = await categories();
    const disabled = stored.find((c) => c.code === CODE)!;
    assert.deepEqual([disabled.name, disabled.enabled], ['管道异响', false]);
    assert.deepEqual(
      stored.filter((c) => c.code === 'repair_heating').map((c) => [c.name, c.enabled]),
      [['供热报修', true]],
    );
    await ui.screenshot('kb-02-category-disabled');
    assert.deepEqual(await screenProblems(page), []);
    await page.locator('.wl-kb-enable-category').click();
    await page.locator('.wl-kb-tree .cxd-Tree-itemText', { hasText: '（已停用）' }).waitFor({ state: 'detached' });
    assert.equal((await categories()).find((c) => c.code === CODE)!.enabled, true);
  });

  test('given 供热报修 has sub-categories, when the admin deletes it, then the server’s refusal is shown and it stays', async () => {
    const { page } = ui;
    await selectCategory(page, '供热报修');
    await page.locator('.wl-kb-delete-category').click();
    const confirm = page.locator('.cxd-Modal', { hasText: '删除分类' });
    await confirm.getByText('确定删除分类「供热报修」吗？').waitFor();
    await confirm.getByRole('button', { name: '确认' }).click();
    await page.locator('.cxd-Toast', { hasText: '该分类下还有子分类，不能删除' }).waitFor();
    await ui.screenshot('kb-02b-delete-refused');
    assert.ok((await categories()).some((c) => c.code === 'repair_heating'));
  });

  test('given the new category, when the admin adds an article, searches it, reads it, copies it and takes it off and back on the shelf, then each step shows and is stored', async () => {
    const { page } = ui;
    await selectCategory(page, '管道异响');
    await page.locator('.wl-kb-articles').getByText('该分类下暂无知识').waitFor();
    await page.locator('.wl-kb-add-article').click();
    const dialog = page.locator('.cxd-Modal', { hasText: '新增知识' });
    await dialog.waitFor();
    // the selected category is preselected
    await field(dialog, 'categoryId').getByText('供热报修 / 管道异响').waitFor();
    await dialog.locator('input[name=title]').fill(ARTICLE_TITLE);
    const keywords = field(dialog, 'keywords').locator('input');
    for (const word of ['异响', '排气']) {
      await keywords.fill(word);
      await keywords.press('Enter');
    }
    await dialog.locator('textarea[name=content]').fill(ARTICLE_CONTENT);
    await ui.screenshot('kb-03-add-article');
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('.wl-kb-articles tbody tr', { hasText: ARTICLE_TITLE });
    await row.waitFor();
    assert.match(await row.innerText(), /管道异响[\s\S]*异响[\s\S]*排气[\s\S]*已上架/);
    const [stored] = await articles(ARTICLE_TITLE);
    assert.deepEqual(stored && [stored.categoryCode, stored.content, stored.keywords, stored.enabled], [
      CODE,
      ARTICLE_CONTENT,
      ['异响', '排气'],
      true,
    ]);

    // search by keyword over the whole tree: only the matching article is listed
    await page.locator('.wl-kb-search input[name=q]').fill('异响');
    await page.locator('.wl-kb-search').getByRole('button', { name: '检索' }).click();
    await page.locator('.wl-kb-articles tbody tr', { hasText: '室温不达标' }).waitFor({ state: 'detached' });
    assert.equal(await page.locator('.wl-kb-articles tbody tr').count(), 1);

    // read and copy
    await row.getByRole('button', { name: '查看' }).click();
    const view = page.locator('.cxd-Modal', { hasText: '一键复制' });
    await view.locator('.wl-kb-article-content').getByText('流速过快').waitFor();
    await view.getByRole('button', { name: '一键复制' }).click();
    await page.locator('.cxd-Toast', { hasText: '已复制到剪贴板' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), ARTICLE_CONTENT);
    await ui.screenshot('kb-04-article-read');
    assert.deepEqual(await screenProblems(page), []);
    await view.getByRole('button', { name: '关闭' }).click();
    await view.waitFor({ state: 'detached' });

    // off the shelf, then back on
    await row.getByRole('button', { name: '下架' }).click();
    await page.locator('.cxd-Modal').getByRole('button', { name: '确认' }).click();
    await row.getByText('已下架').waitFor();
    assert.equal((await articles(ARTICLE_TITLE))[0]!.enabled, false);
    await ui.screenshot('kb-05-article-unpublished');
    await row.getByRole('button', { name: '上架' }).click();
    await row.getByText('已上架').waitFor();
    assert.equal((await articles(ARTICLE_TITLE))[0]!.enabled, true);
    assert.deepEqual(await screenProblems(page), []);
  });

  test('given an agent taking a call, when an article found by 知识库检索 is copied into the form, then type, category, title and description are filled and the ticket keeps the category', async () => {
    const { page } = ui;
    await signOut(page);
    await signIn(page, 'cc.agent1', DEMO_PASSWORD);
    await openMenuPage(page, 'agent-workspace');
    const form = page.locator('.wl-intake');
    await form.locator('input[name=callerPhone]').fill(phone);
    // the agent notes what the caller says before looking it up
    await form.locator('textarea[name=description]').fill('用户反映夜间暖气管道有响声');
    await form.locator('textarea[name=description]').blur();
    await form.locator('.wl-kb-quick').click();
    const dialog = page.locator('.cxd-Modal', { hasText: '知识库检索' });
    await dialog.waitFor();
    await dialog.locator('input[name=q]').fill('异响');
    await dialog.getByRole('button', { name: '检索' }).click();
    const hit = dialog.locator('.wl-kb-hit', { hasText: ARTICLE_TITLE });
    // the dialog may still list what it showed before the search answered: wait for the answer itself
    await page.waitForFunction(() => document.querySelectorAll('.cxd-Modal .wl-kb-hit').length === 1, undefined, { timeout: 20_000 });
    await hit.getByText('流速过快').waitFor();
    assert.equal(await dialog.locator('.wl-kb-hit').count(), 1);
    await ui.screenshot('kb-06-intake-search');
    assert.deepEqual(await screenProblems(page), []);
    await hit.getByRole('button', { name: '复制到问题描述' }).click();
    await dialog.waitFor({ state: 'detached' });

    // then: the type comes from the category, the category is picked, the text is appended to the description
    await field(form, 'categoryCode').getByText('供热报修 / 管道异响').waitFor();
    assert.match(await field(form, 'typeCode').innerText(), /报修/);
    assert.equal(await form.locator('input[name=title]').inputValue(), ARTICLE_TITLE);
    assert.equal(await form.locator('textarea[name=description]').inputValue(), `用户反映夜间暖气管道有响声\n${ARTICLE_CONTENT}`);
    await ui.screenshot('kb-07-intake-filled');

    // a type picked by hand drops the category of the previous type; the tree offers the new type's categories
    await pickOption(page, form, 'typeCode', '投诉');
    await field(form, 'categoryCode').getByText('供热报修 / 管道异响').waitFor({ state: 'detached' });
    await field(form, 'categoryCode').locator('.cxd-TreeSelect').click();
    const offered = page.locator('.cxd-TreeSelect-popover .cxd-Tree-itemText');
    await offered.getByText('服务投诉').waitFor();
    assert.deepEqual(await offered.allInnerTexts(), ['服务投诉']);
    await ui.screenshot('kb-07b-intake-complaint-categories');
    await offered.getByText('服务投诉').click();
    await field(form, 'categoryCode').getByText('服务投诉').waitFor();
    await pickOption(page, form, 'typeCode', '报修');
    await field(form, 'categoryCode').getByText('服务投诉').waitFor({ state: 'detached' });
    await field(form, 'categoryCode').locator('.cxd-TreeSelect').click();
    await page.locator('.cxd-Tree-itemText', { hasText: '管道异响' }).click();
    await field(form, 'categoryCode').getByText('供热报修 / 管道异响').waitFor();

    await form.getByRole('button', { name: '受理' }).click();
    const result = page.locator('.cxd-Modal', { hasText: '受理成功' });
    await result.waitFor();
    const ticketNo = (await result.locator('.wl-ticket-no').innerText()).trim();
    await result.getByRole('button', { name: '知道了' }).click();
    const pool = await eventually('the new ticket in 待安排', async () => {
      const res = await server.admin.get(`/api/subsidiaries/${subsidiaryId}/ticket-pools/unassigned?ticketNo=${ticketNo}`);
      return (res.body as { items: Array<{ id: number; categoryCode: string | null }> }).items[0];
    });
    ticketId = pool.id;
    assert.equal(pool.categoryCode, CODE);
  });

  test('given the ticket, when its detail opens, then 问题分类 shows the category path', async () => {
    const { page } = ui;
    await page.goto(`/pages/ticket-detail?subsidiaryId=${subsidiaryId}&ticketId=${ticketId}`);
    const line = page.locator('.wl-ticket-category');
    await line.getByText('供热报修 / 管道异响').waitFor();
    await page.getByText(ARTICLE_TITLE).first().waitFor();
    await ui.screenshot('kb-08-ticket-detail');
    assert.deepEqual(await screenProblems(page), []);
    assert.deepEqual(ui.pageErrors, []);
  });
});
