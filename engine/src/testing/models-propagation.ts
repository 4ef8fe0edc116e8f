/**
 * Zeebe-dialect models for errors and escalations that travel past the element that raised them:
 * from a called process up the parent's scopes (enclosing subprocesses, then the parent's parent),
 * and nested subprocesses catching the same escalation code (only the innermost catches).
 */
import { bpmn } from './models.js';
import { flow, userTask } from './models-flows.js';

const call = (id: string, childId: string) =>
  `<bpmn:callActivity id="${id}"><bpmn:extensionElements><zeebe:calledElement processId="${childId}" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity>`;

const boundary = (id: string, on: string, kind: 'error' | 'escalation', ref: string, interrupting = true) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${on}" cancelActivity="${interrupting}">${
    kind === 'error' ? `<bpmn:errorEventDefinition errorRef="${ref}"/>` : `<bpmn:escalationEventDefinition escalationRef="${ref}"/>`
  }</bpmn:boundaryEvent>`;

/**
 * A subprocess `outer` holding a call activity on `childId` with no boundary event of its own; an
 * error (`code`) or escalation (`code`, interrupting or not) boundary event on `outer` leads to `boss`.
 */
export const callInSubprocessModel = (
  processId: string,
  childId: string,
  kind: 'error' | 'escalation',
  code: string,
  interrupting = true,
) =>
  bpmn(`${kind === 'error' ? `<bpmn:error id="ref" name="${code}" errorCode="${code}"/>` : `<bpmn:escalation id="ref" name="${code}" escalationCode="${code}"/>`}
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'outer')}
  <bpmn:subProcess id="outer">
    <bpmn:startEvent id="outer-start"/>
    ${flow('o1', 'outer-start', 'call')}
    ${call('call', childId)}
    ${flow('o2', 'call', 'outer-end')}
    <bpmn:endEvent id="outer-end"/>
  </bpmn:subProcess>
  ${boundary('caught', 'outer', kind, 'ref', interrupting)}
  ${flow('f-caught', 'caught', 'boss')}
  ${userTask('boss')}
  ${flow('f-boss', 'boss', 'boss-end')}
  <bpmn:endEvent id="boss-end"/>
  ${flow('f2', 'outer', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** start → a call activity on `childId` with no boundary event → end: whatever the child raises goes on up. */
export const passThroughModel = (processId: string, childId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'call')}
  ${call('call', childId)}
  ${flow('f2', 'call', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/**
 * Subprocess `outer` containing subprocess `inner`, which throws the escalation `LATE` and then waits
 * at `work`. Both carry a non-interrupting `LATE` boundary event: `inner`'s leads to `inner-boss`,
 * `outer`'s to `outer-boss`.
 */
export const nestedEscalationModel = (processId: string) =>
  bpmn(`<bpmn:escalation id="late" name="late" escalationCode="LATE"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'outer')}
  <bpmn:subProcess id="outer">
    <bpmn:startEvent id="outer-start"/>
    ${flow('o1', 'outer-start', 'inner')}
    <bpmn:subProcess id="inner">
      <bpmn:startEvent id="inner-start"/>
      ${flow('i1', 'inner-start', 'raise')}
      <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="late"/></bpmn:intermediateThrowEvent>
      ${flow('i2', 'raise', 'work')}
      ${userTask('work')}
      ${flow('i3', 'work', 'inner-end')}
      <bpmn:endEvent id="inner-end"/>
    </bpmn:subProcess>
    ${boundary('inner-caught', 'inner', 'escalation', 'late', false)}
    ${flow('o-caught', 'inner-caught', 'inner-boss')}
    ${userTask('inner-boss')}
    ${flow('o-boss', 'inner-boss', 'inner-boss-end')}
    <bpmn:endEvent id="inner-boss-end"/>
    ${flow('o2', 'inner', 'outer-end')}
    <bpmn:endEvent id="outer-end"/>
  </bpmn:subProcess>
  ${boundary('outer-caught', 'outer', 'escalation', 'late', false)}
  ${flow('f-caught', 'outer-caught', 'outer-boss')}
  ${userTask('outer-boss')}
  ${flow('f-boss', 'outer-boss', 'outer-boss-end')}
  <bpmn:endEvent id="outer-boss-end"/>
  ${flow('f2', 'outer', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);
