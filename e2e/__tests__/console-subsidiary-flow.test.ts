import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN_PASSWORD, type TestServer } from '@warmline/server/testing';
import type { Locator, Page } from 'playwright-core';
import { openConsoleBrowser, openMenuPage, signIn, type ConsoleBrowser } from '../support/console-browser.js';
import { startConsoleServer } from '../support/console-server.js';
import { screenProblems } from '../support/screen-checks.js';

const DEMO_PASSWORD = 'Demo@2026';
const AGENT = { username: 'bc.agent1', password: 'Agent@2026', name: '孙雨桐' };

/** The row's 新增下级 menu → one of its entries; returns the dialog. */
async function openAddChildDialog(page: Page, parentName: string, entry: string) {
  const row = page.locator('tr', { hasText: parentName }).first();
  await row.getByText('新增下级').click();
  await page.locator('.cxd-DropDown-menu').getByText(entry, { exact: true }).click();
  const dialog = page.locator('.cxd-Modal');
  await dialog.waitFor();
  return dialog;
}

/** Pick an option of the amis select inside `scope` whose input is named `name`. */
async function pickOption(page: Page, scope: Locator, name: string, option: string) {
  const item = scope.locator(`.cxd-Form-item[data-amis-name="${name}"]`);
  await item.locator('.cxd-Select').click();
  await page.locator('.cxd-Select-menu .cxd-Select-option', { hasText: option }).first().click();
}

const HEAD = { username: 'bc.taobei.head', password: 'Head@2026', name: '高志远' };

/** The users screen's 新增用户 dialog, filled and saved; the list then searched for the new user's row. */
async function createUser(
  ui: ConsoleBrowser,
  user: { username: string; password: string; name: string },
  orgName: string,
  roleName: string,
  extra: Record<string, string>,
  shot: string,
) {
  const { page } = ui;
  await page.getByRole('button', { name: '新增用户' }).click();
  const dialog = page.locator('.cxd-Modal');
  await dialog.waitFor();
  await dialog.locator('input[name=username]').fill(user.username);
  await dialog.locator('input[name=password]').fill(user.password);
  await dialog.locator('input[name=displayName]').fill(user.name);
  await dialog.locator('.cxd-TreeSelect').click();
  await page.locator('.cxd-Tree').getByText(orgName, { exact: true }).click();
  await dialog.getByText(roleName, { exact: true }).click();
  for (const [name, value] of Object.entries(extra)) await dialog.locator(`input[name=${name}]`).fill(value);
  await ui.screenshot(shot);
  await dialog.getByRole('button', { name: '确认' }).click();
  await dialog.waitFor({ state: 'detached' }).catch(async (err: Error) => {
    await ui.screenshot(`${shot}-failed`);
    throw err;
  });
  // the demo has more users than one page holds: the list's search finds the new one
  await page.locator('input[name=q]').fill(user.username);
  await page.locator('input[name=q]').press('Enter');
  const row = page.locator('tr', { hasText: user.username });
  await row.waitFor();
  return row;
}

describe('console: a subsidiary added from the UI is used at once — its agent takes and dispatches a ticket, no restart', () => {
  let server: TestServer;
  let admin: ConsoleBrowser;
  let agent: ConsoleBrowser;
  let subsidiaryId = 0;
  let ticketNo = '';
  let ticketId = 0;
  const callerNumber = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

  before(async () => {
    server = await startConsoleServer({ demo: true });
    admin = await openConsoleBrowser(server.url);
    await signIn(admin.page, 'admin', ADMIN_PASSWORD);
  });
  after(async () => {
    await agent?.close();
    await admin?.close();
    await server?.destroy();
  });

  test('given the org tree, when the group admin adds 白城分公司 and 洮北站 under it, then both show in the tree', async () => {
    const { page } = admin;
    await openMenuPage(page, 'org-units');
    await page.getByText('热力集团').first().waitFor();
    const dialog = await openAddChildDialog(page, '热力集团', '新增分公司');
    await dialog.locator('input[name=name]').fill('白城分公司');
    await dialog.locator('input[name=code]').fill('baicheng');
    await dialog.locator('input[name=areaCode]').fill('0436');
    await admin.screenshot('80-sub-add-subsidiary');
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('tr', { hasText: '白城分公司' }).waitFor();

    const station = await openAddChildDialog(page, '白城分公司', '新增站部');
    await station.locator('input[name=name]').fill('洮北站');
    await station.locator('input[name=code]').fill('taobei');
    await station.getByRole('button', { name: '确认' }).click();
    await station.waitFor({ state: 'detached' });
    const row = page.locator('tr', { hasText: '洮北站' });
    await row.waitFor();
    assert.match(await row.innerText(), /站部[\s\S]*taobei/);
    await admin.screenshot('81-sub-tree-with-station');
    assert.deepEqual(await screenProblems(page), []);

    const units = (await server.admin.get('/api/org-units')).body as Array<{ id: number; code: string; subsidiaryId: number | null }>;
    subsidiaryId = units.find((u) => u.code === 'baicheng')!.id;
    assert.equal(units.find((u) => u.code === 'taobei')?.subsidiaryId, subsidiaryId);
  });

  test('given the users screen, when the group admin creates an agent of 白城分公司 and a head of 洮北站, each with a password, then the list shows them', async () => {
    const { page } = admin;
    await openMenuPage(page, 'users');
    const agentRow = await createUser(
      admin,
      AGENT,
      '白城分公司',
      '坐席',
      { agentNo: 'BC1001', mobile: '13943612345' },
      '82-sub-create-agent',
    );
    assert.match(await agentRow.innerText(), new RegExp(`${AGENT.name}[\\s\\S]*白城分公司[\\s\\S]*坐席[\\s\\S]*BC1001`));
    await admin.screenshot('83-sub-users-with-agent');
    assert.deepEqual(await screenProblems(page), []);
    const headRow = await createUser(admin, HEAD, '洮北站', '维修站负责人', { mobile: '13943654321' }, '83b-sub-create-head');
    assert.match(await headRow.innerText(), new RegExp(`${HEAD.name}[\\s\\S]*洮北站[\\s\\S]*维修站负责人`));
  });

  test('given the new agent signed in elsewhere, when a number nobody has calls, then a ticket is taken with the BAICHENG prefix', async () => {
    agent = await openConsoleBrowser(server.url);
    const { page } = agent;
    await signIn(page, AGENT.username, AGENT.password);
    await openMenuPage(page, 'agent-workspace');
    await page.locator('.wl-caller-lookup input[name=phone]').fill(callerNumber);
    await page.locator('.wl-caller-lookup').getByRole('button', { name: '查询' }).click();
    // the panel says nobody has the number — and shows no empty customer list
    const panel = page.locator('.wl-caller-panel');
    await panel.getByText('未找到该号码的热用户，可作为新来电受理').waitFor();
    assert.doesNotMatch(await panel.innerText(), /暂无数据/);
    const form = page.locator('.wl-intake');
    await form.locator('input[name=callerPhone]').fill(callerNumber);
    await agent.screenshot('84-sub-agent-lookup-unknown');
    assert.deepEqual(await screenProblems(page), []);
    await pickOption(page, form, 'typeCode', '报修');
    await form.locator('input[name=title]').fill('暖气不热，家中无人认领的新号码来电');
    await form.getByRole('button', { name: '受理' }).click();
    const result = page.locator('.cxd-Modal', { hasText: '受理成功' });
    await result.waitFor().catch(async (err: Error) => {
      await agent.screenshot('85-sub-agent-intake-failed');
      throw err;
    });
    ticketNo = (await result.locator('.wl-ticket-no').innerText()).trim();
    assert.match(ticketNo, /^BAICHENG-\d{8}-\d{4}$/);
    await agent.screenshot('85-sub-agent-intake-done');
    await result.getByRole('button', { name: '知道了' }).click();
    await result.waitFor({ state: 'detached' });
    await page.locator('tr:visible', { hasText: ticketNo }).first().waitFor();
    const pool = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/ticket-pools/unassigned?ticketNo=${ticketNo}`)).body as {
      items: Array<{ id: number }>;
    };
    ticketId = pool.items[0]!.id;
    assert.deepEqual(await screenProblems(page), []);
  });

  test('given the new ticket, when the agent dispatches it to 洮北站, then it waits there for confirmation', async () => {
    const { page } = agent;
    const row = page.locator('tr:visible', { hasText: ticketNo }).first();
    await row.getByRole('button', { name: '派单' }).click();
    const dialog = page.locator('.cxd-Modal', { hasText: '派往站部' });
    await dialog.waitFor();
    await pickOption(page, dialog, 'stationId', '洮北站');
    await agent.screenshot('86-sub-agent-dispatch');
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('tr:visible', { hasText: ticketNo }).waitFor({ state: 'detached' });
    const detail = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/tickets/${ticketId}`)).body as {
      status: string;
      stationName?: string;
    };
    assert.equal(detail.status, 'pending_confirm');
    await agent.screenshot('87-sub-agent-after-dispatch');
    assert.deepEqual(agent.pageErrors, []);
  });

  test('given the head of 洮北站 signed in elsewhere, when the station console opens, then 待确认 lists the dispatched ticket', async () => {
    const head = await openConsoleBrowser(server.url);
    try {
      const { page } = head;
      await signIn(page, HEAD.username, HEAD.password);
      await openMenuPage(page, 'station-console');
      // the type's name shows once the console has the new subsidiary's types (a busy machine renders the row first)
      const row = page.locator('tr:visible', { hasText: ticketNo }).filter({ hasText: '报修' }).first();
      await row.waitFor();
      assert.match(await row.innerText(), /报修[\s\S]*暖气不热/);
      await head.screenshot('88-sub-station-head-to-confirm');
      assert.deepEqual(await screenProblems(page), []);
      assert.deepEqual(head.pageErrors, []);
    } finally {
      await head.close();
    }
  });

  test('given another subsidiary, when its admin and agent ask for the ticket, then they are refused and their pools do not list it', async () => {
    const ccAdmin = await server.login('cc.admin', DEMO_PASSWORD);
    const ccAgent = await server.login('cc.agent1', DEMO_PASSWORD);
    const units = (await server.admin.get('/api/org-units?type=subsidiary')).body as Array<{ id: number; code: string }>;
    const changchun = units.find((u) => u.code === 'changchun')!.id;
    for (const other of [ccAdmin, ccAgent]) {
      const res = await other.get(`/api/subsidiaries/${subsidiaryId}/tickets/${ticketId}`);
      assert.equal(res.status, 403, JSON.stringify(res.body));
      const pool = await other.get(`/api/subsidiaries/${subsidiaryId}/ticket-pools/assigned?ticketNo=${ticketNo}`);
      assert.equal(pool.status, 403);
      // and their own subsidiary's pools do not hold it either
      const own = (await other.get(`/api/subsidiaries/${changchun}/ticket-pools/assigned?ticketNo=${ticketNo}`)).body as { total: number };
      assert.equal(own.total, 0);
    }
    // while the group admin finds it in 白城分公司's 已安排 pool
    const mine = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/ticket-pools/assigned?ticketNo=${ticketNo}`)).body as {
      items: Array<{ id: number }>;
    };
    assert.deepEqual(
      mine.items.map((i) => i.id),
      [ticketId],
    );
  });
});
