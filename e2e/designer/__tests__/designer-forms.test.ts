import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildWorld, WORLD_PASSWORD } from '@warmline/server/testing';
import { openDeployed, openDesignerSession, signIn, type DesignerSession } from '../support/designer-session.js';
import { clickElement, panelOf } from '../support/diagram.js';
import {
  addFormField,
  englishTexts,
  ONE_USER_TASK_BPMN,
  openBpmnFile,
  selectFormField,
  setFormProperty,
  taskFormId,
} from '../support/form-designer.js';

const FORM_ID = 'visit-register';
const PROCESS_ID = 'wl-test-visit';

/** Latin words in the dialog other than data (the form id, the field key) and the bpmn.io attribution. */
const englishIn = async (s: DesignerSession, selector: string) =>
  (await englishTexts(s.page, selector)).filter((t) =>
    /[A-Za-z]{2,}/.test(
      t
        .replace(/^\[[a-z-]+\] /, '')
        .replaceAll(FORM_ID, '')
        .replaceAll('「room」', '')
        .replace(/bpmn\.io/g, ''),
    ),
  );

const previewLabels = (s: DesignerSession) => s.page.locator('[data-testid=form-preview] .fjs-form-field-label').allInnerTexts();

describe('designer: task forms designed with form-js and stored on the server', () => {
  let s: DesignerSession;
  before(async () => {
    s = await openDesignerSession();
    await signIn(s.page);
    await openBpmnFile(s.page, `${PROCESS_ID}.bpmn`, ONE_USER_TASK_BPMN(PROCESS_ID));
  });
  after(async () => {
    await s?.close();
  });

  test('given a user task, when a new form is created, then the picker lists the server’s forms and the designer opens in Chinese with a live preview', async () => {
    await clickElement(s.page, 'Task_visit');
    assert.equal(await s.page.locator('[data-testid=task-form-id]').innerText(), '（未设置）');
    await s.page.click('[data-testid=task-form-pick]');
    const dispatchRow = s.page.locator('[data-testid=form-row][data-form-id="ticket-dispatch"]');
    await dispatchRow.waitFor();
    assert.match(await dispatchRow.innerText(), /派单/);
    assert.deepEqual(await englishIn(s, '[data-testid=form-picker]'), []);
    await s.screenshot('forms-01-picker');

    await s.page.fill('[data-testid=form-new-name]', '上门登记表');
    await s.page.fill('[data-testid=form-new-id]', FORM_ID);
    await s.page.click('[data-testid=form-create]');
    await s.page.waitForSelector('[data-testid=form-dialog][data-ready=true]');
    assert.equal(await s.page.locator('[data-testid=form-status]').innerText(), '新表单（尚未保存）');
    assert.equal(await s.page.locator('[data-testid=form-read-only]').isHidden(), true);

    await addFormField(s.page, 'textfield');
    await selectFormField(s.page, 'textfield');
    await setFormProperty(s.page, 'label', '房间号');
    await setFormProperty(s.page, 'key', 'room');
    await s.page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=form-preview] .fjs-form-field-label')].some((l) => l.textContent?.trim() === '房间号'),
    );
    // Every text of the dialog is Chinese: palette, canvas, properties panel, preview.
    assert.deepEqual(await englishIn(s, '[data-testid=form-dialog]'), []);
    await s.screenshot('forms-02-designer');
    // The label's pop-up editor opens inside the dialog, in Chinese too.
    await s.page.hover('[data-testid=form-editor] [data-entry-id="label"]');
    await s.page.click('[data-testid=form-editor] [data-entry-id="label"] .bio-properties-panel-open-feel-popup');
    await s.page.waitForSelector('[data-testid=form-dialog] .bio-properties-panel-feel-popup');
    assert.deepEqual(await englishIn(s, '[data-testid=form-dialog]'), []);
    await s.screenshot('forms-02b-popup');
    await s.page.click('[data-testid=form-dialog] .bio-properties-panel-popup__close');
    await s.page.waitForSelector('[data-testid=form-dialog] .bio-properties-panel-feel-popup', { state: 'detached' });
  });

  test('given a field without a label, when saved, then the server’s refusal is listed in Chinese and the task links no form yet', async () => {
    await setFormProperty(s.page, 'label', '');
    await s.page.waitForFunction(() => !document.querySelector('[data-testid=form-preview] .fjs-form-field-label')?.textContent?.trim());
    await s.page.click('[data-testid=form-save]');
    const problems = s.page.locator('[data-testid=form-problems]');
    await problems.waitFor();
    const text = await problems.innerText();
    assert.match(text, /保存失败：表单定义有 1 处问题，未保存/);
    assert.match(text, /单行文本字段「room」需要填写标签/);
    assert.deepEqual(await englishIn(s, '[data-testid=form-problems]'), []);
    assert.equal(await taskFormId(s.page, 'Task_visit'), null);
    assert.equal((await s.server.admin.get(`/api/forms/${FORM_ID}`)).status, 404);
    await s.screenshot('forms-03-refused');
  });

  test('given the label restored, when saved, then version 1 is on the server, the task links it (undoable) and the process deploys', async () => {
    await setFormProperty(s.page, 'label', '房间号');
    // The preview renders the editor's schema: once it shows the label, the edit is in the schema.
    await s.page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=form-preview] .fjs-form-field-label')].some((l) => l.textContent?.trim() === '房间号'),
    );
    await s.page.click('[data-testid=form-save]');
    await s.page
      .waitForFunction(() => document.querySelector('[data-testid=form-status]')?.textContent === '已保存为第 1 版')
      .catch(async (err: unknown) => {
        await s.screenshot('forms-failed-save');
        throw err;
      });
    assert.ok(await s.page.locator('[data-testid=form-problems]').isHidden());

    const stored = await s.server.admin.get(`/api/forms/${FORM_ID}`);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.name, '上门登记表');
    assert.equal(stored.body.version, 1);
    const inputs = (stored.body.schema.components as { key?: string; label?: string; type: string }[]).filter((c) => c.key);
    assert.deepEqual(
      inputs.map((c) => [c.type, c.key, c.label]),
      [['textfield', 'room', '房间号']],
    );

    await s.page.click('[data-testid=form-versions]');
    await s.page.locator('[data-testid=form-version-row]').first().waitFor();
    assert.deepEqual(
      await s.page.locator('[data-testid=form-version-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version'))),
      ['1'],
    );
    await s.screenshot('forms-04-saved');
    await s.page.click('[data-testid=form-close]');
    await s.page.waitForSelector('[data-testid=form-dialog]', { state: 'detached' });

    assert.equal(await taskFormId(s.page, 'Task_visit'), FORM_ID);
    await s.page.waitForFunction((id) => document.querySelector('[data-testid=task-form-id]')?.textContent === id, FORM_ID);
    // One modelling command: one undo takes the link back, redo restores it.
    await s.page.evaluate(() => (window.__warmlineModeler!.get('commandStack') as { undo(): void }).undo());
    assert.equal(await taskFormId(s.page, 'Task_visit'), null);
    await s.page.evaluate(() => (window.__warmlineModeler!.get('commandStack') as { redo(): void }).redo());
    assert.equal(await taskFormId(s.page, 'Task_visit'), FORM_ID);

    await s.page.click('[data-testid=deploy]');
    await s.page.waitForSelector('[data-testid=problem-panel][data-kind=success]');
    assert.equal((await panelOf(s.page)).title, `部署成功：${PROCESS_ID} 第 1 版`);
    const xml = await s.server.admin.get(`/api/process-definitions/${PROCESS_ID}/versions/1/xml?tenant=%3Cdefault%3E`);
    assert.match(xml.body.xml, /<zeebe:formDefinition formId="visit-register"/);
  });

  test('given the saved form, when the task’s form is opened again, then the designer shows the saved field in the editor and the preview', async () => {
    await clickElement(s.page, 'Task_visit');
    await s.page.click('[data-testid=task-form-design]');
    await s.page.waitForSelector('[data-testid=form-dialog][data-ready=true]');
    assert.equal(await s.page.locator('[data-testid=form-status]').innerText(), '第 1 版 · 热力集团');
    assert.equal(await s.page.locator('[data-testid=form-name]').inputValue(), '上门登记表');
    assert.equal(await s.page.locator('[data-testid=form-editor] .fjs-editor-container .fjs-form-field-textfield').count(), 1);
    assert.deepEqual(await previewLabels(s), ['房间号']);
    assert.deepEqual(await englishIn(s, '[data-testid=form-dialog]'), []);
    await s.screenshot('forms-05-reopened');
    // Nothing changed: closing does not ask.
    await s.page.click('[data-testid=form-close]');
    await s.page.waitForSelector('[data-testid=form-dialog]', { state: 'detached' });
    await s.page.click('[data-testid=task-form-design]');
    await s.page.waitForSelector('[data-testid=form-dialog][data-ready=true]');
  });

  test('given a second version, when version 1 is restored from 版本, then a third version copies it and the editor shows it again', async () => {
    await addFormField(s.page, 'number');
    await s.page.waitForFunction(() => document.querySelectorAll('[data-testid=form-preview] .fjs-form-field-label').length === 2);
    await s.page.click('[data-testid=form-save]');
    await s.page.waitForFunction(() => document.querySelector('[data-testid=form-status]')?.textContent === '已保存为第 2 版');
    assert.equal((await s.server.admin.get(`/api/forms/${FORM_ID}`)).body.version, 2);

    await s.page.click('[data-testid=form-versions]');
    await s.page.locator('[data-testid=form-version-row][data-version="2"]').waitFor();
    await s.page.click('[data-testid=form-version-restore-1]');
    await s.page.waitForFunction(
      () => document.querySelector('[data-testid=form-status]')?.textContent === '已恢复第 1 版（新版本：第 3 版）',
    );
    await s.page.locator('[data-testid=form-version-row][data-version="3"]').waitFor();
    assert.deepEqual(await previewLabels(s), ['房间号']);
    assert.equal(await s.page.locator('[data-testid=form-editor] .fjs-editor-container .fjs-form-field-number').count(), 0);
    const current = await s.server.admin.get(`/api/forms/${FORM_ID}`);
    assert.equal(current.body.version, 3);
    assert.deepEqual((current.body.schema.components as { key?: string }[]).map((c) => c.key).filter(Boolean), ['room']);
    assert.deepEqual(await englishIn(s, '[data-testid=form-dialog]'), []);
    await s.screenshot('forms-06-restored');

    // Unsaved changes are not dropped silently: closing asks first.
    await addFormField(s.page, 'checkbox');
    await s.page.click('[data-testid=form-close]');
    await s.page.click('[data-testid=form-keep-editing]');
    assert.equal(await s.page.locator('[data-testid=form-dialog]').count(), 1);
    await s.page.click('[data-testid=form-close]');
    assert.match(await s.page.locator('[data-testid=form-problems]').innerText(), /表单有未保存的修改/);
    await s.page.click('[data-testid=form-discard]');
    await s.page.waitForSelector('[data-testid=form-dialog]', { state: 'detached' });
    assert.equal((await s.server.admin.get(`/api/forms/${FORM_ID}`)).body.version, 3);
    assert.deepEqual(s.pageErrors, []);
  });
});

describe('designer: a subsidiary administrator reads the group’s task forms but cannot change them', () => {
  let s: DesignerSession;
  before(async () => {
    s = await openDesignerSession();
    const world = await buildWorld(s.server, 'dfs');
    await signIn(s.page, world.a.usernames.subsidiary_admin, WORLD_PASSWORD);
    await openDeployed(s.page, 'wl-ticket');
  });
  after(async () => {
    await s?.close();
  });

  test('given the read-only group template, when a locked task’s form is opened, then it shows read-only: no relinking, no saving', async () => {
    await clickElement(s.page, 'dispatch');
    assert.equal(await s.page.locator('[data-testid=task-form-id]').innerText(), 'ticket-dispatch');
    assert.equal(await s.page.locator('[data-testid=task-form-pick]').isDisabled(), true);
    await s.page.click('[data-testid=task-form-design]');
    await s.page.waitForSelector('[data-testid=form-dialog][data-ready=true]');
    assert.equal(await s.page.locator('[data-testid=form-status]').innerText(), '第 1 版 · 热力集团');
    assert.equal(await s.page.locator('[data-testid=form-save]').isDisabled(), true);
    assert.equal(await s.page.locator('[data-testid=form-save]').getAttribute('title'), '集团表单对分公司只读');
    assert.equal(await s.page.locator('[data-testid=form-read-only]').innerText(), '只读：集团表单对分公司只读');
    const labels = await previewLabels(s);
    assert.ok(
      labels.some((l) => l.startsWith('维修站')),
      JSON.stringify(labels),
    );
    assert.deepEqual(
      (await englishTexts(s.page, '[data-testid=form-dialog]')).filter((t) =>
        /[A-Za-z]{2,}/.test(
          t
            .replace(/^\[[a-z-]+\] /, '')
            .replace(/bpmn\.io/g, '')
            .replace('ticket-dispatch', ''),
        ),
      ),
      [],
    );
    await s.screenshot('forms-07-subsidiary-read-only');
    await s.page.click('[data-testid=form-close]');
    assert.equal((await s.server.admin.get('/api/forms/ticket-dispatch')).body.version, 1);
    assert.deepEqual(s.pageErrors, []);
  });
});
