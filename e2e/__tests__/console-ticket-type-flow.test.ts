import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN_PASSWORD, eventually, type TestServer } from '@warmline/server/testing';
import type { Page } from 'playwright-core';
import { openConsoleBrowser, openMenuPage, signIn, signOut, type ConsoleBrowser } from '../support/console-browser.js';
import { startConsoleServer } from '../support/console-server.js';
import { screenProblems } from '../support/screen-checks.js';

const DEMO_PASSWORD = 'Demo@2026';

/** Pick an option of the amis select inside `scope` whose input is named `name`. */
async function pickOption(page: Page, scope: ReturnType<Page['locator']>, name: string, option: string) {
  const item = scope.locator(`.cxd-Form-item[data-amis-name="${name}"]`);
  await item.locator('.cxd-Select').click();
  await page.locator('.cxd-Select-menu .cxd-Select-option', { hasText: option }).first().click();
}

describe('console: a ticket type added from the UI is used at once', () => {
  let server: TestServer;
  let ui: ConsoleBrowser;
  let subsidiaryId: number;

  before(async () => {
    server = await startConsoleServer({ demo: true });
    ui = await openConsoleBrowser(server.url);
    const units = (await server.admin.get('/api/org-units?type=subsidiary')).body as Array<{ id: number; code: string }>;
    subsidiaryId = units.find((u) => u.code === 'changchun')!.id;
  });
  after(async () => {
    await ui?.close();
    await server?.destroy();
  });

  test('given the group admin on 工单类型, when they add 管道异响, then it is listed and offered to intake at once', async () => {
    const { page } = ui;
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await openMenuPage(page, 'ticket-types');
    await page.locator('tr:visible', { hasText: '报修' }).first().waitFor();
    await page.getByRole('button', { name: '新增工单类型' }).click();
    const dialog = page.locator('.cxd-Modal', { hasText: '新增工单类型' });
    await dialog.locator('input[name=code]').fill('pipe_noise');
    await dialog.locator('input[name=name]').fill('管道异响');
    await dialog.locator('textarea[name=description]').fill('暖气管道、立管异响或水锤');
    await dialog.locator('.cxd-Form-item[data-amis-name="intakeFormId"] .cxd-Select').waitFor();
    await ui.screenshot('70-ticket-type-create');
    assert.deepEqual(await screenProblems(page), []);
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('tr:visible', { hasText: '管道异响' }).first();
    await row.waitFor();
    assert.match(await row.innerText(), /管道异响[\s\S]*pipe_noise[\s\S]*wl-ticket/);
    await ui.screenshot('71-ticket-type-listed');
    // and its SLA rule: 4 hours of natural time
    await row.getByRole('button', { name: '时限规则' }).click();
    const drawer = page.locator('.cxd-Drawer', { hasText: '管道异响 — 时限规则' });
    await drawer.getByRole('button', { name: '新增时限规则' }).click();
    const ruleDialog = page.locator('.cxd-Modal', { hasText: '新增时限规则' });
    await ruleDialog.locator('input[name=name]').fill('管道异响四小时');
    await ruleDialog.locator('.cxd-Form-item[data-amis-name="handleMinutes"] input').fill('240');
    await ruleDialog.getByText('自然时间', { exact: true }).click();
    await ui.screenshot('71-ticket-type-sla-rule');
    await ruleDialog.getByRole('button', { name: '确认' }).click();
    await ruleDialog.waitFor({ state: 'detached' });
    await drawer.locator('tr:visible', { hasText: '管道异响四小时' }).first().waitFor();
    assert.deepEqual(await screenProblems(page), []);
    await drawer.getByRole('button', { name: '关闭' }).click();
    await drawer.waitFor({ state: 'detached' });
    await signOut(page);
  });

  test('given the new type, when an agent opens the workspace and takes a call of that type, then the ticket number appears and the ticket has the type', async () => {
    const { page } = ui;
    const customers = await server.admin.get(`/api/subsidiaries/${subsidiaryId}/customers?pageSize=1&blacklisted=false`);
    const phone = (customers.body as { items: Array<{ phones: Array<{ raw: string }> }> }).items[0].phones[0].raw;
    await signIn(page, 'cc.agent1', DEMO_PASSWORD);
    await openMenuPage(page, 'agent-workspace');
    await page.locator('.wl-caller-lookup input[name=phone]').fill(phone);
    await page.locator('.wl-caller-lookup').getByRole('button', { name: '查询' }).click();
    await page.locator('.wl-caller-panel').getByText('用户编号').first().waitFor();
    const form = page.locator('.wl-intake');
    await form.locator('input[name=callerPhone]').fill(phone);
    await pickOption(page, form, 'typeCode', '管道异响');
    await form.locator('input[name=title]').fill('夜间暖气管道咚咚响');
    await form.locator('textarea[name=description]').fill('立管每隔几分钟有撞击声');
    await ui.screenshot('72-agent-intake-new-type');
    await form.getByRole('button', { name: '受理' }).click();
    const result = page.locator('.cxd-Modal', { hasText: '受理成功' });
    await result.waitFor();
    const ticketNo = (await result.locator('.wl-ticket-no').innerText()).trim();
    assert.match(ticketNo, /^CHANGCHUN-\d{8}-\d{4}$/);
    await ui.screenshot('73-agent-intake-new-type-done');
    // the ticket has the type, and its SLA clock used the new rule: due 4 h after intake
    const pool = await server.admin.get(`/api/subsidiaries/${subsidiaryId}/ticket-pools/unassigned?ticketNo=${ticketNo}`);
    const item = (pool.body as { items: Array<{ id: number; typeCode: string }> }).items[0];
    assert.equal(item?.typeCode, 'pipe_noise', JSON.stringify(pool.body));
    const ticket = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/tickets/${item.id}`)).body as {
      instanceKey: string;
      createdAt: string;
    };
    const dueAt = await eventually('the clock to compute the due time', async () => {
      const vars = (await server.services.engine.getInstance('changchun', ticket.instanceKey))?.variables;
      return typeof vars?.dueAt === 'string' ? vars.dueAt : undefined;
    });
    const minutes = (Date.parse(dueAt) - Date.parse(ticket.createdAt)) / 60_000;
    assert.ok(Math.abs(minutes - 240) < 2, `due ${minutes} minutes after intake`);
    assert.deepEqual(ui.pageErrors, []);
  });
});
