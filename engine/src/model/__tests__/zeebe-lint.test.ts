import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkEmbeddedSupport, lintForZeebe, parseBpmn, validateDeployment, ZEEBE_LINT_CONFIG } from '../index.js';
import { assertProblem, fixture, rejection } from './fixture-files.js';

const doc = (body: string, roots = '') =>
  `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">${roots}<bpmn:process id="p" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;

describe('Camunda 8.8 lint (bpmnlint + camunda-compat)', () => {
  test('given the rule set, then it is the Camunda 8.8 one', () => {
    assert.equal(ZEEBE_LINT_CONFIG, 'plugin:camunda-compat/camunda-cloud-8-8');
  });

  test('given a model the embedded engine could run but Zeebe refuses, when validated, then the lint errors are problems', async () => {
    const xml = doc(
      `<bpmn:startEvent id="Start"/><bpmn:userTask id="Review"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>
       <bpmn:boundaryEvent id="Late" attachedToRef="Review"><bpmn:escalationEventDefinition id="ed" escalationRef="Esc"/></bpmn:boundaryEvent>
       <bpmn:endEvent id="End"/><bpmn:endEvent id="End2"/>
       <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review"/><bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End"/><bpmn:sequenceFlow id="f3" sourceRef="Late" targetRef="End2"/>`,
      '<bpmn:escalation id="Esc" name="late" escalationCode="LATE"/>',
    );
    assert.deepEqual(checkEmbeddedSupport(await parseBpmn(xml)), []);
    const problems = await rejection(() => validateDeployment(xml));
    assertProblem(problems, 'Late', /Camunda 8\.8 规则 escalation-boundary-event-attached-to-ref/, /not allowed to be attached/);
  });

  test('given a process without a start event, when linted, then it is refused', async () => {
    const problems = await lintForZeebe((await parseBpmn(doc('<bpmn:task id="t"/>'))).definitions);
    assertProblem(problems, 'p', /流程缺少开始事件/, /start-event-required/);
  });

  test('given a service task without a job type, when linted, then the lint names it too', async () => {
    const problems = await lintForZeebe((await parseBpmn(fixture('refused', 'job-task-without-type'))).definitions);
    assertProblem(problems, 'Service', /缺少实现定义（Camunda 8\.8 规则 implementation）/, /zeebe:TaskDefinition/);
  });

  test('given only lint warnings (a user task without a form), when linted, then there are no problems', async () => {
    const xml = doc(
      '<bpmn:startEvent id="s"/><bpmn:userTask id="u"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="e"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="u"/><bpmn:sequenceFlow id="f2" sourceRef="u" targetRef="e"/>',
    );
    assert.deepEqual(await lintForZeebe((await parseBpmn(xml)).definitions), []);
  });

  test('given the accepted fixtures, when linted repeatedly and concurrently, then they stay clean', async () => {
    const models = await Promise.all(['full-ticket', 'timers-and-events'].map(async (n) => parseBpmn(fixture('accepted', n))));
    const results = await Promise.all([...models, ...models].map((m) => lintForZeebe(m.definitions)));
    for (const r of results) assert.deepEqual(r, []);
  });
});
