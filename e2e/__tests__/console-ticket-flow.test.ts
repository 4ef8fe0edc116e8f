import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, type ApiClient, type TestServer } from '@warmline/server/testing';
import type { Page } from 'playwright-core';
import { openConsoleBrowser, openMenuPage, signIn, signOut, type ConsoleBrowser } from '../support/console-browser.js';
import { CONSOLE_DIALECTS, startConsoleServer } from '../support/console-server.js';
import { screenProblems } from '../support/screen-checks.js';

const DEMO_PASSWORD = 'Demo@2026';

/** Pick an option of the amis select inside `scope` whose input is named `name`. */
async function pickOption(page: Page, scope: ReturnType<Page['locator']>, name: string, option: string) {
  const item = scope.locator(`.cxd-Form-item[data-amis-name="${name}"]`);
  await item.locator('.cxd-Select').click();
  await page.locator('.cxd-Select-menu .cxd-Select-option', { hasText: option }).first().click();
}

/** A pool row of the ticket, once the list shows it. */
function rowOf(page: Page, ticketNo: string) {
  return page.locator('tr:visible', { hasText: ticketNo }).first();
}

for (const dialect of CONSOLE_DIALECTS) {
  describe(`console (${dialect}): a ticket from intake to close across the agent and station-head screens`, () => {
    let server: TestServer;
    let ui: ConsoleBrowser;
    let subsidiaryId: number;
    let phone: string;
    let ticketNo = '';
    let ticketId = 0;

    before(async () => {
      server = await startConsoleServer({ demo: true, dialect });
      ui = await openConsoleBrowser(server.url);
      // Screenshots of the MariaDB run beside the SQLite ones.
      if (dialect !== 'sqlite') {
        const shot = ui.screenshot;
        ui.screenshot = (name) => shot(`${name}-${dialect}`);
      }
      const units = (await server.admin.get('/api/org-units?type=subsidiary')).body as Array<{ id: number; code: string }>;
      subsidiaryId = units.find((u) => u.code === 'changchun')!.id;
      const customers = await server.admin.get(`/api/subsidiaries/${subsidiaryId}/customers?pageSize=1&blacklisted=false`);
      const first = (customers.body as { items: Array<{ phones: Array<{ raw: string }> }> }).items[0];
      phone = first.phones[0].raw;
      await signIn(ui.page, 'cc.agent1', DEMO_PASSWORD);
    });
    after(async () => {
      await ui?.close();
      await server?.destroy();
    });

    test('given the agent workspace, when a caller number is looked up, then the customer panel shows the customer, houses and history', async () => {
      const { page } = ui;
      await openMenuPage(page, 'agent-workspace');
      await page.locator('.wl-caller-lookup input[name=phone]').fill(phone);
      await page.locator('.wl-caller-lookup').getByRole('button', { name: '查询' }).click();
      const panel = page.locator('.wl-caller-panel');
      await panel.getByText('用户编号').first().waitFor();
      assert.match(await panel.innerText(), /正常[\s\S]*房屋[\s\S]*缴费编号/);
      assert.match(await panel.innerText(), /历史工单（\d+）/);
      await ui.screenshot('30-agent-caller-panel');
      assert.deepEqual(await screenProblems(page), []);
    });

    test('given the intake form, when required fields are missing or the number is cleared, then the fields show Chinese messages and nothing is created', async () => {
      const { page } = ui;
      const form = page.locator('.wl-intake');
      const before = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/ticket-pools/unassigned`)).body as { total: number };
      await form.getByRole('button', { name: '受理' }).click();
      await form.getByText('这是必填项').first().waitFor();
      // The server refuses a ticket with neither a number nor a house; its message shows under the number.
      await form.locator('input[name=callerPhone]').fill('');
      await form.locator('.cxd-Form-item[data-amis-name="houseId"]').locator('.cxd-Select-clear').click();
      await pickOption(page, form, 'typeCode', '报修');
      await form.locator('input[name=title]').fill('暖气不热');
      await form.getByRole('button', { name: '受理' }).click();
      const phoneError = form.locator('.cxd-Form-item[data-amis-name="callerPhone"]').locator('.cxd-Form-feedback');
      await phoneError.waitFor();
      assert.match(await phoneError.innerText(), /请提供来电号码/);
      await ui.screenshot('31-agent-intake-field-errors');
      const after = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/ticket-pools/unassigned`)).body as { total: number };
      assert.equal(after.total, before.total);
    });

    test('given a looked-up caller, when the agent submits the intake form, then the new ticket number is shown and the ticket waits in 待安排', async () => {
      const { page } = ui;
      await page.locator('.wl-caller-lookup').getByRole('button', { name: '查询' }).click();
      const form = page.locator('.wl-intake');
      await form.locator('input[name=callerPhone]').fill(phone);
      await form.locator('input[name=title]').fill('暖气片不热，室温低');
      await form.locator('textarea[name=description]').fill('卧室暖气片上热下凉，室温约 15 度');
      await form.getByRole('button', { name: '受理' }).click();
      const result = page.locator('.cxd-Modal', { hasText: '受理成功' });
      await result.waitFor();
      ticketNo = (await result.locator('.wl-ticket-no').innerText()).trim();
      assert.match(ticketNo, /^CHANGCHUN-\d{8}-\d{4}$/);
      await ui.screenshot('32-agent-intake-done');
      await result.getByRole('button', { name: '知道了' }).click();
      await result.waitFor({ state: 'detached' });
      const row = rowOf(page, ticketNo);
      await row.waitFor();
      assert.match(await row.innerText(), /报修[\s\S]*暖气片不热[\s\S]*待派单/);
      const pool = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/ticket-pools/unassigned?ticketNo=${ticketNo}`)).body as {
        items: Array<{ id: number }>;
      };
      ticketId = pool.items[0].id;
      await ui.screenshot('33-agent-pools');
      assert.deepEqual(await screenProblems(page), []);
    });

    test('given the new ticket in 待安排, when the agent dispatches it to 南关站, then it leaves the pool for the station', async () => {
      const { page } = ui;
      await rowOf(page, ticketNo).getByRole('button', { name: '派单' }).click();
      const dialog = page.locator('.cxd-Modal', { hasText: '派往站部' });
      await dialog.waitFor();
      await pickOption(page, dialog, 'stationId', '南关站');
      await ui.screenshot('34-agent-dispatch-dialog');
      await dialog.getByRole('button', { name: '确认' }).click();
      await dialog.waitFor({ state: 'detached' });
      await rowOf(page, ticketNo).waitFor({ state: 'detached' });
      const detail = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/tickets/${ticketId}`)).body as { status: string };
      assert.equal(detail.status, 'pending_confirm');
    });

    test('given the station head, when the ticket is assigned from 待确认 with the ranked suggestions, then the worker has it', async () => {
      const { page } = ui;
      await signOut(page);
      await signIn(page, 'cc.st01.head', DEMO_PASSWORD);
      await openMenuPage(page, 'station-console');
      const row = rowOf(page, ticketNo);
      await row.waitFor();
      await row.getByRole('button', { name: '派工' }).click();
      const dialog = page.locator('.cxd-Modal', { hasText: '确认派工' });
      await dialog.getByText('推荐理由').first().waitFor();
      await dialog.locator('tbody tr').first().waitFor();
      const worker = (
        (await server.admin.get('/api/users?q=cc.st01.repair1')).body as { items: Array<{ username: string; displayName: string }> }
      ).items.find((u) => u.username === 'cc.st01.repair1')!;
      await pickOption(page, dialog, 'workerId', worker.displayName);
      await ui.screenshot('35-station-assign-suggestions');
      assert.deepEqual(await screenProblems(page), []);
      await dialog.getByRole('button', { name: '确认' }).click();
      await dialog.waitFor({ state: 'detached' });
      await rowOf(page, ticketNo).waitFor({ state: 'detached' });
      await page.locator('.cxd-Tabs-link', { hasText: '已分派' }).click();
      const assigned = rowOf(page, ticketNo);
      await assigned.waitFor();
      assert.match(await assigned.innerText(), new RegExp(`待接单[\\s\\S]*${worker.displayName}`));
      await ui.screenshot('36-station-assigned');
    });

    test('given the station head on the station console, when another ticket is dispatched to the station, then a popup names it and 待确认 lists it', async () => {
      const { page } = ui;
      const agent = await server.login('cc.agent2', DEMO_PASSWORD);
      const created = await agent.post(`/api/subsidiaries/${subsidiaryId}/tickets`, {
        callerPhone: phone,
        typeCode: 'complaint',
        urgency: 'urgent',
        source: 'phone',
        title: '维修人员迟迟未上门',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const second = created.body as { id: number; ticketNo: string };
      const stations = (await agent.get(`/api/subsidiaries/${subsidiaryId}/dispatch-stations`)).body as Array<{ id: number; name: string }>;
      const nanguan = stations.find((s) => s.name === '南关站')!;
      const dispatched = await agent.post(`/api/subsidiaries/${subsidiaryId}/tickets/${second.id}/dispatch`, { stationId: nanguan.id });
      assert.equal(dispatched.status, 200, JSON.stringify(dispatched.body));
      const popup = page.locator('.wl-ticket-alert', { hasText: second.ticketNo });
      await popup.waitFor();
      await ui.screenshot('37-station-new-ticket-popup');
      await popup.getByRole('button', { name: '关闭' }).click();
      await popup.waitFor({ state: 'detached' });
      await page.locator('.cxd-Tabs-link', { hasText: '待确认' }).click();
      await rowOf(page, second.ticketNo).waitFor();
    });

    test('given the worker accepted the ticket and asked for a delay (mobile, through the API), when the station head approves it under 待审批, then the timeline records the decision', async () => {
      const worker: ApiClient = await server.login('cc.st01.repair1', DEMO_PASSWORD);
      const base = `/api/subsidiaries/${subsidiaryId}/tickets/${ticketId}`;
      const accepted = await worker.post(`${base}/accept`, {});
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      const delay = await worker.post(`${base}/request-delay`, { minutes: 120, reason: '等待配件到货' });
      assert.equal(delay.status, 200, JSON.stringify(delay.body));

      const { page } = ui;
      await page.locator('.cxd-Tabs-link', { hasText: '待审批' }).click();
      const row = rowOf(page, ticketNo);
      await row.waitFor();
      await row.getByRole('button', { name: '审批' }).click();
      const dialog = page.locator('.cxd-Modal', { hasText: '审批结果' });
      await dialog.getByText('等待配件到货').waitFor();
      await dialog.getByText('同意', { exact: true }).click();
      await ui.screenshot('38-station-approval-dialog');
      assert.deepEqual(await screenProblems(page), []);
      await dialog.getByRole('button', { name: '确认' }).click();
      await dialog.waitFor({ state: 'detached' });
      const timeline = (await worker.get(`${base}/timeline`)).body as { approvals: Array<{ kind: string; decision: string | null }> };
      assert.ok(timeline.approvals.some((a) => a.kind === 'approval_decided'));
    });

    test('given the worker handled it (mobile, through the API), when the agent records a satisfied callback, then the timeline shows every step to 办结', async () => {
      const worker: ApiClient = await server.login('cc.st01.repair1', DEMO_PASSWORD);
      const base = `/api/subsidiaries/${subsidiaryId}/tickets/${ticketId}`;
      const handled = await worker.post(`${base}/handle`, {
        result: 'resolved',
        resultDescription: '排气阀排气，暖气恢复正常',
        durationMinutes: 40,
        indoorTemperatures: [19.5, 20],
        satisfaction: 'satisfied',
      });
      assert.equal(handled.status, 200, JSON.stringify(handled.body));

      const { page } = ui;
      await signOut(page);
      await signIn(page, 'cc.agent1', DEMO_PASSWORD);
      await page.goto(`/pages/ticket-detail?subsidiaryId=${subsidiaryId}&ticketId=${ticketId}`);
      await page.locator('.cxd-Property td', { hasText: ticketNo }).first().waitFor();
      await page.getByRole('button', { name: '回访' }).click();
      const dialog = page.locator('.cxd-Modal', { hasText: '回访结果' });
      await dialog.getByText('满意，办结').click();
      await dialog.locator('textarea[name=note]').fill('用户表示满意');
      await dialog.getByRole('button', { name: '确认' }).click();
      await dialog.waitFor({ state: 'detached' });
      await ui.screenshot('39-ticket-detail-after-callback');
      // The close is the engine's next step after the callback, projected onto the row a moment later:
      // once the ticket is closed, the detail page (opened again) shows it.
      const agent: ApiClient = await server.login('cc.agent1', DEMO_PASSWORD);
      await eventually('the ticket to close', async () => (await agent.get(base)).body.status === 'closed', 20_000);
      await page.reload();
      await page.locator('.cxd-Property td', { hasText: ticketNo }).first().waitFor();
      const timeline = page.locator('.wl-timeline');
      await timeline.locator('tbody tr td:nth-child(2)', { hasText: /^办结$/ }).waitFor();
      const steps = await timeline.locator('tbody tr td:nth-child(2)').allInnerTexts();
      for (const step of ['受理', '派单', '派工', '接单', '处理', '回访', '办结']) {
        assert.ok(
          steps.some((s) => s.trim() === step),
          `timeline has ${step}: ${steps.join(',')}`,
        );
      }
      assert.match(await page.locator('.wl-ticket-detail').innerText(), /已办结/);
      await ui.screenshot('40-ticket-detail-closed');
      assert.deepEqual(await screenProblems(page), []);
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.wl-menu').isVisible(), false);
      assert.equal(await page.getByRole('button', { name: '打印' }).isVisible(), false);
      await ui.screenshot('41-ticket-detail-print');
      await page.emulateMedia({ media: 'screen' });
      assert.deepEqual(ui.pageErrors, []);
    });
  });
}
