import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openDeployed, openDesignerSession, signIn, type DesignerSession } from '../support/designer-session.js';

const NS =
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';

interface Task {
  id: string;
  name: string;
  x: number;
  assignee?: string;
}
interface Flow {
  id: string;
  from: string;
  to: string;
}

/**
 * start → the tasks → end (user tasks in a row, the end event at `endX`), with its diagram; `extra` goes
 * before </bpmn:process> (whitespace only changes nothing).
 */
function model(processId: string, tasks: Task[], flows: Flow[], endX: number, extra = ''): string {
  const box = (id: string) =>
    id === 'Start'
      ? { left: 100, right: 136 }
      : id === 'End'
        ? { left: endX, right: endX + 36 }
        : { left: tasks.find((t) => t.id === id)!.x, right: tasks.find((t) => t.id === id)!.x + 100 };
  const task = (t: Task) =>
    `<bpmn:userTask id="${t.id}" name="${t.name}"><bpmn:extensionElements><zeebe:userTask />${
      t.assignee ? `<zeebe:assignmentDefinition assignee="${t.assignee}" />` : ''
    }</bpmn:extensionElements></bpmn:userTask>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="d" targetNamespace="http://warmline/test">
  <bpmn:process id="${processId}" name="版本对比测试" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始" />
    ${tasks.map(task).join('\n    ')}
    <bpmn:endEvent id="End" name="结束" />
    ${flows.map((f) => `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}" />`).join('\n    ')}${extra}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="${processId}">
    <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    ${tasks.map((t) => `<bpmndi:BPMNShape id="${t.id}_di" bpmnElement="${t.id}"><dc:Bounds x="${t.x}" y="78" width="100" height="80" /></bpmndi:BPMNShape>`).join('\n    ')}
    <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="${endX}" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    ${flows
      .map(
        (f) =>
          `<bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}"><di:waypoint x="${box(f.from).right}" y="118" /><di:waypoint x="${box(f.to).left}" y="118" /></bpmndi:BPMNEdge>`,
      )
      .join('\n    ')}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

const REVIEW = { id: 'Review', name: '复核申请', x: 200, assignee: 'zhangsan' };
const ARCHIVE = { id: 'Archive', name: '归档', x: 520 };
const NOTIFY = { id: 'Notify', name: '通知客户', x: 360 };
/** v1: start → 复核申请 → 归档 → end. */
const V1 = {
  endX: 700,
  tasks: [REVIEW, ARCHIVE],
  flows: [
    { id: 'F1', from: 'Start', to: 'Review' },
    { id: 'F2', from: 'Review', to: 'Archive' },
    { id: 'F3', from: 'Archive', to: 'End' },
  ],
};
/** v2 adds 通知客户 between 复核申请 and 归档. */
const V2 = {
  endX: 700,
  tasks: [REVIEW, NOTIFY, ARCHIVE],
  flows: [
    { id: 'F1', from: 'Start', to: 'Review' },
    { id: 'F2', from: 'Review', to: 'Notify' },
    { id: 'F4', from: 'Notify', to: 'Archive' },
    { id: 'F3', from: 'Archive', to: 'End' },
  ],
};
/** v3 removes 归档 (通知客户's flow now ends the process, the end moved left) and renames 复核申请, assigned to someone else. */
const V3 = {
  endX: 600,
  tasks: [{ ...REVIEW, name: '复核工单', assignee: 'lisi' }, NOTIFY],
  flows: [
    { id: 'F1', from: 'Start', to: 'Review' },
    { id: 'F2', from: 'Review', to: 'Notify' },
    { id: 'F4', from: 'Notify', to: 'End' },
  ],
};

/** start → gateway (over `limit` to a message wait, else straight on) → end; the wait expects message `message`. */
const routing = (processId: string, limit: number, message: 'MsgPaid' | 'MsgCancelled') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="d" targetNamespace="http://warmline/test">
  <bpmn:process id="${processId}" name="路由测试" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始" />
    <bpmn:exclusiveGateway id="Gw" name="金额?" default="Small" />
    <bpmn:intermediateCatchEvent id="Wait" name="等待付款"><bpmn:messageEventDefinition id="WaitMsg" messageRef="${message}" /></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="End" name="结束" />
    <bpmn:sequenceFlow id="F0" sourceRef="Start" targetRef="Gw" />
    <bpmn:sequenceFlow id="Large" name="大额" sourceRef="Gw" targetRef="Wait"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &gt; ${limit}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Small" sourceRef="Gw" targetRef="End" />
    <bpmn:sequenceFlow id="F9" sourceRef="Wait" targetRef="End" />
  </bpmn:process>
  <bpmn:message id="MsgPaid" name="dvc-paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
  <bpmn:message id="MsgCancelled" name="dvc-cancelled"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="${processId}">
    <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Gw_di" bpmnElement="Gw" isMarkerVisible="true"><dc:Bounds x="190" y="93" width="50" height="50" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Wait_di" bpmnElement="Wait"><dc:Bounds x="300" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="420" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="F0_di" bpmnElement="F0"><di:waypoint x="136" y="118" /><di:waypoint x="190" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Large_di" bpmnElement="Large"><di:waypoint x="240" y="118" /><di:waypoint x="300" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Small_di" bpmnElement="Small"><di:waypoint x="215" y="143" /><di:waypoint x="215" y="200" /><di:waypoint x="438" y="200" /><di:waypoint x="438" y="136" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="F9_di" bpmnElement="F9"><di:waypoint x="336" y="118" /><di:waypoint x="420" y="118" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

/** Ids of the elements carrying `marker` on one side of the comparison. */
const marked = (page: Page, side: 'left' | 'right', marker: string) =>
  page
    .locator(`[data-testid=compare-${side}] .djs-element.${marker}`)
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-element-id')).sort());

/** The comparison's list: per kind, each item's id and its text. */
const listed = (page: Page, kind: string) =>
  page
    .locator(`[data-testid=compare-item][data-kind=${kind}]`)
    .evaluateAll((nodes) =>
      nodes.map((n) => [n.getAttribute('data-element-id'), (n as HTMLElement).innerText.replace(/\s+/g, ' ').trim()]),
    );

/** Click the element's item in the list: it is then selected and centred in both viewers. */
async function pickAndAssertCentred(page: Page, id: string): Promise<void> {
  await page.click(`[data-testid=compare-item][data-element-id=${id}]`);
  for (const side of ['left', 'right'] as const) {
    const el = page.locator(`[data-testid=compare-${side}] .djs-element[data-element-id=${id}]`);
    assert.ok(((await el.getAttribute('class')) ?? '').includes('selected'), `${id} is selected on the ${side}`);
    const pane = (await page.locator(`[data-testid=compare-${side}]`).boundingBox())!;
    const shape = (await el.locator('.djs-visual').boundingBox())!;
    assert.ok(Math.abs(shape.x + shape.width / 2 - (pane.x + pane.width / 2)) < 4, `${id} centred horizontally on the ${side}`);
    assert.ok(Math.abs(shape.y + shape.height / 2 - (pane.y + pane.height / 2)) < 4, `${id} centred vertically on the ${side}`);
  }
}

async function compareFromDialog(page: Page, base: string, target: string): Promise<void> {
  await page.click('[data-testid=versions]');
  await page.waitForSelector('[data-testid=version-row]');
  await page.selectOption('[data-testid=compare-base]', { label: `第 ${base} 版（集团）` });
  await page.selectOption('[data-testid=compare-target]', { label: `第 ${target} 版（集团）` });
  await page.click('[data-testid=compare-selected]');
  await page.waitForSelector('[data-testid=version-compare][data-ready=true]');
}

describe('designer: two deployed versions side by side', () => {
  let s: DesignerSession;
  const processId = 'dvc-claim';
  const routingId = 'dvc-route';

  before(async () => {
    s = await openDesignerSession();
    const versions = [V1, V2, V3].map((v) => model(processId, v.tasks, v.flows, v.endX));
    // v4 is v3 again with different whitespace: a new version without any difference.
    versions.push(model(processId, V3.tasks, V3.flows, V3.endX, '\n    '));
    versions.push(routing(routingId, 100, 'MsgPaid'), routing(routingId, 500, 'MsgCancelled'));
    for (const xml of versions) {
      const form = new FormData();
      form.append('file', new Blob([xml]), `${xml.includes(`id="${routingId}"`) ? routingId : processId}.bpmn`);
      const res = await s.server.admin.request('POST', '/api/process-definitions', form);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
  });
  after(async () => {
    await s?.close();
  });

  test('given v1 and v3 picked in the versions dialog, when compared, then added, removed and changed elements are marked on their sides and listed', async () => {
    await signIn(s.page);
    await openDeployed(s.page, processId);
    const titleBefore = await s.page.locator('[data-testid=diagram-title]').innerText();
    const viewboxBefore = await s.page.evaluate(() => (window.__warmlineModeler!.get('canvas') as { viewbox(): object }).viewbox());
    await s.page.click('[data-testid=versions]');
    await s.page.waitForSelector('[data-testid=version-row]');
    await s.screenshot('version-compare-01-dialog');
    await s.page.keyboard.press('Escape');
    await compareFromDialog(s.page, '1', '3');

    assert.equal(await s.page.locator('[data-testid=compare-left-title]').innerText(), '第 1 版（集团）');
    assert.equal(await s.page.locator('[data-testid=compare-right-title]').innerText(), '第 3 版（集团）');
    assert.deepEqual(await s.page.locator('[data-testid=compare-counts] .wl-count').allInnerTexts(), ['新增 2', '删除 2', '修改 3']);
    // Added only on the right (green), removed only on the left (red), changed on both (orange).
    assert.deepEqual(await marked(s.page, 'right', 'wl-diff-added'), ['F4', 'Notify']);
    assert.deepEqual(await marked(s.page, 'left', 'wl-diff-added'), []);
    assert.deepEqual(await marked(s.page, 'left', 'wl-diff-removed'), ['Archive', 'F3']);
    assert.deepEqual(await marked(s.page, 'right', 'wl-diff-removed'), []);
    assert.deepEqual(await marked(s.page, 'left', 'wl-diff-changed'), ['End', 'F2', 'Review']);
    assert.deepEqual(await marked(s.page, 'right', 'wl-diff-changed'), ['End', 'F2', 'Review']);

    assert.deepEqual(await listed(s.page, 'added'), [
      ['Notify', '新增 用户任务 「通知客户」 Notify'],
      ['F4', '新增 顺序流 F4'],
    ]);
    assert.deepEqual(await listed(s.page, 'removed'), [
      ['Archive', '删除 用户任务 「归档」 Archive'],
      ['F3', '删除 顺序流 F3'],
    ]);
    assert.deepEqual(await listed(s.page, 'changed'), [
      ['End', '修改 结束事件 「结束」 End 位置：已移动'],
      ['Review', '修改 用户任务 「复核工单」 Review 名称：「复核申请」 → 「复核工单」 分配 · 处理人：「zhangsan」 → 「lisi」'],
      ['F2', '修改 顺序流 F2 终点：「归档」(Archive) → 「通知客户」(Notify)'],
    ]);
    await s.screenshot('version-compare-02-side-by-side');

    // Zoom on one side: the other follows.
    const pane = await s.page.locator('[data-testid=compare-left]').boundingBox();
    await s.page.mouse.move(pane!.x + pane!.width / 2, pane!.y + pane!.height / 2);
    const fitted = await s.page.evaluate(
      () =>
        (document.querySelector('[data-testid=compare-left] .viewport') as SVGGraphicsElement).transform.baseVal.consolidate()!.matrix.a,
    );
    await s.page.keyboard.down('Control');
    await s.page.mouse.wheel(0, -300);
    await s.page.keyboard.up('Control');
    await s.page.waitForFunction((before) => {
      const [l, r] = ['left', 'right'].map(
        (side) =>
          (document.querySelector(`[data-testid=compare-${side}] .viewport`) as SVGGraphicsElement | null)?.transform.baseVal.consolidate()
            ?.matrix.a,
      );
      return l !== undefined && r !== undefined && l > before * 1.05 && Math.abs(l - r) < 0.001;
    }, fitted);

    // Clicking an item centres and selects it on both sides (also where it moved between the versions).
    await pickAndAssertCentred(s.page, 'End');
    await pickAndAssertCentred(s.page, 'Review');
    await s.screenshot('version-compare-03-item-picked');

    await s.page.click('[data-testid=compare-close]');
    await s.page.waitForSelector('[data-testid=version-compare]', { state: 'detached' });
    assert.equal(await s.page.locator('[data-testid=diagram-title]').innerText(), titleBefore);
    assert.deepEqual(
      await s.page.evaluate(() => (window.__warmlineModeler!.get('canvas') as { viewbox(): object }).viewbox()),
      viewboxBefore,
    );
    assert.equal(await s.page.locator('.wl-canvas .djs-element.wl-diff-changed, .wl-canvas .djs-element.wl-diff-added').count(), 0);
    assert.equal(await s.page.locator('[data-testid=problem-panel]').isHidden(), true);
    assert.deepEqual(s.pageErrors, []);
  });

  test('given v3 and v4 differing only in whitespace, when compared, then the view says there is no difference', async () => {
    await compareFromDialog(s.page, '3', '4');
    assert.equal(await s.page.locator('[data-testid=compare-empty] strong').innerText(), '两个版本没有差异');
    assert.deepEqual(await s.page.locator('[data-testid=compare-counts] .wl-count').allInnerTexts(), [
      '新增 0',
      '删除 0',
      '修改 0',
      '无差异',
    ]);
    assert.equal(await s.page.locator('[data-testid=version-compare] .djs-element[class*=wl-diff-]').count(), 0);
    await s.screenshot('version-compare-04-no-difference');
    await s.page.keyboard.press('Escape');
    await s.page.waitForSelector('[data-testid=version-compare]', { state: 'detached' });
    assert.deepEqual(s.pageErrors, []);
  });

  test('given a condition and a waited-for message changed, when the versions are compared, then both changes are spelled out', async () => {
    await openDeployed(s.page, routingId);
    await compareFromDialog(s.page, '1', '2');
    assert.deepEqual(await s.page.locator('[data-testid=compare-counts] .wl-count').allInnerTexts(), ['新增 0', '删除 0', '修改 2']);
    assert.deepEqual(await marked(s.page, 'right', 'wl-diff-changed'), ['Large', 'Wait']);
    assert.deepEqual(await listed(s.page, 'changed'), [
      ['Wait', '修改 中间捕获事件 「等待付款」 Wait 事件定义 · 消息：「dvc-paid」(MsgPaid) → 「dvc-cancelled」(MsgCancelled)'],
      ['Large', '修改 顺序流 「大额」 Large 条件：「=amount > 100」 → 「=amount > 500」'],
    ]);
    await s.screenshot('version-compare-05-condition-and-message');
    await s.page.click('[data-testid=compare-close]');
    assert.deepEqual(s.pageErrors, []);
  });
});
