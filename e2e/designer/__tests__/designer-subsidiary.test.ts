import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildWorld, WORLD_PASSWORD, type World } from '@warmline/server/testing';
import { openDeployed, openDesignerSession, signIn, type DesignerSession } from '../support/designer-session.js';
import { clickElement, elementCount, panelOf } from '../support/diagram.js';

describe('designer: a subsidiary sees the group template read-only and deploys its own extension', () => {
  let s: DesignerSession;
  let world: World;

  before(async () => {
    s = await openDesignerSession();
    world = await buildWorld(s.server, 'ds');
    const role = await s.server.admin.post('/api/roles', {
      code: 'ds_designer',
      name: '流程设计员',
      dataScope: 'subtree',
      permissions: ['process:deploy', 'process:read'],
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const user = await s.server.admin.post('/api/users', {
      username: 'ds.designer.a',
      password: WORLD_PASSWORD,
      displayName: '分公司流程设计员',
      orgId: world.a.id,
      roleIds: [role.body.id],
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
  });
  after(async () => {
    await s?.close();
  });

  test('given a subsidiary designer, when wl-ticket is opened, then it is read-only with its three extension points highlighted', async () => {
    await signIn(s.page, 'ds.designer.a', WORLD_PASSWORD);
    await openDeployed(s.page, 'wl-ticket');
    assert.equal(await s.page.locator('[data-testid=read-only-badge]').isVisible(), true);
    assert.equal(await s.page.locator('.djs-palette').isVisible(), false);
    assert.equal(await s.page.locator('[data-testid=deploy]').isDisabled(), true);
    const points = await s.page
      .locator('[data-testid=extension-badge]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-point')).sort());
    assert.deepEqual(points, ['afterIntake', 'beforeClose', 'beforeHandle']);
    const count = await elementCount(s.page);
    await clickElement(s.page, 'intake-route');
    await s.page.keyboard.press('Delete');
    assert.equal(await elementCount(s.page), count);
    await s.screenshot('subsidiary-01-template-read-only');
  });

  test('given the afterIntake extension point, when the subsidiary edits and deploys its extension, then it is deployed for its own subsidiary', async () => {
    await s.page.click('[data-testid=edit-extension-afterIntake]');
    await s.page.waitForFunction(
      () => document.querySelector('[data-testid=diagram-title]')?.textContent === 'wl-ext-after-intake（新建）',
    );
    assert.equal(await s.page.locator('[data-testid=read-only-badge]').isVisible(), false);
    assert.equal(await s.page.locator('.djs-palette').isVisible(), true);
    await s.page.click('[data-testid=deploy]');
    await s.page.waitForSelector('[data-testid=problem-panel][data-kind=success]');
    assert.equal((await panelOf(s.page)).title, '部署成功：wl-ext-after-intake 第 1 版');
    const versions = await s.server.admin.get('/api/process-definitions/wl-ext-after-intake/versions');
    assert.deepEqual(
      versions.body.items.map((v: { tenant: string; version: number }) => [v.tenant, v.version]),
      [[world.a.code, 1]],
    );
    await s.screenshot('subsidiary-02-extension-deployed');

    // The next time, the extension point opens the subsidiary's deployed version.
    await openDeployed(s.page, 'wl-ticket');
    await s.page.click('[data-testid=edit-extension-afterIntake]');
    await s.page.waitForFunction(
      () => document.querySelector('[data-testid=diagram-title]')?.textContent === 'wl-ext-after-intake（第 1 版）',
    );
    assert.deepEqual(s.pageErrors, []);
  });
});
