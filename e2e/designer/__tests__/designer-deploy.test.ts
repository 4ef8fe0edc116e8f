import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDeployed, openDesignerSession, signIn, type DesignerSession } from '../support/designer-session.js';
import { clickElement, elementState, openPanelGroup, panelOf, untranslatedTexts } from '../support/diagram.js';

const selectedId = (s: DesignerSession) =>
  s.page.evaluate(() => (window.__warmlineModeler!.get('selection') as { get(): { id: string }[] }).get()[0]?.id);

describe('designer: deploy to the server, refusals shown on the elements', () => {
  let s: DesignerSession;
  before(async () => {
    s = await openDesignerSession();
    await signIn(s.page);
    await openDeployed(s.page, 'wl-ticket');
  });
  after(async () => {
    await s?.close();
  });

  test('given a service task without a job type added from the palette, then the editor lints it and the server refuses the deploy naming it on the diagram', async () => {
    await s.page.click('.djs-palette .entry[data-action="create.task"]');
    await s.page.mouse.move(700, 760, { steps: 5 });
    await s.page.mouse.click(700, 760);
    const taskId = await selectedId(s);
    assert.ok(taskId, 'a task was created and selected');
    // The type change itself is ordinary modelling (the replace menu); here it goes through bpmn-js' replace service.
    const serviceTaskId = await s.page.evaluate((id) => {
      const m = window.__warmlineModeler!;
      const el = (m.get('elementRegistry') as { get(id: string): unknown }).get(id);
      const replaced = (m.get('bpmnReplace') as { replaceElement(e: unknown, t: object): { id: string } }).replaceElement(el, {
        type: 'bpmn:ServiceTask',
      });
      return replaced.id;
    }, taskId);
    assert.equal((await elementState(s.page, serviceTaskId)).type, 'bpmn:ServiceTask');
    await s.page.waitForFunction(() => /个错误/.test(document.querySelector('.bjsl-button')?.textContent ?? ''));
    const lintOverlay = s.page.locator(`.djs-overlays[data-container-id="${serviceTaskId}"] .bjsl-overlay`);
    assert.equal(await lintOverlay.count(), 1);
    // The in-editor lint words the report in Chinese exactly as the server's deploy check does.
    await lintOverlay.locator('.bjsl-icon').hover();
    const lintMessages = await lintOverlay.locator('.bjsl-current-element-issues li .message').allInnerTexts();
    assert.deepEqual(lintMessages, ['缺少实现定义（Camunda 8.8 规则 implementation）：服务任务必须有且只有一个任务定义']);
    assert.deepEqual(await untranslatedTexts(s.page), []);
    await s.screenshot('deploy-00-lint');

    await s.page.click('[data-testid=deploy]');
    await s.page.waitForSelector('[data-testid=problem-panel][data-kind=error]');
    const panel = await panelOf(s.page);
    assert.match(panel.title, /^服务器拒绝部署：流程模型未通过部署检查/);
    assert.ok(
      panel.problems.some((p) => p.startsWith(serviceTaskId)),
      `no problem names ${serviceTaskId}: ${JSON.stringify(panel)}`,
    );
    assert.ok(panel.problems.every((p) => /[\u4e00-\u9fa5]/.test(p)));
    assert.ok(
      panel.problems.some((p) => p.includes('服务任务必须有且只有一个任务定义')),
      `the refusal words the lint report in Chinese: ${JSON.stringify(panel.problems)}`,
    );
    assert.equal(await s.page.locator(`.djs-overlays[data-container-id="${serviceTaskId}"] [data-testid=refusal-badge]`).count(), 1);
    assert.equal(await s.page.locator(`.djs-element.wl-refused[data-element-id="${serviceTaskId}"]`).count(), 1);
    await s.screenshot('deploy-01-refused');

    // Nothing was deployed: the server still has version 1 only.
    const versions = await s.server.admin.get('/api/process-definitions/wl-ticket/versions');
    assert.deepEqual(
      versions.body.items.map((v: { version: number }) => v.version),
      [1],
    );

    await s.page.locator(`[data-testid=problem][data-element-id="${serviceTaskId}"]`).first().click();
    assert.equal(await selectedId(s), serviceTaskId);
    await s.page.keyboard.press('Delete');
    assert.equal((await elementState(s.page, serviceTaskId)).exists, false);
  });

  test('given a renamed label, when deployed, then the server accepts it as the next version', async () => {
    await clickElement(s.page, 'dispatch');
    await openPanelGroup(s.page, 'general');
    const name = s.page.locator('[data-entry-id="name"] textarea');
    await name.fill('派单（坐席）');
    await name.blur();
    await s.page.click('[data-testid=deploy]');
    await s.page.waitForSelector('[data-testid=problem-panel][data-kind=success]');
    assert.equal((await panelOf(s.page)).title, '部署成功：wl-ticket 第 2 版');
    const v2 = await s.server.admin.get('/api/process-definitions/wl-ticket/versions/2/xml?tenant=%3Cdefault%3E');
    assert.match(v2.body.xml, /name="派单（坐席）"/);
    await s.screenshot('deploy-02-accepted');
    assert.deepEqual(s.pageErrors, []);
  });
});
