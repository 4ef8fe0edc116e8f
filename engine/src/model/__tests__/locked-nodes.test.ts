import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import type { ModelProblem } from '../../process-engine.js';
import { checkLockedNodes, parseBpmn } from '../index.js';
import { assertProblem } from './fixture-files.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'locks');
const lockFixture = (name: string) => fs.readFileSync(path.join(dir, `${name}.bpmn`), 'utf8');
const template = lockFixture('template');

/** The template with each `[from, to]` replaced; every `from` must occur exactly once. */
function derive(...edits: Array<[string | RegExp, string]>): string {
  let xml = template;
  for (const [from, to] of edits) {
    const count =
      typeof from === 'string' ? xml.split(from).length - 1 : (xml.match(new RegExp(from.source, `${from.flags}g`)) ?? []).length;
    assert.equal(count, 1, `edit target ${String(from)} occurs ${count} times`);
    xml = xml.replace(from, to);
  }
  return xml;
}

/** Every problem is complete and in Chinese, and at least one exists. */
async function refusals(candidate: string): Promise<ModelProblem[]> {
  const problems = await checkLockedNodes(template, candidate);
  assert.ok(problems.length > 0, 'expected the derived model to be refused');
  for (const p of problems) {
    assert.ok(p.elementId && p.reason && p.reasonEn, `incomplete problem ${JSON.stringify(p)}`);
    assert.match(p.reason, /[\u4e00-\u9fa5]/);
  }
  return problems;
}

const element = (id: string) => new RegExp(`\\s*<bpmn:(\\w+) id="${id}"[^>]*?(/>|>[\\s\\S]*?</bpmn:\\1>)`);
const LOCK = '<zeebe:properties><zeebe:property name="locked" value="true" /></zeebe:properties>';
const lockOf = (id: string, name: string, tag: string) => [
  new RegExp(`(<bpmn:${tag} id="${id}" name="${name}">[\\s\\S]*?)${LOCK.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  '$1',
];

describe('checkLockedNodes: derived models that break the template are refused, naming the node', () => {
  test('given the template itself, when checked, then there are no problems', async () => {
    assert.deepEqual(await checkLockedNodes(template, template), []);
  });

  test('given a locked node deleted and its neighbours reconnected, when checked, then "已被删除" names it', async () => {
    // given: 站部确认 removed, 派单 now flows straight to the decision gateway
    const candidate = derive(
      [element('confirm'), ''],
      [
        '<bpmn:sequenceFlow id="f-dispatched" sourceRef="dispatch" targetRef="confirm" />',
        '<bpmn:sequenceFlow id="f-dispatched" sourceRef="dispatch" targetRef="confirm-decision" />',
      ],
      ['<bpmn:sequenceFlow id="f-confirmed" sourceRef="confirm" targetRef="confirm-decision" />', ''],
      [
        '<bpmn:sequenceFlow id="f-reassigned" sourceRef="reassign" targetRef="confirm" />',
        '<bpmn:sequenceFlow id="f-reassigned" sourceRef="reassign" targetRef="dispatch" />',
      ],
    );
    // when
    const problems = await refusals(candidate);
    // then
    assertProblem(problems, 'confirm', /^核心节点「站部确认」\(confirm\) 已被删除$/, /core node 站部确认 \(confirm\) was removed/);
  });

  test('given a locked user task turned into a service task, when checked, then "类型被修改" names it', async () => {
    const candidate = derive([
      /<bpmn:userTask id="dispatch" name="派单">[\s\S]*?<\/bpmn:userTask>/,
      `<bpmn:serviceTask id="dispatch" name="派单"><bpmn:extensionElements><zeebe:taskDefinition type="auto-dispatch" />${LOCK}</bpmn:extensionElements></bpmn:serviceTask>`,
    ]);
    const problems = await refusals(candidate);
    assertProblem(
      problems,
      'dispatch',
      /核心节点「派单」\(dispatch\) 的类型被修改：原为用户任务，现为服务任务/,
      /retyped: it was a user task, is now a service task/,
    );
  });

  test('given a locked node keeping its type but not its form, job type or event kind, when checked, then each is a retype', async () => {
    const problems = await refusals(
      derive(
        ['formId="ticket-handle"', 'formId="my-handle"'],
        ['type="wl-ticket-close"', 'type="my-close"'],
        [
          /<bpmn:startEvent id="intake" name="受理">([\s\S]*?)<\/bpmn:startEvent>/,
          '<bpmn:startEvent id="intake" name="受理">$1<bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>',
        ],
      ),
    );
    assertProblem(
      problems,
      'handle',
      /类型被修改：表单原为「ticket-handle」，现为「my-handle」/,
      /form id was "ticket-handle", is now "my-handle"/,
    );
    assertProblem(problems, 'close', /类型被修改：任务类型.*原为「wl-ticket-close」/, /job type/);
    assertProblem(problems, 'intake', /类型被修改：原为普通事件，现为定时器事件/, /event definition was "none", is now "timer"/);
  });

  test('given a locked node moved into another scope, when checked, then "已被移到其他范围" names it and both scopes', async () => {
    // given: 办结 moved inside the subprocess, between 处理 and 处理结束
    const candidate = derive(
      [element('close'), ''],
      ['<bpmn:sequenceFlow id="f-close" sourceRef="close" targetRef="closed" />', ''],
      [
        '<bpmn:sequenceFlow id="f-main" sourceRef="main" targetRef="close" />',
        '<bpmn:sequenceFlow id="f-main" sourceRef="main" targetRef="closed" />',
      ],
      [
        '<bpmn:sequenceFlow id="f-handled" sourceRef="handle" targetRef="main-end" />',
        `<bpmn:serviceTask id="close" name="办结"><bpmn:extensionElements><zeebe:taskDefinition type="wl-ticket-close" />${LOCK}</bpmn:extensionElements></bpmn:serviceTask>
         <bpmn:sequenceFlow id="f-handled" sourceRef="handle" targetRef="close" /><bpmn:sequenceFlow id="f-close" sourceRef="close" targetRef="main-end" />`,
      ],
    );
    const problems = await refusals(candidate);
    assertProblem(
      problems,
      'close',
      /「办结」\(close\) 已被移到其他范围：原在流程顶层内，现在子流程「工单处理」\(main\)内/,
      /moved from the process itself to subprocess main/,
    );
  });

  test('given two locked nodes swapped, when checked, then "顺序被改变" names the node now out of order', async () => {
    // given: 受理 → 扩展 → 办结 → 工单处理 → 已办结
    const candidate = derive(
      [
        '<bpmn:sequenceFlow id="f-ext" sourceRef="ext-after-intake" targetRef="main" />',
        '<bpmn:sequenceFlow id="f-ext" sourceRef="ext-after-intake" targetRef="close" />',
      ],
      [
        '<bpmn:sequenceFlow id="f-main" sourceRef="main" targetRef="close" />',
        '<bpmn:sequenceFlow id="f-main" sourceRef="main" targetRef="closed" />',
      ],
      [
        '<bpmn:sequenceFlow id="f-close" sourceRef="close" targetRef="closed" />',
        '<bpmn:sequenceFlow id="f-close" sourceRef="close" targetRef="main" />',
      ],
    );
    const problems = await refusals(candidate);
    assertProblem(
      problems,
      'main',
      /「工单处理」\(main\) 的顺序被改变：现在从「办结」\(close\)之后可到达「工单处理」\(main\)/,
      /order of .*main.* was changed/,
    );
    assertProblem(problems, 'main', /被绕过：现在可从「受理后扩展」\(ext-after-intake\)直接到达「办结」\(close\)/, /bypassed/);
  });

  test('given two locked nodes swapped inside a loop (派单 ↔ 站部确认), when checked, then the order change is named', async () => {
    const candidate = derive(
      [
        '<bpmn:sequenceFlow id="f-start" sourceRef="main-start" targetRef="dispatch" />',
        '<bpmn:sequenceFlow id="f-start" sourceRef="main-start" targetRef="confirm" />',
      ],
      [
        '<bpmn:sequenceFlow id="f-dispatched" sourceRef="dispatch" targetRef="confirm" />',
        '<bpmn:sequenceFlow id="f-dispatched" sourceRef="confirm" targetRef="dispatch" />',
      ],
      [
        '<bpmn:sequenceFlow id="f-confirmed" sourceRef="confirm" targetRef="confirm-decision" />',
        '<bpmn:sequenceFlow id="f-confirmed" sourceRef="dispatch" targetRef="confirm-decision" />',
      ],
    );
    const problems = await refusals(candidate);
    assertProblem(problems, 'dispatch', /被绕过：现在可从子流程「工单处理」\(main\)的开始直接到达「站部确认」\(confirm\)/, /bypassed/);
    assertProblem(problems, 'confirm', /「站部确认」\(confirm\) 之后的核心流程顺序被改变：不再能直接到达「处理」\(handle\)/, /order after/);
  });

  test('given a new flow around a locked node, when checked, then "被绕过" names the bypassed node and the new direct path', async () => {
    const candidate = derive([
      '<bpmn:sequenceFlow id="f-dispatched" sourceRef="dispatch" targetRef="confirm" />',
      '<bpmn:sequenceFlow id="f-dispatched" sourceRef="dispatch" targetRef="confirm" /><bpmn:sequenceFlow id="f-skip" sourceRef="dispatch" targetRef="confirm-decision" />',
    ]);
    const problems = await refusals(candidate);
    assertProblem(
      problems,
      'confirm',
      /^核心节点「站部确认」\(confirm\) 被绕过：现在可从「派单」\(dispatch\)直接到达「处理」\(handle\)$/,
      /core node 站部确认 \(confirm\) is bypassed: 处理 \(handle\) can now be reached directly from 派单 \(dispatch\)/,
    );
    assert.deepEqual(
      problems.map((p) => p.elementId),
      ['confirm'],
    );
  });

  test('given a new gateway branch that skips 办结, when checked, then 办结 is named as bypassed', async () => {
    const candidate = derive([
      '<bpmn:sequenceFlow id="f-main" sourceRef="main" targetRef="close" />',
      `<bpmn:exclusiveGateway id="skip-close" default="f-main" />
       <bpmn:sequenceFlow id="f-to-gate" sourceRef="main" targetRef="skip-close" />
       <bpmn:sequenceFlow id="f-main" sourceRef="skip-close" targetRef="close" />
       <bpmn:sequenceFlow id="f-skip" sourceRef="skip-close" targetRef="closed"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=quick</bpmn:conditionExpression></bpmn:sequenceFlow>`,
    ]);
    const problems = await refusals(candidate);
    assertProblem(problems, 'close', /「办结」\(close\) 被绕过：现在可从「工单处理」\(main\)直接到达「已办结」\(closed\)/, /bypassed/);
  });

  test('given a gateway branch that ends the subprocess without handling, when checked, then 处理 is bypassed ("直接结束")', async () => {
    const candidate = derive([
      '<bpmn:sequenceFlow id="f-handled" sourceRef="handle" targetRef="main-end" />',
      `<bpmn:sequenceFlow id="f-handled" sourceRef="handle" targetRef="main-end" /><bpmn:endEvent id="quick-end" />
       <bpmn:sequenceFlow id="f-quick" sourceRef="confirm-decision" targetRef="quick-end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=quick</bpmn:conditionExpression></bpmn:sequenceFlow>`,
    ]);
    const problems = await refusals(candidate);
    assertProblem(
      problems,
      'handle',
      /「处理」\(handle\) 被绕过：现在从「站部确认」\(confirm\)之后可不经过它直接结束/,
      /can now end after/,
    );
  });

  test('given a boundary event on a locked node that jumps past the next one, when checked, then the skipped node is bypassed', async () => {
    const candidate = derive([
      '<bpmn:endEvent id="main-end" name="处理结束">',
      `<bpmn:boundaryEvent id="dispatch-late" attachedToRef="dispatch"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       <bpmn:sequenceFlow id="f-late" sourceRef="dispatch-late" targetRef="handle" />
       <bpmn:endEvent id="main-end" name="处理结束">`,
    ]);
    const problems = await refusals(candidate);
    assertProblem(
      problems,
      'confirm',
      /「站部确认」\(confirm\) 被绕过：现在可从「派单」\(dispatch\)直接到达「处理」\(handle\)/,
      /bypassed/,
    );
  });

  test('given a second flow from the subprocess start event, when checked, then the start of the scope bypasses 派单', async () => {
    const candidate = derive([
      '<bpmn:sequenceFlow id="f-start" sourceRef="main-start" targetRef="dispatch" />',
      '<bpmn:sequenceFlow id="f-start" sourceRef="main-start" targetRef="dispatch" /><bpmn:sequenceFlow id="f-start2" sourceRef="main-start" targetRef="handle" />',
    ]);
    const problems = await refusals(candidate);
    assertProblem(
      problems,
      'dispatch',
      /被绕过：现在可从子流程「工单处理」\(main\)的开始直接到达「处理」\(handle\)/,
      /the start of subprocess main/,
    );
  });

  test('given the lock property removed or set to false, when checked, then "锁定属性被修改" names the node', async () => {
    const removed = await refusals(derive(lockOf('handle', '处理', 'userTask') as [RegExp, string]));
    assertProblem(
      removed,
      'handle',
      /「处理」\(handle\) 的锁定属性被修改：locked 必须保持为 true（现为已删除）/,
      /lock property was removed/,
    );
    const falsified = await refusals(
      derive([
        /(<bpmn:serviceTask id="close" name="办结">[\s\S]*?)<zeebe:property name="locked" value="true" \/>/,
        '$1<zeebe:property name="locked" value="false" />',
      ]),
    );
    assertProblem(falsified, 'close', /锁定属性被修改：.*现为「false」/, /changed to "false"/);
  });

  test('given an extension point deleted, retargeted or renamed, when checked, then each change names the extension point', async () => {
    const deleted = await refusals(
      derive(
        [element('ext-after-intake'), ''],
        [
          '<bpmn:sequenceFlow id="f-intake" sourceRef="intake" targetRef="ext-after-intake" />',
          '<bpmn:sequenceFlow id="f-intake" sourceRef="intake" targetRef="main" />',
        ],
        ['<bpmn:sequenceFlow id="f-ext" sourceRef="ext-after-intake" targetRef="main" />', ''],
      ),
    );
    assertProblem(deleted, 'ext-after-intake', /^扩展点「受理后扩展」\(ext-after-intake\) 已被删除$/, /extension point .* was removed/);
    const retargeted = await refusals(derive([/processId="=if extensions.afterIntake[^"]*"/, 'processId="my-process"']));
    assertProblem(
      retargeted,
      'ext-after-intake',
      /扩展点「受理后扩展」\(ext-after-intake\) 的类型被修改：调用的流程原为/,
      /the called process was/,
    );
    const renamed = await refusals(derive(['value="afterIntake"', 'value="beforeHandle"']));
    assertProblem(
      renamed,
      'ext-after-intake',
      /扩展点属性被修改：原为「afterIntake」，现为「beforeHandle」/,
      /extensionPoint property was "afterIntake"/,
    );
    const bypassed = await refusals(
      derive([
        '<bpmn:sequenceFlow id="f-intake" sourceRef="intake" targetRef="ext-after-intake" />',
        '<bpmn:sequenceFlow id="f-intake" sourceRef="intake" targetRef="main" /><bpmn:sequenceFlow id="f-old" sourceRef="intake" targetRef="ext-after-intake" />',
      ]),
    );
    assertProblem(bypassed, 'ext-after-intake', /扩展点「受理后扩展」\(ext-after-intake\) 被绕过/, /extension point .* is bypassed/);
  });

  test('given the locked parent subprocess removed (its nodes moved up), when checked, then the subprocess and each moved node are named', async () => {
    const candidate = derive(
      [/<bpmn:subProcess id="main" name="工单处理">\s*<bpmn:extensionElements>[\s\S]*?<\/bpmn:extensionElements>/, ''],
      ['</bpmn:subProcess>', ''],
      [
        '<bpmn:sequenceFlow id="f-main" sourceRef="main" targetRef="close" />',
        '<bpmn:sequenceFlow id="f-main" sourceRef="main-end" targetRef="close" />',
      ],
      [
        '<bpmn:sequenceFlow id="f-ext" sourceRef="ext-after-intake" targetRef="main" />',
        '<bpmn:sequenceFlow id="f-ext" sourceRef="ext-after-intake" targetRef="dispatch" />',
      ],
    );
    const problems = await refusals(candidate);
    assertProblem(problems, 'main', /^核心节点「工单处理」\(main\) 已被删除$/, /was removed/);
    for (const id of ['dispatch', 'confirm', 'handle', 'main-end']) {
      assertProblem(problems, id, /已被移到其他范围：原在子流程「工单处理」\(main\)内，现在流程顶层内/, /moved from subprocess main/);
    }
  });
});

describe('checkLockedNodes: derived models that keep the template are accepted', () => {
  test('given unlocked steps between locked nodes, boundary events looping back, new labels, new locks and moved shapes, when checked, then no problems', async () => {
    // given: fixtures/locks/derived-extended.bpmn (see the file: 通知站部, 备料, 归档, 处理超时 → 升级提醒 → 处理, 处理提醒)
    const candidate = lockFixture('derived-extended');
    // when / then
    assert.deepEqual(await checkLockedNodes(template, candidate), []);
  });

  test('given only renamed labels, when checked, then no problems', async () => {
    const candidate = derive(
      ['name="派单"', 'name="派单（新名称）"'],
      ['name="工单处理"', 'name="处理子流程"'],
      ['name="受理后扩展"', 'name="扩展一"'],
    );
    assert.deepEqual(await checkLockedNodes(template, candidate), []);
  });

  test('given only moved diagram shapes, when checked, then no problems', async () => {
    const candidate = derive([
      '<dc:Bounds x="900" y="80" width="100" height="80" />',
      '<dc:Bounds x="300" y="500" width="120" height="90" />',
    ]);
    assert.deepEqual(await checkLockedNodes(template, candidate), []);
  });

  test('given a boundary event on a locked node that loops back to it, when checked, then no problems', async () => {
    const candidate = derive([
      '<bpmn:endEvent id="main-end" name="处理结束">',
      `<bpmn:boundaryEvent id="confirm-late" attachedToRef="confirm"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       <bpmn:serviceTask id="nudge"><bpmn:extensionElements><zeebe:taskDefinition type="nudge" /></bpmn:extensionElements></bpmn:serviceTask>
       <bpmn:sequenceFlow id="f-late" sourceRef="confirm-late" targetRef="nudge" /><bpmn:sequenceFlow id="f-nudged" sourceRef="nudge" targetRef="confirm" />
       <bpmn:endEvent id="main-end" name="处理结束">`,
    ]);
    assert.deepEqual(await checkLockedNodes(template, candidate), []);
  });

  test('given a file whose processes have other ids, or parsed models, when checked, then nothing is compared', async () => {
    const other = template.replaceAll('"lk-ticket"', '"lk-custom"').replace('formId="ticket-handle"', 'formId="custom"');
    assert.deepEqual(await checkLockedNodes(template, other), []);
    assert.deepEqual(await checkLockedNodes(await parseBpmn(template), await parseBpmn(template)), []);
  });
});
