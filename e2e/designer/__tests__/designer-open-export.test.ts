import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openDeployed, openDesignerSession, signIn, type DesignerSession } from '../support/designer-session.js';
import { clickElement, selectById, untranslatedTexts } from '../support/diagram.js';

/** Open every collapsed group of the properties panel (their entries render only then). */
async function openAllGroups(page: Page): Promise<void> {
  for (const header of await page.locator('.bio-properties-panel-group-header').all()) {
    if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
  }
}

/** Latin words in labels a user reads (group titles, entry labels, the panel header type). */
async function englishLabels(page: Page): Promise<string[]> {
  const texts = await page
    .locator('.bio-properties-panel-group-header-title, .bio-properties-panel-label, .bio-properties-panel-header-type')
    .allInnerTexts();
  // Zeebe property names (locked, extensionPoint) and "ID"/"FEEL" are identifiers, not words to translate.
  return texts.map((t) => t.trim()).filter((t) => /[A-Za-z]{3,}/.test(t) && !/^(locked|extensionPoint|ID|FEEL)$/.test(t));
}

describe('designer: sign in, open the shipped ticket model in Chinese, export it', () => {
  let s: DesignerSession;
  before(async () => {
    s = await openDesignerSession();
  });
  after(async () => {
    await s?.close();
  });

  test('given no session, when the designer opens, then a Chinese sign-in form comes first and a wrong password is refused', async () => {
    await s.page.goto('/designer/');
    await s.page.evaluate(() => localStorage.clear());
    await s.page.reload();
    await s.page.fill('[data-testid=login-username]', 'admin');
    await s.page.fill('[data-testid=login-password]', 'wrong-password');
    await s.page.click('[data-testid=login-submit]');
    await s.page.waitForFunction(() => !!document.querySelector('[data-testid=login-error]')?.textContent);
    assert.match(await s.page.locator('[data-testid=login-error]').innerText(), /[\u4e00-\u9fa5]/);
    assert.equal(await s.page.evaluate(() => localStorage.getItem('warmline.token')), null);
    await s.screenshot('open-01-login');
  });

  test('given the group admin, when wl-ticket is opened from the deployed list, then every element kind shows a Chinese panel and no text lacks Chinese', async () => {
    await signIn(s.page);
    await openDeployed(s.page, 'wl-ticket');
    assert.equal(await s.page.locator('.djs-element[data-element-id="dispatch"]').count(), 1);
    const elements = ['dispatch', 'intake-route', 'reassign-at-accept', 'ext-after-intake', 'close', 'main-end', 'intake'];
    for (const id of elements) {
      await clickElement(s.page, id);
      await s.page.waitForSelector('.bio-properties-panel-header');
      await openAllGroups(s.page);
      assert.deepEqual(await englishLabels(s.page), [], `properties panel of ${id}`);
    }
    await clickElement(s.page, 'ticket-main', 'top');
    await openAllGroups(s.page);
    await selectById(s.page, 'flow-intake-route-to-dispatch');
    await openAllGroups(s.page);
    assert.deepEqual(await englishLabels(s.page), [], 'properties panel of a sequence flow');
    await clickElement(s.page, 'intake-route');
    await s.page.click('.djs-context-pad.open .entry[data-action="replace"]');
    await s.page.waitForSelector('.djs-popup .entry');
    await s.screenshot('open-02-replace-menu');
    await s.page.keyboard.press('Escape');
    const palette = await s.page
      .locator('.djs-palette .entry[data-action]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.getAttribute('title') ?? ''));
    assert.ok(palette.length > 10);
    for (const title of palette) assert.match(title, /[\u4e00-\u9fa5]/, `palette entry "${title}"`);
    await clickElement(s.page, 'dispatch');
    await s.screenshot('open-03-wl-ticket-user-task');
    assert.deepEqual(await untranslatedTexts(s.page), []);
    assert.deepEqual(s.pageErrors, []);
  });

  test('given the open model, when exported as BPMN, SVG and PNG, then each file holds the diagram', async () => {
    const save = async (testId: string) => {
      const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.click(`[data-testid=${testId}]`)]);
      const stream = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      return { name: download.suggestedFilename(), data: Buffer.concat(chunks) };
    };
    const xml = await save('export-xml');
    assert.equal(xml.name, 'wl-ticket.bpmn');
    assert.match(xml.data.toString('utf8'), /<bpmn:process id="wl-ticket"/);
    assert.match(xml.data.toString('utf8'), /<bpmn:userTask id="dispatch"[\s\S]*?<zeebe:property name="locked" value="true" \/>/);
    const svg = await save('export-svg');
    assert.equal(svg.name, 'wl-ticket.svg');
    assert.match(svg.data.toString('utf8'), /<svg[\s\S]*派单/);
    const png = await save('export-png');
    assert.equal(png.name, 'wl-ticket.png');
    assert.deepEqual([...png.data.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.data.length > 10_000, `PNG of ${png.data.length} bytes`);
  });
});
