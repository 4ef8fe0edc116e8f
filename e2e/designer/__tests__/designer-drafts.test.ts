import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWorld, WORLD_PASSWORD, type World } from '@warmline/server/testing';
import { openDeployed, openDesignerSession, OUTPUT_DIR, signIn, type DesignerSession } from '../support/designer-session.js';
import { clickElement, openPanelGroup, panelOf } from '../support/diagram.js';

const nameOf = (page: Page, id: string) =>
  page.evaluate(
    (elementId) =>
      (window.__warmlineModeler!.get('elementRegistry') as { get(id: string): { businessObject: { name?: string } } | undefined }).get(
        elementId,
      )?.businessObject.name,
    id,
  );

/** Rename an element through the properties panel, as a user types it. */
async function rename(page: Page, id: string, name: string): Promise<void> {
  await clickElement(page, id);
  await openPanelGroup(page, 'general');
  const field = page.locator('[data-entry-id="name"] textarea');
  await field.fill(name);
  await field.blur();
  await page.waitForFunction(
    ([elementId, n]) => {
      const registry = window.__warmlineModeler!.get('elementRegistry') as { get(id: string): { businessObject: { name?: string } } };
      return registry.get(elementId!).businessObject.name === n;
    },
    [id, name] as const,
  );
}

const dirtyShown = (page: Page) => page.locator('[data-testid=dirty-indicator]').isVisible();
const titleOf = (page: Page) => page.locator('[data-testid=diagram-title]').innerText();
const waitForTitle = (page: Page, text: string) =>
  page.waitForFunction((t) => document.querySelector('[data-testid=diagram-title]')?.textContent === t, text);
const importsOf = (page: Page) => page.evaluate(() => Number(document.getElementById('app')!.dataset.imports ?? 0));
const waitForImport = (page: Page, before: number) =>
  page.waitForFunction((n) => Number(document.getElementById('app')!.dataset.imports ?? 0) > n, before);

/** Save with Ctrl+S and wait for the message strip to answer. */
async function pressSave(page: Page): Promise<{ kind: string | undefined; title: string; problems: string[] }> {
  await page.evaluate(() => document.querySelector('[data-testid=problem-panel]')?.setAttribute('hidden', ''));
  await page.keyboard.press('Control+s');
  await page.waitForSelector('[data-testid=problem-panel]:not([hidden])');
  return panelOf(page);
}

describe('designer: drafts saved on the server without deploying', () => {
  let s: DesignerSession;
  let world: World;

  before(async () => {
    s = await openDesignerSession();
    world = await buildWorld(s.server, 'dd');
    const role = await s.server.admin.post('/api/roles', {
      code: 'dd_designer',
      name: '流程设计员',
      dataScope: 'subtree',
      permissions: ['process:deploy', 'process:read'],
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const groupOrgId = (await s.server.admin.get('/api/auth/me')).body.orgId;
    const user = await s.server.admin.post('/api/users', {
      username: 'dd.wang',
      password: WORLD_PASSWORD,
      displayName: '设计员小王',
      orgId: groupOrgId,
      roleIds: [role.body.id],
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
  });
  after(async () => {
    await s?.close();
  });

  test('given an edit of wl-ticket, when saved with Ctrl+S, then the dirty mark goes, and after a reload the open dialog offers the newer draft with the edit', async () => {
    await signIn(s.page);
    await openDeployed(s.page, 'wl-ticket');
    assert.equal(await dirtyShown(s.page), false);
    await rename(s.page, 'dispatch', '派单（草稿中）');
    assert.equal(await dirtyShown(s.page), true);
    assert.equal(await s.page.locator('[data-testid=dirty-indicator]').innerText(), '未保存的修改');
    await s.screenshot('drafts-01-dirty');

    const saved = await pressSave(s.page);
    assert.equal(saved.kind, 'success');
    assert.match(saved.title, /^草稿已保存：wl-ticket（.+，第 1 次保存，未部署）$/);
    assert.equal(await dirtyShown(s.page), false);
    assert.equal(await titleOf(s.page), 'wl-ticket（草稿）');
    await s.screenshot('drafts-02-saved');
    const draft = await s.server.admin.get('/api/process-drafts/wl-ticket');
    assert.equal(draft.status, 200);
    assert.deepEqual([draft.body.revision, draft.body.basedOnVersion, draft.body.freshness], [1, 1, 'newer']);
    assert.match(draft.body.xml, /name="派单（草稿中）"/);
    const versions = await s.server.admin.get('/api/process-definitions/wl-ticket/versions');
    assert.equal(versions.body.items.length, 1, 'saving a draft deploys nothing');

    await s.page.reload();
    await s.page.waitForSelector('#app[data-ready=true]');
    await s.page.click('[data-testid=open-server]');
    await s.page.waitForSelector('[data-testid=draft-row][data-process-id=wl-ticket]');
    const row = s.page.locator('[data-testid=draft-row][data-process-id=wl-ticket]');
    assert.match(await row.locator('[data-testid=draft-saved-by]').innerText(), /^系统管理员\s+\d{4}\/\d\d\/\d\d \d\d:\d\d$/);
    assert.equal(await row.locator('[data-testid=draft-state]').innerText(), '草稿比已部署版本（第 1 版）新');
    await s.screenshot('drafts-03-open-dialog');

    const imports = await importsOf(s.page);
    await s.page.click('[data-testid=open-wl-ticket]');
    await s.page.waitForSelector('[data-testid=draft-choice]');
    assert.match(
      await s.page.locator('[data-testid=draft-choice-text]').innerText(),
      /^系统管理员 于 .+ 保存（基于第 1 版），草稿比已部署版本（第 1 版）新。$/,
    );
    await s.screenshot('drafts-04-choice');
    await s.page.click('[data-testid=choose-draft]');
    await waitForImport(s.page, imports);
    assert.equal(await titleOf(s.page), 'wl-ticket（草稿）');
    assert.equal(await nameOf(s.page, 'dispatch'), '派单（草稿中）');
    assert.equal(await dirtyShown(s.page), false);
    assert.deepEqual(s.pageErrors, []);
  });

  test('given unsaved changes, then undoing them clears the mark, and leaving the page asks first', async () => {
    await rename(s.page, 'dispatch', '派单（还没保存）');
    assert.equal(await dirtyShown(s.page), true);
    await s.page.evaluate(() => (window.__warmlineModeler!.get('commandStack') as { undo(): void }).undo());
    assert.equal(await dirtyShown(s.page), false);
    await rename(s.page, 'dispatch', '派单（还没保存）');
    assert.equal(await s.page.evaluate(() => document.title), '● 暖线 · 流程设计器');

    const asked = new Promise<string>((resolve) => s.page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.type()))));
    await s.page.evaluate(() => location.reload()).catch(() => undefined);
    assert.equal(await asked, 'beforeunload');
    // Staying on the page keeps the edit.
    assert.equal(await nameOf(s.page, 'dispatch'), '派单（还没保存）');
    assert.equal(await dirtyShown(s.page), true);
  });

  test('given two sessions on one draft, when the second saves first, then the first one’s save is refused with who and when, and its edit stays on the canvas', async () => {
    // The first session holds the draft at revision 1 with an unsaved edit (previous test).
    const context = await s.browser.newContext({
      baseURL: s.server.url,
      viewport: { width: 1600, height: 1000 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const other = await context.newPage();
    try {
      await signIn(other, 'dd.wang', WORLD_PASSWORD);
      const imports = await importsOf(other);
      await other.click('[data-testid=open-server]');
      await other.click('[data-testid=open-draft-wl-ticket]');
      await waitForImport(other, imports);
      await rename(other, 'dispatch', '派单（小王改的）');
      const theirs = await pressSave(other);
      assert.equal(theirs.kind, 'success', theirs.title);
      assert.match(theirs.title, /第 2 次保存/);
    } finally {
      await context.close();
    }

    const mine = await pressSave(s.page);
    assert.equal(mine.kind, 'error');
    assert.match(
      mine.title,
      /^草稿未保存：草稿已被他人修改：设计员小王 于 \d{4}-\d\d-\d\d \d\d:\d\d 保存了第 2 次修订（您打开的是第 1 次）/,
    );
    assert.match(mine.problems[0], /导出 BPMN/);
    assert.equal(await dirtyShown(s.page), true);
    assert.equal(await nameOf(s.page, 'dispatch'), '派单（还没保存）');
    await s.screenshot('drafts-05-conflict');
    const draft = await s.server.admin.get('/api/process-drafts/wl-ticket');
    assert.match(draft.body.xml, /name="派单（小王改的）"/);
    // Leave the page clean for the next test.
    await s.page.evaluate(() => (window.__warmlineModeler!.get('commandStack') as { undo(): void }).undo());
    assert.equal(await dirtyShown(s.page), false);
  });

  test('given unsaved changes, when another diagram is opened, then it asks first; 保存草稿并继续 saves them before opening', async () => {
    let imports = await importsOf(s.page);
    await s.page.click('[data-testid=open-server]');
    await s.page.click('[data-testid=open-draft-wl-ticket]');
    await waitForImport(s.page, imports);
    assert.equal(await nameOf(s.page, 'dispatch'), '派单（小王改的）');
    await rename(s.page, 'dispatch', '派单（第三次）');

    await s.page.click('[data-testid=new]');
    await s.page.waitForSelector('[data-testid=unsaved-dialog]');
    await s.screenshot('drafts-08-unsaved');
    await s.page.click('[data-testid=unsaved-keep]');
    assert.equal(await titleOf(s.page), 'wl-ticket（草稿）');
    assert.equal(await dirtyShown(s.page), true);

    imports = await importsOf(s.page);
    await s.page.click('[data-testid=new]');
    await s.page.click('[data-testid=unsaved-save]');
    await waitForImport(s.page, imports);
    assert.equal(await titleOf(s.page), '新流程');
    assert.equal(await dirtyShown(s.page), false);
    const draft = await s.server.admin.get('/api/process-drafts/wl-ticket');
    assert.equal(draft.body.revision, 3);
    assert.match(draft.body.xml, /name="派单（第三次）"/);
  });

  test('given a newer draft, when it is deployed, then the draft is kept and reads older, opening the process no longer asks, and it can be discarded from the open dialog', async () => {
    let imports = await importsOf(s.page);
    await s.page.click('[data-testid=open-server]');
    await s.page.click('[data-testid=open-wl-ticket]');
    await s.page.click('[data-testid=choose-draft]');
    await waitForImport(s.page, imports);
    await s.page.click('[data-testid=deploy]');
    await s.page.waitForSelector('[data-testid=problem-panel][data-kind=success]');
    const deployed = await panelOf(s.page);
    assert.equal(deployed.title, '部署成功：wl-ticket 第 2 版');
    assert.match(deployed.problems[0], /草稿仍保留/);
    assert.equal(await dirtyShown(s.page), false);

    await s.page.click('[data-testid=open-server]');
    const row = s.page.locator('[data-testid=draft-row][data-process-id=wl-ticket]');
    await row.waitFor();
    assert.equal(await row.locator('[data-testid=draft-state]').innerText(), '草稿比已部署版本（第 2 版）旧');
    imports = await importsOf(s.page);
    await s.page.click('[data-testid=open-wl-ticket]');
    await waitForImport(s.page, imports);
    assert.equal(await titleOf(s.page), 'wl-ticket（第 2 版）');
    assert.equal(await s.page.locator('[data-testid=draft-choice]').count(), 0);

    await s.page.click('[data-testid=open-server]');
    await s.page.click('[data-testid=discard-draft-wl-ticket]');
    assert.equal(await s.page.locator('[data-testid=discard-draft-wl-ticket]').innerText(), '确认丢弃？');
    assert.equal((await s.server.admin.get('/api/process-drafts/wl-ticket')).status, 200, 'the first click only asks');
    await s.page.click('[data-testid=discard-draft-wl-ticket]');
    await s.page.waitForSelector('[data-testid=draft-table] td:text("没有草稿")');
    await s.screenshot('drafts-09-discarded');
    await s.page.click('[data-testid=open-dialog-cancel]');
    assert.equal((await s.server.admin.get('/api/process-drafts/wl-ticket')).status, 404);
    const versions = await s.server.admin.get('/api/process-definitions/wl-ticket/versions');
    assert.equal(versions.body.items.length, 2, 'discarding keeps the deployed versions');
  });

  test('given a name still being typed in the properties panel, when Ctrl+S is pressed at once, then the draft holds the whole name', async () => {
    await clickElement(s.page, 'dispatch');
    await openPanelGroup(s.page, 'general');
    await s.page.locator('[data-entry-id="name"] textarea').fill('');
    await s.page.locator('[data-entry-id="name"] textarea').pressSequentially('派单（刚输入）');
    const saved = await pressSave(s.page);
    assert.equal(saved.kind, 'success', saved.title);
    const draft = await s.server.admin.get('/api/process-drafts/wl-ticket');
    assert.match(draft.body.xml, /name="派单（刚输入）"/);
    assert.equal(await dirtyShown(s.page), false);
  });

  test('given a subsidiary administrator, then the group’s drafts are not listed, its extension draft is saved for its own subsidiary only, and another subsidiary cannot see it', async () => {
    // The group keeps a draft of its own (wl-approval) while the subsidiary works.
    const approval = await s.server.admin.get('/api/process-definitions/wl-approval/versions/1/xml?tenant=%3Cdefault%3E');
    const groupDraft = await s.server.admin.request('PUT', '/api/process-drafts/wl-approval', {
      name: '审批（集团草稿）',
      xml: approval.body.xml,
      basedOnVersion: 1,
      revision: null,
    });
    assert.equal(groupDraft.status, 200, JSON.stringify(groupDraft.body));

    await signIn(s.page, world.a.usernames.subsidiary_admin, WORLD_PASSWORD);
    await s.page.click('[data-testid=open-server]');
    await s.page.waitForSelector('[data-testid=draft-table] td:text("没有草稿")');
    await s.page.click('[data-testid=open-wl-ticket]');
    await waitForTitle(s.page, 'wl-ticket（第 2 版）');
    assert.equal(await s.page.locator('[data-testid=save-draft]').isDisabled(), true, 'the group template is read-only');

    await s.page.click('[data-testid=edit-extension-afterIntake]');
    await waitForTitle(s.page, 'wl-ext-after-intake（新建）');
    await rename(s.page, 'ExtensionStart', '开始（甲公司）');
    await s.page.click('[data-testid=save-draft]');
    await s.page.waitForSelector('[data-testid=problem-panel][data-kind=success]');
    assert.match((await panelOf(s.page)).title, /^草稿已保存：wl-ext-after-intake/);
    await s.page.click('[data-testid=open-server]');
    await s.page.waitForSelector('[data-testid=draft-row]');
    const rows = await s.page.locator('[data-testid=draft-row]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-process-id')));
    assert.deepEqual(rows, ['wl-ext-after-intake']);
    assert.equal(await s.page.locator('[data-testid=draft-row] [data-testid=draft-state]').innerText(), '从未部署');
    await s.screenshot('drafts-06-subsidiary');
    await s.page.click('[data-testid=open-dialog-cancel]');

    // Next time, the extension point opens the draft: the subsidiary has no deployed version of it yet.
    await openDeployed(s.page, 'wl-ticket');
    await s.page.click('[data-testid=edit-extension-afterIntake]');
    await waitForTitle(s.page, 'wl-ext-after-intake（草稿）');
    assert.equal(await nameOf(s.page, 'ExtensionStart'), '开始（甲公司）');

    const group = await s.server.admin.get('/api/process-drafts');
    assert.deepEqual(
      group.body.items.map((d: { processId: string }) => d.processId).sort(),
      ['wl-approval', 'wl-ticket'],
      'the group sees its own draft, not the subsidiary’s',
    );
    const b = await world.b.as.subsidiary_admin.get('/api/process-drafts');
    assert.deepEqual(b.body.items, []);

    await signIn(s.page, world.b.usernames.subsidiary_admin, WORLD_PASSWORD);
    await s.page.click('[data-testid=open-server]');
    await s.page.waitForSelector('[data-testid=draft-table] td:text("没有草稿")');
    await s.page.screenshot({ path: path.join(OUTPUT_DIR, 'designer-drafts-07-other-subsidiary.png') });
    assert.deepEqual(s.pageErrors, []);
  });
});
