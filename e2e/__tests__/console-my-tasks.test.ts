import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN_PASSWORD, eventually, type ApiClient, type TestServer } from '@warmline/server/testing';
import type { Page } from 'playwright-core';
import { menuOf, openConsoleBrowser, openMenuPage, signIn, signOut, type ConsoleBrowser } from '../support/console-browser.js';
import { startConsoleServer } from '../support/console-server.js';
import { screenProblems } from '../support/screen-checks.js';

const DEMO_PASSWORD = 'Demo@2026';

/** The visible table row naming `text`, once the list shows it. */
const rowOf = (page: Page, text: string) => page.locator('tr:visible', { hasText: text }).first();

describe('console: 我的待办 (an approval decided from the list) and 回访台 (a one-click callback outcome)', () => {
  let server: TestServer;
  let ui: ConsoleBrowser;
  let subsidiaryId: number;
  let agent: ApiClient;
  let head: ApiClient;
  let worker: ApiClient;
  let workerId: number;
  let stationId: number;
  let customerName: string;
  /** The ticket whose customer could not be reached (联系不上), called back again later. */
  let unreached: { id: number; ticketNo: string; base: string };

  /** A ticket taken in, dispatched to 南关站, assigned to its repair worker and accepted (through the API). */
  async function acceptedTicket(title: string): Promise<{ id: number; ticketNo: string; base: string }> {
    const customers = await agent.get(`/api/subsidiaries/${subsidiaryId}/customers?pageSize=1&blacklisted=false`);
    const customer = (customers.body as { items: Array<{ name: string; phones: Array<{ raw: string }> }> }).items[0];
    customerName = customer.name;
    const created = await agent.post(`/api/subsidiaries/${subsidiaryId}/tickets`, {
      callerPhone: customer.phones[0].raw,
      typeCode: 'repair',
      urgency: 'normal',
      source: 'phone',
      title,
      contactName: customer.name,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const t = created.body as { id: number; ticketNo: string };
    const base = `/api/subsidiaries/${subsidiaryId}/tickets/${t.id}`;
    for (const [who, verb, body] of [
      [agent, 'dispatch', { stationId }],
      [head, 'confirm-assign', { workerId }],
      [worker, 'accept', {}],
    ] as const) {
      const res = await who.post(`${base}/${verb}`, body);
      assert.equal(res.status, 200, `${verb}: ${JSON.stringify(res.body)}`);
    }
    return { ...t, base };
  }

  before(async () => {
    server = await startConsoleServer({ demo: true });
    ui = await openConsoleBrowser(server.url);
    const units = (await server.admin.get('/api/org-units?type=subsidiary')).body as Array<{ id: number; code: string }>;
    subsidiaryId = units.find((u) => u.code === 'changchun')!.id;
    agent = await server.login('cc.agent1', DEMO_PASSWORD);
    head = await server.login('cc.st01.head', DEMO_PASSWORD);
    worker = await server.login('cc.st01.repair1', DEMO_PASSWORD);
    const stations = (await agent.get(`/api/subsidiaries/${subsidiaryId}/dispatch-stations`)).body as Array<{ id: number; name: string }>;
    stationId = stations.find((s) => s.name === '南关站')!.id;
    const users = (await server.admin.get('/api/users?q=cc.st01.repair1')).body as { items: Array<{ id: number; username: string }> };
    workerId = users.items.find((u) => u.username === 'cc.st01.repair1')!.id;
  });
  after(async () => {
    await ui?.close();
    await server?.destroy();
  });

  test('given an agent, when they sign in, then the menu offers 我的待办 and 回访台 but not 站长工作台, and the station actions answer 403', async () => {
    const { page } = ui;
    await signIn(page, 'cc.agent1', DEMO_PASSWORD);
    const { items } = await menuOf(page);
    assert.ok(items.includes('我的待办'), items.join(','));
    assert.ok(items.includes('回访台'), items.join(','));
    assert.ok(!items.includes('站长工作台'), items.join(','));
    const t = await agent.post(`/api/subsidiaries/${subsidiaryId}/tickets`, {
      callerPhone: '13900001111',
      typeCode: 'repair',
      urgency: 'normal',
      source: 'phone',
      title: '坐席不能派工',
    });
    assert.equal(t.status, 201, JSON.stringify(t.body));
    const base = `/api/subsidiaries/${subsidiaryId}/tickets/${t.body.id}`;
    assert.equal((await agent.post(`${base}/dispatch`, { stationId })).status, 200);
    const refused = await agent.post(`${base}/confirm-assign`, { workerId });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    await signOut(page);
  });

  test('given a delay asked for on a ticket, when the station head approves it from 我的待办, then the row leaves the list and the timeline records the decision', async () => {
    // given
    const t = await acceptedTicket('暖气片漏水，需更换阀门');
    const delay = await worker.post(`${t.base}/request-delay`, { minutes: 90, reason: '阀门需从库房调货' });
    assert.equal(delay.status, 200, JSON.stringify(delay.body));
    // when
    const { page } = ui;
    await signIn(page, 'cc.st01.head', DEMO_PASSWORD);
    assert.ok((await menuOf(page)).items.includes('站长工作台'));
    await openMenuPage(page, 'my-tasks');
    const row = rowOf(page, t.ticketNo);
    await row.getByText('报修', { exact: true }).waitFor();
    assert.match(await row.innerText(), /报修[\s\S]*审批[\s\S]*延时[\s\S]*阀门需从库房调货/);
    await ui.screenshot('60-my-tasks-list');
    assert.deepEqual(await screenProblems(page), []);
    await row.getByRole('button', { name: '审批' }).click();
    const dialog = page.locator('.cxd-Modal', { hasText: '审批结果' });
    await dialog.getByText('阀门需从库房调货').waitFor();
    await ui.screenshot('61-my-tasks-approval-dialog');
    // a rejection without a comment is refused in the form
    await dialog.getByText('驳回', { exact: true }).click();
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.getByText('驳回时必须填写审批意见').waitFor();
    await dialog.getByText('同意', { exact: true }).click();
    await dialog.locator('textarea[name=comment]').fill('同意延时');
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'detached' });
    // then
    await rowOf(page, t.ticketNo).waitFor({ state: 'detached' });
    const timeline = (await agent.get(`${t.base}/timeline`)).body as { approvals: Array<{ kind: string; decision: string | null }> };
    assert.ok(
      timeline.approvals.some((a) => a.kind === 'approval_decided' && a.decision === 'approve'),
      JSON.stringify(timeline.approvals),
    );
    await ui.screenshot('62-my-tasks-after-approval');
    assert.deepEqual(ui.pageErrors, []);
    await signOut(page);
  });

  test('given a handled ticket, when the agent records 满意 on 回访台 with the type script, then the row leaves the desk and the ticket closes', async () => {
    // given a repair ticket handled by its worker, and the admin's callback script for 报修
    const t = await acceptedTicket('楼道暖气管异响');
    const handled = await worker.post(`${t.base}/handle`, {
      result: 'resolved',
      resultDescription: '管道排气后异响消失',
      durationMinutes: 30,
      indoorTemperatures: [20],
      satisfaction: 'satisfied',
    });
    assert.equal(handled.status, 200, JSON.stringify(handled.body));
    await eventually('the ticket waits for its callback', async () => (await agent.get(t.base)).body.status === 'pending_callback', 20_000);

    const { page } = ui;
    await signIn(page, 'admin', ADMIN_PASSWORD);
    // (the group admin works on the subsidiaries' tickets: 我的待办 asks which subsidiary first)
    await openMenuPage(page, 'my-tasks');
    const subsidiary = page.locator('.cxd-Form-item[data-amis-name="subsidiaryId"] .cxd-Select');
    await subsidiary.getByText(/长春/).waitFor();
    await page.locator('.wl-page[data-page="my-tasks"] .cxd-Table').waitFor();
    await ui.screenshot('63-my-tasks-group-admin');
    assert.deepEqual(await screenProblems(page), []);
    await openMenuPage(page, 'ticket-types');
    const typeRow = rowOf(page, '报修');
    await typeRow.waitFor();
    await typeRow.getByRole('button', { name: '回访话术' }).click();
    const scriptDialog = page.locator('.cxd-Modal', { hasText: '回访话术' });
    await scriptDialog.getByText('自动填入占位符').waitFor();
    await scriptDialog
      .locator('textarea[name=callbackScript]')
      .fill('您好${customerName}，您的报修工单 {工单编号} 已由{维修人员}处理完毕，请问您满意吗？');
    await ui.screenshot('63-ticket-type-callback-script');
    assert.deepEqual(await screenProblems(page), []);
    await scriptDialog.getByRole('button', { name: '确认' }).click();
    await scriptDialog.waitFor({ state: 'detached' });
    await signOut(page);

    // when
    await signIn(page, 'cc.agent1', DEMO_PASSWORD);
    await openMenuPage(page, 'callback-desk');
    const row = rowOf(page, t.ticketNo);
    await row.getByText('报修', { exact: true }).waitFor();
    await ui.screenshot('64-callback-desk');
    assert.deepEqual(await screenProblems(page), []);
    await row.getByRole('button', { name: '回访' }).click();
    const dialog = page.locator('.cxd-Modal', { hasText: '回访话术' });
    const script = dialog.locator('.wl-callback-script-text');
    await script.getByText(t.ticketNo).waitFor();
    const text = await script.innerText();
    assert.ok(text.includes(`您好${customerName}`), text);
    assert.ok(!/[{}]/.test(text), text);
    const note = dialog.locator('textarea[name=note]');
    await note.fill('客户确认暖气正常');
    await note.blur();
    assert.equal(await note.inputValue(), '客户确认暖气正常');
    await ui.screenshot('65-callback-desk-dialog');
    // (the buttons' accessible names include their icon glyphs, so match the visible text)
    await dialog.locator('.wl-callback-outcomes button', { hasText: /^\s*满意\s*$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    // then
    await rowOf(page, t.ticketNo).waitFor({ state: 'detached' });
    await eventually('the ticket to close', async () => (await agent.get(t.base)).body.status === 'closed', 20_000);
    const timeline = (await agent.get(`${t.base}/timeline`)).body as { entries: Array<{ kind: string; reason: string | null }> };
    assert.ok(
      timeline.entries.some((e) => e.kind === 'callback' && e.reason === '满意：客户确认暖气正常'),
      JSON.stringify(timeline.entries),
    );
    await ui.screenshot('66-callback-desk-after');
    assert.deepEqual(ui.pageErrors, []);
  });

  test('given a handled ticket, when the agent cannot reach the customer (联系不上), then the callback stays open on 回访台 and the timeline keeps the attempt', async () => {
    // given
    const t = (unreached = await acceptedTicket('暖气阀门关不严'));
    const handled = await worker.post(`${t.base}/handle`, {
      result: 'resolved',
      resultDescription: '更换阀芯',
      durationMinutes: 25,
      indoorTemperatures: [21],
      satisfaction: 'satisfied',
    });
    assert.equal(handled.status, 200, JSON.stringify(handled.body));
    await eventually('the ticket waits for its callback', async () => (await agent.get(t.base)).body.status === 'pending_callback', 20_000);
    // when (the agent is still on 回访台 from the previous test)
    const { page } = ui;
    const row = rowOf(page, t.ticketNo);
    await row.getByText('报修', { exact: true }).waitFor();
    await row.getByRole('button', { name: '回访' }).click();
    const dialog = page.locator('.cxd-Modal', { hasText: '回访话术' });
    await dialog.locator('.wl-callback-script-text').getByText(t.ticketNo).waitFor();
    await dialog.locator('textarea[name=note]').fill('电话无人接听');
    await dialog.locator('.wl-callback-outcomes button', { hasText: /^\s*联系不上\s*$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    // then
    const timeline = await eventually('the unreachable attempt on the timeline', async () => {
      const body = (await agent.get(`${t.base}/timeline`)).body as { entries: Array<{ kind: string; reason: string | null }> };
      return body.entries.some((e) => e.reason === '回访联系不上：电话无人接听') ? body : undefined;
    });
    assert.ok(!timeline.entries.some((e) => e.kind === 'callback'), 'no callback outcome was recorded');
    const detail = (await agent.get(t.base)).body as { status: string };
    assert.equal(detail.status, 'pending_callback');
    await rowOf(page, t.ticketNo).waitFor();
    await ui.screenshot('67-callback-desk-unreachable');
    assert.deepEqual(ui.pageErrors, []);
  });

  test('given the unreached customer called again and dissatisfied, when the agent clicks 不满意（重新派单）, then the redispatch waits for the station approval and the row says so', async () => {
    // given
    const t = unreached;
    const { page } = ui;
    const row = rowOf(page, t.ticketNo);
    await row.getByRole('button', { name: '回访' }).click();
    const dialog = page.locator('.cxd-Modal', { hasText: '回访话术' });
    await dialog.locator('.wl-callback-script-text').getByText(t.ticketNo).waitFor();
    await dialog.locator('textarea[name=note]').fill('阀门仍然漏水');
    // when
    await dialog.locator('.wl-callback-outcomes button', { hasText: /不满意/ }).click();
    const confirm = page.locator('.cxd-Modal', { hasText: '确认客户不满意并申请二次派单' });
    await confirm.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'detached' });
    // then: the outcome is recorded, the station head has the redispatch approval, and the row shows it is waiting
    await rowOf(page, t.ticketNo).getByText('二次派单审批中').waitFor();
    const timeline = (await agent.get(`${t.base}/timeline`)).body as { entries: Array<{ kind: string; reason: string | null }> };
    assert.ok(timeline.entries.some((e) => e.kind === 'callback' && e.reason === '不满意：阀门仍然漏水'));
    const tasks = await head.get(`/api/subsidiaries/${subsidiaryId}/tasks?elementId=approve`);
    const approval = (tasks.body as { items: Array<{ ticketId: number; operation: string }> }).items.find((i) => i.ticketId === t.id);
    assert.equal(approval?.operation, 'redispatch', JSON.stringify(tasks.body));
    await ui.screenshot('68-callback-desk-redispatch-pending');
    assert.deepEqual(await screenProblems(page), []);
    assert.deepEqual(ui.pageErrors, []);
  });
});
