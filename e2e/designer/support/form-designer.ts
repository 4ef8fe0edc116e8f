import type { Page } from 'playwright-core';

/** A process with one user task (`Task_visit`) between a start and an end event, with its diagram. */
export const ONE_USER_TASK_BPMN = (processId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${processId}" name="上门登记流程" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Task_visit" name="上门登记">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="subsidiary-approver" /></bpmn:extensionElements>
      <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="End" name="结束"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_visit" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_visit" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_1">
    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="182" y="162" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_visit_di" bpmnElement="Task_visit"><dc:Bounds x="280" y="140" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="442" y="162" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1"><di:waypoint x="218" y="180" /><di:waypoint x="280" y="180" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2"><di:waypoint x="380" y="180" /><di:waypoint x="442" y="180" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

/** Open a BPMN text through 打开文件 and wait until the diagram is shown. */
export async function openBpmnFile(page: Page, fileName: string, xml: string): Promise<void> {
  const imports = await page.evaluate(() => Number(document.getElementById('app')!.dataset.imports ?? 0));
  await page.setInputFiles('[data-testid=file-input]', { name: fileName, mimeType: 'application/xml', buffer: Buffer.from(xml) });
  await page.waitForFunction((n) => Number(document.getElementById('app')!.dataset.imports ?? 0) > n, imports);
}

/** The form id the task links (`zeebe:formDefinition formId`), read from the modeler. */
export function taskFormId(page: Page, taskId: string): Promise<string | null> {
  return page.evaluate((id) => {
    type Bo = { extensionElements?: { values?: { $type: string; formId?: string }[] } };
    const el = (window.__warmlineModeler!.get('elementRegistry') as { get(id: string): { businessObject: Bo } | undefined }).get(id);
    return el?.businessObject.extensionElements?.values?.find((v) => v.$type === 'zeebe:FormDefinition')?.formId ?? null;
  }, taskId);
}

/**
 * Add a component to the form being designed as a keyboard user does: focus its palette entry
 * (`data-field-type`) and press Enter; answers once the editor holds one more component.
 */
export async function addFormField(page: Page, type: string): Promise<void> {
  const count = () => page.locator('[data-testid=form-editor] .fjs-form-field:not(.fjs-form-field-default)').count();
  const before = await count();
  await page.focus(`[data-testid=form-editor] .fjs-palette-field[data-field-type="${type}"]`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=form-editor] .fjs-form-field:not(.fjs-form-field-default)').length > n,
    before,
  );
}

/**
 * Visible texts in `selector` that hold Latin words (two letters or more) — text nodes and the
 * title, placeholder and aria-label attributes — except inside `code` (ids) and inputs' values.
 */
export function englishTexts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel);
    if (!root) return [];
    const out = new Set<string>();
    const latin = /[A-Za-z]{2,}/;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        const parent = n.parentElement;
        if (!parent || parent.closest('code, style, script')) continue;
        const style = getComputedStyle(parent);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        const text = (n as Text).data.trim();
        if (latin.test(text)) out.add(text);
      } else {
        for (const a of ['title', 'placeholder', 'aria-label']) {
          const v = (n as Element).getAttribute(a);
          if (v && latin.test(v)) out.add(`[${a}] ${v}`);
        }
      }
    }
    return [...out];
  }, selector);
}

/** Select a component of the form being designed (by its type's CSS class) so the properties panel shows it. */
export async function selectFormField(page: Page, type: string): Promise<void> {
  await page.click(`[data-testid=form-editor] .fjs-editor-container .fjs-form-field-${type}`, { position: { x: 5, y: 5 } });
  const general = page.locator('[data-testid=form-editor] [data-group-id="group-general"] > .bio-properties-panel-group-header');
  await general.waitFor();
  if (!(await general.getAttribute('class'))?.includes('open')) await general.click();
  await page.waitForSelector('[data-testid=form-editor] [data-entry-id="key"] input');
}

/** Type a text into a properties entry of the form editor: an input, or the label's expression editor. */
export async function setFormProperty(page: Page, entryId: string, value: string): Promise<void> {
  const entry = page.locator(`[data-testid=form-editor] [data-entry-id="${entryId}"]`);
  const editable = entry.locator('[contenteditable=true]');
  if (await editable.count()) {
    await editable.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    if (value) await page.keyboard.type(value);
  } else {
    await entry.locator('input').fill(value);
  }
  // The panel applies edits debounced: leaving the entry applies it.
  await page.locator('[data-testid=form-name]').focus();
}
