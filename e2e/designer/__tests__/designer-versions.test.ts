import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildWorld, type World } from '@warmline/server/testing';
import { openDeployed, openDesignerSession, signIn, type DesignerSession } from '../support/designer-session.js';
import { panelOf } from '../support/diagram.js';

/** start → user task → end, with its diagram, named `name`. */
const model = (processId: string, name: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://warmline/test">
  <bpmn:process id="${processId}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始" />
    <bpmn:userTask id="Review" name="${name}"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="End" name="结束" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="F2" sourceRef="Review" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="${processId}">
    <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Review_di" bpmnElement="Review"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="360" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="300" y="118" /><di:waypoint x="360" y="118" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

describe('designer: versions of a process with the instances running on each', () => {
  let s: DesignerSession;
  let world: World;
  const processId = 'dv-review';

  before(async () => {
    s = await openDesignerSession();
    world = await buildWorld(s.server, 'dv');
    for (const name of ['复核第一版', '复核第二版']) {
      const form = new FormData();
      form.append('file', new Blob([model(processId, name)]), `${processId}.bpmn`);
      const res = await s.server.admin.request('POST', '/api/process-definitions', form);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const engine = s.server.services.engine;
    await engine.startInstance({ tenantId: world.a.code, processId, version: 1 });
    await engine.startInstance({ tenantId: world.b.code, processId, version: 1 });
    await engine.startInstance({ tenantId: world.a.code, processId, version: 2 });
  });
  after(async () => {
    await s?.close();
  });

  test('given two versions with instances running, when the versions are listed, then each shows its running instances and an older one opens', async () => {
    await signIn(s.page);
    await openDeployed(s.page, processId);
    assert.equal(await s.page.locator('[data-testid=diagram-title]').innerText(), `${processId}（第 2 版）`);
    await s.page.click('[data-testid=versions]');
    await s.page.waitForSelector('[data-testid=version-row]');
    const rows = await s.page
      .locator('[data-testid=version-row]')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-version'), tr.querySelector('[data-testid=running]')?.textContent]));
    assert.deepEqual(rows, [
      ['2', '1'],
      ['1', '2'],
    ]);
    await s.screenshot('versions-01-list');
    await s.page.click('[data-testid="open-version-<default>-1"]');
    await s.page.waitForFunction(
      (id) => document.querySelector('[data-testid=diagram-title]')?.textContent === `${id}（第 1 版）`,
      processId,
    );
    assert.equal(await s.page.locator('.djs-element[data-element-id="Review"] text').textContent(), '复核第一版');
  });

  test('given version 1 open, when it is compared with version 2, then the changed task is marked on the diagram and listed', async () => {
    await s.page.click('[data-testid=versions]');
    await s.page.click('[data-testid="compare-version-<default>-2"]');
    await s.page.waitForSelector('[data-testid=problem-panel][data-kind=info]');
    const panel = await panelOf(s.page);
    assert.equal(panel.title, '当前图与第 2 版相比：新增 0 个、删除 0 个、修改 2 个元素');
    assert.ok(
      panel.problems.some((p) => p.startsWith('Review') && p.includes('名称')),
      JSON.stringify(panel),
    );
    assert.equal(await s.page.locator('.djs-element.wl-diff-changed[data-element-id="Review"]').count(), 1);
    await s.screenshot('versions-02-diff');
    assert.deepEqual(s.pageErrors, []);
  });
});
