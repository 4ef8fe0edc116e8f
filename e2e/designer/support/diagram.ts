import type { Page } from 'playwright-core';

/** What a test needs to know about one diagram element, read from the running modeler. */
export interface ElementState {
  exists: boolean;
  type?: string;
  parent?: string;
  host?: string;
  locked?: string;
  incoming?: string[];
  outgoing?: string[];
}

/** The element as the modeler holds it (its BPMN type, scope, lock property and flows). */
export function elementState(page: Page, id: string): Promise<ElementState> {
  return page.evaluate((elementId) => {
    type Bo = {
      $type: string;
      extensionElements?: { values?: Array<{ $type: string; properties?: Array<{ name: string; value: string }> }> };
    };
    type El = {
      id: string;
      businessObject: Bo;
      parent?: { id: string };
      host?: { id: string };
      incoming?: { id: string }[];
      outgoing?: { id: string }[];
    };
    const registry = window.__warmlineModeler!.get('elementRegistry') as { get(id: string): El | undefined };
    const el = registry.get(elementId);
    if (!el) return { exists: false };
    const props = el.businessObject.extensionElements?.values?.find((v) => v.$type === 'zeebe:Properties')?.properties ?? [];
    return {
      exists: true,
      type: el.businessObject.$type,
      parent: el.parent?.id,
      host: el.host?.id,
      locked: props.find((p) => p.name === 'locked')?.value,
      incoming: (el.incoming ?? []).map((c) => c.id).sort(),
      outgoing: (el.outgoing ?? []).map((c) => c.id).sort(),
    };
  }, id);
}

/** How many elements the diagram has (shapes, connections, labels). */
export function elementCount(page: Page): Promise<number> {
  return page.evaluate(() => (window.__warmlineModeler!.get('elementRegistry') as { getAll(): unknown[] }).getAll().length);
}

/** Screen box of an element's drawing. */
async function boxOf(page: Page, id: string) {
  const box = await page.locator(`.djs-element[data-element-id="${id}"]`).first().boundingBox();
  if (!box) throw new Error(`element ${id} is not drawn`);
  return box;
}

/**
 * Click an element as a user does (its centre; a container at its top edge). The selection is
 * cleared first, so the context pad of the previous element cannot catch the click.
 */
export async function clickElement(page: Page, id: string, where: 'center' | 'top' = 'center'): Promise<void> {
  await page.evaluate(() => (window.__warmlineModeler!.get('selection') as { select(e: unknown[]): void }).select([]));
  const box = await boxOf(page, id);
  await page.mouse.click(box.x + box.width / 2, where === 'top' ? box.y + 2 : box.y + box.height / 2);
  await page.waitForFunction(
    (elementId) => (window.__warmlineModeler!.get('selection') as { get(): { id: string }[] }).get().some((e) => e.id === elementId),
    id,
  );
  // The properties panel re-renders for the new selection: wait until it shows this element.
  await page.waitForFunction(
    (elementId) => (document.querySelector('[data-entry-id="id"] input') as HTMLInputElement | null)?.value === elementId,
    id,
  );
}

/** Drag an element by its centre to a screen point. */
export async function dragElement(page: Page, id: string, to: { x: number; y: number }): Promise<void> {
  const box = await boxOf(page, id);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2 + 10, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}

/** Centre of an element on screen. */
export async function centreOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  const box = await boxOf(page, id);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Select elements through the modeler's selection (for elements hard to hit, e.g. a bent sequence flow) and focus the canvas for keys. */
export async function selectById(page: Page, ...ids: string[]): Promise<void> {
  await page.locator('.djs-container svg').first().focus();
  await page.evaluate((list) => {
    const m = window.__warmlineModeler!;
    const registry = m.get('elementRegistry') as { get(id: string): unknown };
    (m.get('selection') as { select(e: unknown[]): void }).select(list.map((id) => registry.get(id)));
  }, ids);
}

/** The message strip under the diagram: its kind, title and listed problems. */
export async function panelOf(page: Page): Promise<{ kind: string | undefined; title: string; problems: string[] }> {
  const panel = page.locator('[data-testid=problem-panel]');
  if (await panel.isHidden()) return { kind: undefined, title: '', problems: [] };
  return {
    kind: (await panel.getAttribute('data-kind')) ?? undefined,
    title: await panel.locator('[data-testid=panel-title]').innerText(),
    problems: await panel.locator('[data-testid=problem]').allInnerTexts(),
  };
}

/** Texts the editor asked to translate that have no Chinese. */
export function untranslatedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window.__warmlineUntranslated ?? [])].sort());
}

/** Open a group of the properties panel (`general`, `form`, `Zeebe__ExtensionProperties` …) when it is collapsed. */
export async function openPanelGroup(page: Page, groupId: string): Promise<void> {
  const header = page.locator(`[data-group-id="group-${groupId}"] > .bio-properties-panel-group-header`);
  if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
}
