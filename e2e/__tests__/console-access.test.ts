import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '@warmline/seed';
import { ADMIN_PASSWORD, type TestServer } from '@warmline/server/testing';
import { menuOf, openConsoleBrowser, openMenuPage, signIn, signOut, type ConsoleBrowser } from '../support/console-browser.js';
import { startConsoleServer } from '../support/console-server.js';
import { screenProblems } from '../support/screen-checks.js';

describe('console: sign-in, menu by role, every admin screen', () => {
  let server: TestServer;
  let ui: ConsoleBrowser;
  before(async () => {
    server = await startConsoleServer({ demo: true });
    ui = await openConsoleBrowser(server.url);
  });
  after(async () => {
    await ui?.close();
    await server?.destroy();
  });

  test('given the login screen, when the password is wrong, then a Chinese message is shown and no session starts', async () => {
    const { page } = ui;
    await page.goto('/');
    await page.waitForSelector('.wl-login-card');
    await page.click('button[type=submit]');
    assert.equal(await page.locator('.wl-field-error').first().innerText(), '请输入用户名');
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await page.waitForSelector('.wl-login-message');
    assert.match(await page.locator('.wl-login-message').innerText(), /用户名或密码错误/);
    assert.equal(await page.evaluate(() => localStorage.getItem('warmline.token')), null);
    await ui.screenshot('01-login-wrong-password');
    assert.deepEqual(await screenProblems(page), []);
  });

  test('given the group admin, when signed in, then the menu holds every admin screen and each renders in Chinese', async () => {
    const { page } = ui;
    await signIn(page, 'admin', ADMIN_PASSWORD);
    const menu = await menuOf(page);
    assert.deepEqual([...menu.groups].sort(), ['业务配置', '基础信息', '工作台', '工单中心', '系统管理'].sort());
    for (const title of [
      '工作台',
      '工单类型',
      '表单管理',
      '组织机构',
      '数据字典',
      '工作日历',
      '热用户与房屋',
      '用户管理',
      '角色与权限',
      '操作日志',
      '页面配置',
    ])
      assert.ok(menu.items.includes(title), title);
    const screens: Array<[string, string]> = [
      ['home', '您好，系统管理员'],
      ['org-units', '长春分公司'],
      ['dictionaries', '紧急程度'],
      ['business-calendars', '标准工作日历'],
      ['ticket-types', '越级投诉'],
      ['customers', '加入黑名单'],
      ['users', 'cc.agent1'],
      ['roles', '维修站负责人'],
      ['audit-logs', '初始化演示数据'],
      ['page-editor', '版本记录'],
    ];
    for (const [key, expected] of screens) {
      await openMenuPage(page, key);
      await page.getByText(expected, { exact: false }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await ui.screenshot(`02-admin-${key}`);
      assert.deepEqual(await screenProblems(page), [], key);
      assert.equal(await page.locator('.cxd-Toast--error').count(), 0, `${key}: no request failed`);
    }
    // The audit record's detail lists changed fields with Chinese names, not a raw record.
    await openMenuPage(page, 'audit-logs');
    await page.locator('tr', { hasText: '初始化演示数据' }).first().getByRole('button', { name: '详情' }).click();
    await page.locator('.wl-audit-changes').getByText('房屋数').waitFor();
    await ui.screenshot('02-admin-audit-detail');
    assert.deepEqual(await screenProblems(page), []);
    await page.locator('.cxd-Drawer').getByRole('button', { name: '关闭' }).click();
    assert.deepEqual(ui.pageErrors, []);
  });

  test('given an agent, when signed in, then the menu lacks the admin screens and a typed-in admin URL is refused in Chinese', async () => {
    const { page } = ui;
    await signOut(page);
    await signIn(page, 'cc.agent1', DEMO_PASSWORD);
    const menu = await menuOf(page);
    assert.deepEqual(menu.items, ['工作台', '我的待办', '组织机构', '数据字典', '楼宇信息', '热用户与房屋', '受理工作台', '回访台']);
    await page.getByText('您好，').first().waitFor();
    await ui.screenshot('03-agent-home');
    assert.deepEqual(await screenProblems(page), []);
    // The agent reads the org units of their own subtree but cannot change them: no add / edit / delete buttons.
    await openMenuPage(page, 'org-units');
    await page.getByText('长春客服中心').first().waitFor();
    await ui.screenshot('03-agent-org-units');
    assert.equal(await page.getByText('新增下级').count(), 0);
    assert.equal(await page.getByRole('button', { name: '编辑' }).count(), 0);
    await page.goto('/pages/users');
    await page.locator('.wl-empty', { hasText: '权限' }).waitFor();
    await ui.screenshot('03-agent-refused');
  });

  test('given a signed-in agent, when the session is revoked on the server, then the next request returns to the login screen', async () => {
    const { page } = ui;
    await page.evaluate(() => localStorage.setItem('warmline.token', 'revoked-token'));
    await page.goto('/pages/home');
    await page.waitForSelector('.wl-login-card');
    assert.equal(await page.evaluate(() => localStorage.getItem('warmline.token')), null);
  });
});
