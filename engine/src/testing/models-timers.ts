/** Zeebe-dialect models for past-due timers: a `timeDate` before now fires at once wherever the timer is armed. */
import { bpmn } from './models.js';
import { flow, userTask } from './models-flows.js';

/**
 * `first` (user task) → event-based gateway racing a timer (`timeDate` from the variable `at`) and a
 * message (`name`, correlation key `=key`); the timer leads to the user task `late`, the message to `answered`.
 */
export const pastGatewayModel = (processId: string, name: string) =>
  bpmn(`<bpmn:message id="m" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="=key"/></bpmn:extensionElements></bpmn:message>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'first')}
  ${userTask('first')}
  ${flow('f2', 'first', 'race')}
  <bpmn:eventBasedGateway id="race"/>
  ${flow('f3', 'race', 'too-late')}
  ${flow('f4', 'race', 'answer')}
  <bpmn:intermediateCatchEvent id="too-late"><bpmn:timerEventDefinition><bpmn:timeDate>=at</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="answer"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
  ${flow('f5', 'too-late', 'late')}
  ${userTask('late')}
  ${flow('f6', 'late', 'end-late')}
  <bpmn:endEvent id="end-late"/>
  ${flow('f7', 'answer', 'answered')}
  ${userTask('answered')}
  ${flow('f8', 'answered', 'end-answered')}
  <bpmn:endEvent id="end-answered"/>
</bpmn:process>`);

/** `first` (user task) → intermediate timer catch (`timeDate` from `at`) → `after` (user task). */
export const pastCatchModel = (processId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'first')}
  ${userTask('first')}
  ${flow('f2', 'first', 'until')}
  <bpmn:intermediateCatchEvent id="until"><bpmn:timerEventDefinition><bpmn:timeDate>=at</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  ${flow('f3', 'until', 'after')}
  ${userTask('after')}
  ${flow('f4', 'after', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** `first` (user task) → `work` (user task) with an interrupting boundary timer (`timeDate` from `at`) leading to `late`. */
export const pastBoundaryModel = (processId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'first')}
  ${userTask('first')}
  ${flow('f2', 'first', 'work')}
  ${userTask('work')}
  <bpmn:boundaryEvent id="overdue" attachedToRef="work" cancelActivity="true"><bpmn:timerEventDefinition><bpmn:timeDate>=at</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  ${flow('f-overdue', 'overdue', 'late')}
  ${userTask('late')}
  ${flow('f-late', 'late', 'end-late')}
  <bpmn:endEvent id="end-late"/>
  ${flow('f3', 'work', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);
