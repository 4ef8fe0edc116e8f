import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, type TestServer } from '@warmline/server/testing';
import type { Locator, Page } from 'playwright-core';
import { openConsoleBrowser, openMenuPage, SCREENSHOT_DIR, signIn, type ConsoleBrowser } from '../support/console-browser.js';
import { startConsoleServer } from '../support/console-server.js';
import { screenProblems } from '../support/screen-checks.js';

const DEMO_PASSWORD = 'Demo@2026';

/** Pick an option of the amis select inside `scope` whose input is named `name`. */
async function pickOption(page: Page, scope: Locator, name: string, option: string) {
  const item = scope.locator(`.cxd-Form-item[data-amis-name="${name}"]`);
  await item.locator('.cxd-Select').click();
  await page.locator('.cxd-Select-menu .cxd-Select-option', { hasText: option }).first().click();
}

interface CallItem {
  id: number;
  callerNumber: string;
  agentName: string | null;
  ticketId: number | null;
  ticketNo: string | null;
}

describe('console: the agent workspace — call registration, phone binding, the type’s intake form, agreed due time', () => {
  let server: TestServer;
  let ui: ConsoleBrowser;
  let subsidiaryId: number;
  let customerId: number;
  let phone: string;
  let ticketNo = '';
  const newNumber = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

  const calls = async () =>
    (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/call-records?phone=${phone}`)).body as { items: CallItem[] };
  const phonesOf = async () =>
    (
      (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/customers/${customerId}`)).body as {
        phones: Array<{ normalized: string }>;
      }
    ).phones.map((p) => p.normalized);
  const ticketCount = async () =>
    ((await server.admin.get(`/api/subsidiaries/${subsidiaryId}/ticket-pools/unassigned`)).body as { total: number }).total;

  before(async () => {
    server = await startConsoleServer({ demo: true });
    ui = await openConsoleBrowser(server.url);
    const units = (await server.admin.get('/api/org-units?type=subsidiary')).body as Array<{ id: number; code: string }>;
    subsidiaryId = units.find((u) => u.code === 'changchun')!.id;
    // a customer with exactly one house, so the intake form picks the house by itself
    const list = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/customers?pageSize=30&blacklisted=false`)).body as {
      items: Array<{ id: number; phones: Array<{ normalized: string }> }>;
    };
    for (const c of list.items) {
      const detail = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/customers/${c.id}`)).body as { houses: unknown[] };
      const owners = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/phone-lookup?phone=${c.phones[0]!.normalized}`)).body as {
        matches: unknown[];
      };
      if (detail.houses.length === 1 && owners.matches.length === 1) {
        customerId = c.id;
        phone = c.phones[0]!.normalized;
        break;
      }
    }
    assert.ok(customerId, 'a demo customer with one house and a number of their own');
    await signIn(ui.page, 'cc.agent1', DEMO_PASSWORD);
  });
  after(async () => {
    await ui?.close();
    await server?.destroy();
  });

  test('given a looked-up caller, when the agent registers the call, then the customer panel lists it with the agent and the intake form links it', async () => {
    const { page } = ui;
    await openMenuPage(page, 'agent-workspace');
    await page.locator('.wl-caller-lookup input[name=phone]').fill(phone);
    await page.locator('.wl-caller-lookup').getByRole('button', { name: '查询' }).click();
    const panel = page.locator('.wl-caller-panel');
    await panel.getByText('用户编号').first().waitFor();
    // when
    await panel.getByRole('button', { name: '来电登记' }).click();
    // then: the record exists, names the agent, and the panel's 通话记录 tab shows it
    const registered = await eventually('the registered call', async () => (await calls()).items[0]);
    assert.equal(registered.callerNumber, phone);
    assert.ok(registered.agentName);
    await page.locator('.wl-linked-call', { hasText: phone }).waitFor();
    await panel.locator('.cxd-Tabs-link', { hasText: '通话记录' }).click();
    const row = panel.locator('.wl-call-records tbody tr', { hasText: phone }).first();
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`来电[\\s\\S]*${phone}[\\s\\S]*${registered.agentName}[\\s\\S]*未关联`));
    await ui.screenshot('60-intake-call-registered');
    assert.deepEqual(await screenProblems(page), []);
  });

  test('given the customer panel, when the agent binds a new number and then unbinds it, then the customer has it and then not, each after a confirmation dialog', async () => {
    const { page } = ui;
    const panel = page.locator('.wl-caller-panel');
    // bind
    await panel.getByRole('button', { name: '绑定号码' }).first().click();
    const bind = page.locator('.cxd-Modal', { hasText: '绑定后，该号码来电将自动匹配' });
    await bind.waitFor();
    assert.match(await bind.locator('.cxd-Modal-title').innerText(), /^为 \S+ 绑定号码$/);
    await bind.locator('input[name=number]').fill(newNumber);
    await bind.locator('input[name=label]').fill('家属');
    await ui.screenshot('61-intake-bind-phone');
    await bind.getByRole('button', { name: '确认' }).click();
    await bind.waitFor({ state: 'detached' });
    await panel.locator('.wl-customer-phones', { hasText: newNumber }).waitFor();
    assert.ok((await phonesOf()).includes(newNumber));
    // unbind
    await panel.getByRole('button', { name: '解绑号码' }).first().click();
    const unbind = page.locator('.cxd-Modal', { hasText: '解绑后，该号码来电将不再匹配' });
    await unbind.waitFor();
    assert.match(await unbind.locator('.cxd-Modal-title').innerText(), /^解绑 \S+ 的号码$/);
    await pickOption(page, unbind, 'phoneId', newNumber);
    await unbind.locator('input[name=reason]').fill('用户更换号码');
    await ui.screenshot('62-intake-unbind-phone');
    assert.deepEqual(await screenProblems(page), []);
    await unbind.getByRole('button', { name: '确认' }).click();
    await unbind.waitFor({ state: 'detached' });
    await panel.locator('.wl-customer-phones', { hasText: newNumber }).waitFor({ state: 'detached' });
    assert.ok(!(await phonesOf()).includes(newNumber));
    assert.ok((await phonesOf()).includes(phone));
  });

  test('given the new-ticket form, when the agent picks 测温, then its form-js fields appear; another type without a form shows none; back again they return', async () => {
    const { page } = ui;
    const form = page.locator('.wl-intake');
    await pickOption(page, form, 'typeCode', '测温');
    const formjs = form.locator('.wl-formjs .fjs-form');
    await formjs.waitFor();
    assert.match(await formjs.innerText(), /室内温度（℃）[\s\S]*异常部位[\s\S]*家中有老人或婴儿/);
    await pickOption(page, form, 'typeCode', '报修');
    await formjs.waitFor({ state: 'detached' });
    await pickOption(page, form, 'typeCode', '测温');
    await formjs.waitFor();
    await ui.screenshot('63-intake-formjs-fields');
    assert.deepEqual(await screenProblems(page), []);
  });

  test('given the 测温 form, when submitted without its required fields, then the form-js fields show Chinese messages and nothing is created; a server refusal of a form field shows on that field', async () => {
    const { page } = ui;
    const form = page.locator('.wl-intake');
    await form.locator('input[name=title]').fill('室温偏低，请上门测温');
    const before = await ticketCount();
    // when
    await form.getByRole('button', { name: '受理' }).click();
    // then
    const roomTemp = form.locator('.fjs-form-field', { hasText: '室内温度（℃）' });
    await roomTemp.locator('.fjs-form-field-error', { hasText: '此项为必填项' }).waitFor();
    await form.locator('.fjs-form-field', { hasText: '异常部位' }).locator('.fjs-form-field-error', { hasText: '此项为必填项' }).waitFor();
    await ui.screenshot('64-intake-formjs-required');
    assert.deepEqual(await screenProblems(page), []);
    assert.equal(await ticketCount(), before);

    // and a 422 of the server naming body.formData.roomTemp lands on the form-js field
    // (each answer is given and its error gone before the next click: the form's height changes with it)
    const part = form.locator('.fjs-form-field', { hasText: '异常部位' });
    await roomTemp.locator('input').fill('12');
    await roomTemp.locator('input').blur();
    await roomTemp.locator('.fjs-form-field-error').waitFor({ state: 'detached' });
    await part.locator('.fjs-select-display').click();
    await form.locator('.fjs-dropdownlist-item', { hasText: '暖气片' }).click();
    await part.locator('.fjs-form-field-error').waitFor({ state: 'detached' });
    let intercepted = 0;
    await page.route('**/api/subsidiaries/*/tickets', (route) => {
      intercepted += 1;
      return route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({
          code: 'FORM_INVALID',
          message: '受理表单有 1 处问题，工单未受理',
          details: [{ field: 'body.formData.roomTemp', message: '「室内温度（℃）」须由服务端复核' }],
        }),
      });
    });
    try {
      await form.getByRole('button', { name: '受理' }).click();
      await roomTemp.locator('.fjs-form-field-error', { hasText: '「室内温度（℃）」须由服务端复核' }).waitFor();
    } finally {
      await page.unroute('**/api/subsidiaries/*/tickets');
    }
    assert.equal(intercepted, 1);
    await form.screenshot({ path: `${SCREENSHOT_DIR}64b-intake-formjs-server-error.png` });
    assert.equal(await ticketCount(), before);
  });

  test('given the filled 测温 form, when submitted, then the ticket is created with the answers and the registered call links to it', async () => {
    const { page } = ui;
    const form = page.locator('.wl-intake');
    const roomTemp = form.locator('.fjs-form-field', { hasText: '室内温度（℃）' });
    await roomTemp.locator('input').fill('13.5');
    await roomTemp.locator('input').blur();
    await roomTemp.locator('.fjs-form-field-error').waitFor({ state: 'detached' });
    const vulnerable = form.locator('.fjs-form-field', { hasText: '家中有老人或婴儿' }).locator('input[type=checkbox]');
    await vulnerable.check();
    // when
    await form.getByRole('button', { name: '受理' }).click();
    const result = page.locator('.cxd-Modal', { hasText: '受理成功' });
    await result.waitFor();
    ticketNo = (await result.locator('.wl-ticket-no').innerText()).trim();
    await ui.screenshot('65-intake-formjs-created');
    await result.getByRole('button', { name: '知道了' }).click();
    await result.waitFor({ state: 'detached' });
    // then: the detail holds the answers, the call record the ticket
    const call = await eventually('the call linked to the ticket', async () => (await calls()).items.find((c) => c.ticketNo === ticketNo));
    const detail = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/tickets/${call.ticketId}`)).body as {
      formId: string;
      formData: Record<string, unknown>;
      typeCode: string;
    };
    assert.equal(detail.typeCode, 'temperature_check');
    assert.equal(detail.formId, 'ticket-intake-heating');
    assert.deepEqual(detail.formData, { roomTemp: 13.5, abnormalPart: 'radiator', vulnerableOccupants: true, symptom: '' });
    const timeline = (await server.admin.get(`/api/subsidiaries/${subsidiaryId}/tickets/${call.ticketId}/timeline`)).body as {
      entries: Array<{ kind: string; summary: string }>;
    };
    assert.ok(timeline.entries.some((e) => e.kind === 'call_linked' && e.summary === `关联来电：${phone}`));
    // and the panel's call records show the ticket number
    const panel = page.locator('.wl-caller-panel');
    await panel.locator('.wl-call-records tbody tr', { hasText: ticketNo }).waitFor();
    await ui.screenshot('66-intake-call-linked');
    assert.deepEqual(await screenProblems(page), []);
  });

  test('given an agreed due time in the past, when submitted, then the server’s message shows on the field and nothing is created', async () => {
    const { page } = ui;
    const form = page.locator('.wl-intake');
    await form.locator('input[name=callerPhone]').fill(phone);
    await pickOption(page, form, 'typeCode', '报修');
    await form.locator('input[name=title]').fill('暖气漏水');
    const before = await ticketCount();
    const due = form.locator('.cxd-Form-item[data-amis-name="dueAt"]');
    await due.locator('input').fill('2020-01-01 08:00');
    await form.locator('input[name=title]').click();
    await form.getByRole('button', { name: '受理' }).click();
    await due.locator('.cxd-Form-feedback', { hasText: '约定完成时间必须晚于当前时间' }).waitFor();
    await ui.screenshot('67-intake-due-at-past');
    assert.deepEqual(await screenProblems(page), []);
    assert.equal(await ticketCount(), before);
  });
});
