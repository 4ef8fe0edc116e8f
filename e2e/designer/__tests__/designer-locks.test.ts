import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { openDeployed, openDesignerSession, signIn, type DesignerSession } from '../support/designer-session.js';
import {
  centreOf,
  clickElement,
  dragElement,
  elementCount,
  elementState,
  openPanelGroup,
  panelOf,
  selectById,
  type ElementState,
} from '../support/diagram.js';

/** Contract nodes of the shipped wl-ticket (docs/decisions/0004) the tests aim at. */
const LOCKED = [
  'intake',
  'ticket-main',
  'main-start',
  'dispatch',
  'station-confirm',
  'worker-accept',
  'handle',
  'callback',
  'close',
  'main-end',
  'closed',
];

describe('designer: locked core nodes of wl-ticket cannot be changed by any path', () => {
  let s: DesignerSession;
  let original: Record<string, ElementState>;
  let count: number;

  const assertUnchanged = async (what: string) => {
    for (const id of LOCKED) assert.deepEqual(await elementState(s.page, id), original[id], `${what}: ${id} changed`);
    assert.equal(await elementCount(s.page), count, `${what}: the number of elements changed`);
  };

  before(async () => {
    s = await openDesignerSession();
    await signIn(s.page);
    await openDeployed(s.page, 'wl-ticket');
    original = Object.fromEntries(await Promise.all(LOCKED.map(async (id) => [id, await elementState(s.page, id)] as const)));
    count = await elementCount(s.page);
    for (const id of LOCKED) assert.equal(original[id].exists, true, id);
    assert.equal(original.dispatch.locked, 'true');
  });
  beforeEach(async () => {
    await openDeployed(s.page, 'wl-ticket');
  });
  after(async () => {
    await s?.close();
  });

  test('given a locked node selected, when Delete is pressed, then it stays', async () => {
    await clickElement(s.page, 'dispatch');
    await s.page.keyboard.press('Delete');
    await assertUnchanged('keyboard delete');
  });

  test('given a locked node, when its context pad opens, then it offers neither delete nor change type; an unlocked gateway does', async () => {
    await clickElement(s.page, 'dispatch');
    await s.page.waitForSelector('.djs-context-pad.open');
    assert.equal(await s.page.locator('.djs-context-pad.open .entry[data-action="delete"]').count(), 0);
    assert.equal(await s.page.locator('.djs-context-pad.open .entry[data-action="replace"]').count(), 0);
    await s.screenshot('locks-01-context-pad');
    await clickElement(s.page, 'intake-route');
    await s.page.waitForSelector('.djs-context-pad.open .entry[data-action="delete"]');
    assert.equal(await s.page.locator('.djs-context-pad.open .entry[data-action="replace"]').count(), 1);
  });

  test('given the locked subprocess holding the core nodes, when it is deleted, then it and its content stay', async () => {
    await selectById(s.page, 'ticket-main');
    await s.page.keyboard.press('Delete');
    await assertUnchanged('deleting the parent subprocess');
  });

  test('given everything selected, when Delete is pressed, then no locked node goes and the flow they need stays (the whole change is undone)', async () => {
    await clickElement(s.page, 'dispatch');
    await s.page.keyboard.press('Control+a');
    await s.page.keyboard.press('Delete');
    await assertUnchanged('deleting a multi-selection');
    const panel = await panelOf(s.page);
    assert.equal(panel.kind, 'warning');
    assert.match(panel.title, /已自动撤销/);
    await s.screenshot('locks-02-select-all-delete-undone');
  });

  test('given a locked node, when the replace menu is asked for by key, then it offers nothing; a replace by any other path is undone', async () => {
    await clickElement(s.page, 'dispatch');
    await s.page.keyboard.press('r');
    assert.equal(await s.page.locator('.djs-popup .entry').count(), 0);
    await s.page.keyboard.press('Escape');
    await s.page.evaluate(() => {
      const m = window.__warmlineModeler!;
      const el = (m.get('elementRegistry') as { get(id: string): unknown }).get('dispatch');
      (m.get('bpmnReplace') as { replaceElement(e: unknown, t: object): unknown }).replaceElement(el, { type: 'bpmn:ServiceTask' });
    });
    await assertUnchanged('replace');
    const panel = await panelOf(s.page);
    assert.equal(panel.kind, 'warning');
    assert.ok(
      panel.problems.some((p) => p.includes('dispatch')),
      JSON.stringify(panel),
    );
  });

  test('given a locked node in the properties panel, when its id, form, type or lock property are shown, then they are read-only; a lock edit by another path is undone', async () => {
    await clickElement(s.page, 'dispatch');
    await s.page.waitForSelector('.bio-properties-panel-header');
    const openGroup = (id: string) => openPanelGroup(s.page, id);
    await openGroup('general');
    assert.equal(await s.page.locator('[data-entry-id="id"] input').isDisabled(), true);
    await openGroup('form');
    assert.equal(await s.page.locator('[data-entry-id="wl-locked-form"] input').isDisabled(), true);
    await openGroup('Zeebe__ExtensionProperties');
    const lockEntry = s.page.locator('[data-group-id="group-Zeebe__ExtensionProperties"] input');
    assert.ok((await lockEntry.count()) >= 1);
    for (const input of await lockEntry.all()) assert.equal(await input.isDisabled(), true);
    assert.equal(await s.page.locator('[data-group-id="group-Zeebe__ExtensionProperties"] .bio-properties-panel-add-entry').count(), 0);
    await s.screenshot('locks-03-properties-read-only');

    await s.page.evaluate(() => {
      const m = window.__warmlineModeler!;
      type Bo = { extensionElements: { values: Array<{ $type: string; properties: Array<{ name: string }> }> } };
      const el = (m.get('elementRegistry') as { get(id: string): { businessObject: Bo } }).get('dispatch');
      const props = el.businessObject.extensionElements.values.find((v) => v.$type === 'zeebe:Properties')!;
      const lock = props.properties.find((p) => p.name === 'locked');
      (m.get('modeling') as { updateModdleProperties(e: unknown, bo: unknown, p: object): void }).updateModdleProperties(el, lock, {
        value: 'false',
      });
    });
    await assertUnchanged('editing the lock property');
    assert.match((await panelOf(s.page)).problems.join('\n'), /锁定属性被修改/);
  });

  test('given a locked node copied, when pasted, then nothing is pasted', async () => {
    await clickElement(s.page, 'dispatch');
    await s.page.keyboard.press('Control+c');
    const target = await centreOf(s.page, 'dispatch');
    await s.page.mouse.move(target.x, target.y + 120);
    await s.page.keyboard.press('Control+v');
    await s.page.mouse.click(target.x, target.y + 120);
    await assertUnchanged('copy and paste');
  });

  test('given the flow between two locked nodes, when it is deleted, then the change is undone and the disconnection named', async () => {
    await selectById(s.page, 'flow-dispatch-to-station-confirm');
    await s.page.keyboard.press('Delete');
    await assertUnchanged('disconnecting');
    assert.equal((await elementState(s.page, 'flow-dispatch-to-station-confirm')).exists, true);
    assert.match((await panelOf(s.page)).title, /已自动撤销/);
  });

  test('given the connect tool, when a locked node is connected past the next one, then the bypass is undone and named', async () => {
    await clickElement(s.page, 'dispatch');
    await s.page.click('.djs-context-pad.open .entry[data-action="connect"]');
    const to = await centreOf(s.page, 'worker-accept');
    await s.page.mouse.move(to.x, to.y, { steps: 8 });
    await s.page.mouse.click(to.x, to.y);
    await assertUnchanged('bypass');
    const panel = await panelOf(s.page);
    assert.equal(panel.kind, 'warning', JSON.stringify(panel));
    assert.match(panel.problems.join('\n'), /被绕过/);
    await s.screenshot('locks-04-bypass-undone');
  });

  test('given a locked node inside the ticket subprocess, when it is dragged out of it, then it stays in its scope', async () => {
    const closed = await centreOf(s.page, 'closed');
    await dragElement(s.page, 'dispatch', { x: closed.x + 40, y: closed.y + 160 });
    await assertUnchanged('moving to another scope');
  });

  test('given a file that removes a lock of wl-ticket, when it is opened, then it is refused naming the node and the open diagram stays', async () => {
    const xml = await s.page.evaluate(async () => {
      const res = await fetch('/api/process-definitions/wl-ticket/versions/1/xml?tenant=%3Cdefault%3E', {
        headers: { Authorization: `Bearer ${localStorage.getItem('warmline.token')}` },
      });
      return ((await res.json()) as { xml: string }).xml;
    });
    const changed = xml.replace(/(<bpmn:userTask id="dispatch"[\s\S]*?)<zeebe:property name="locked" value="true" \/>/, '$1');
    assert.notEqual(changed, xml);
    await s.page.setInputFiles('[data-testid=file-input]', {
      name: 'wl-ticket-改.bpmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(changed),
    });
    await s.page.waitForSelector('[data-testid=problem-panel][data-kind=error]');
    const panel = await panelOf(s.page);
    assert.match(panel.title, /不能打开「wl-ticket-改\.bpmn」/);
    assert.ok(
      panel.problems.some((p) => p.startsWith('dispatch') && p.includes('锁定属性被修改')),
      JSON.stringify(panel),
    );
    assert.match(await s.page.locator('[data-testid=diagram-title]').innerText(), /^wl-ticket（第 \d+ 版）$/);
    await assertUnchanged('importing a modified file');
    await s.screenshot('locks-05-import-refused');
  });

  test('given all of the above, then the page raised no errors', () => {
    assert.deepEqual(s.pageErrors, []);
  });
});
