/** Zeebe-dialect models for the contract suite: message, timer and signal start events, signal throw events. */
import { bpmn } from './models.js';
import { flow, userTask } from './models-flows.js';

/** message start (`name`) → user task `handle` → end; optionally also a none start event `api-start`. */
export const messageStartModel = (processId: string, name: string, opts: { noneStart?: boolean; marker?: string } = {}) =>
  bpmn(`<bpmn:message id="start-msg" name="${name}"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="msg-start"><bpmn:messageEventDefinition messageRef="start-msg"/></bpmn:startEvent>
  ${flow('f1', 'msg-start', 'handle')}
  ${opts.noneStart ? `<bpmn:startEvent id="api-start"/>${flow('f0', 'api-start', 'handle')}` : ''}
  ${userTask('handle', opts.marker ? `<zeebe:ioMapping><zeebe:input source="=&quot;${opts.marker}&quot;" target="marker"/></zeebe:ioMapping>` : '')}
  ${flow('f2', 'handle', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** none start → user task `handle` → end (a new version without the message start event). */
export const plainTaskModel = (processId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'handle')}
  ${userTask('handle')}
  ${flow('f2', 'handle', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** timer start (`timeDate` or `timeCycle`) → user task `handle` → end. */
export const timerStartModel = (processId: string, timer: { date?: string; cycle?: string }) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="timer-start"><bpmn:timerEventDefinition>${
    timer.date ? `<bpmn:timeDate>${timer.date}</bpmn:timeDate>` : `<bpmn:timeCycle>${timer.cycle}</bpmn:timeCycle>`
  }</bpmn:timerEventDefinition></bpmn:startEvent>
  ${flow('f1', 'timer-start', 'handle')}
  ${userTask('handle')}
  ${flow('f2', 'handle', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** signal start (`name`) → user task `handle` → end. */
export const signalStartModel = (processId: string, name: string) =>
  bpmn(`<bpmn:signal id="start-sig" name="${name}"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="sig-start"><bpmn:signalEventDefinition signalRef="start-sig"/></bpmn:startEvent>
  ${flow('f1', 'sig-start', 'handle')}
  ${userTask('handle')}
  ${flow('f2', 'handle', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/**
 * start → user task `first` → intermediate signal throw (`name`, input `=ticket` → ticket) → user task
 * `second` → signal end event (`endName`).
 */
export const signalThrowModel = (processId: string, name: string, endName: string) =>
  bpmn(`<bpmn:signal id="mid-sig" name="${name}"/>
<bpmn:signal id="end-sig" name="${endName}"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'first')}
  ${userTask('first')}
  ${flow('f2', 'first', 'shout')}
  <bpmn:intermediateThrowEvent id="shout"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=ticket" target="ticket"/></zeebe:ioMapping></bpmn:extensionElements><bpmn:signalEventDefinition signalRef="mid-sig"/></bpmn:intermediateThrowEvent>
  ${flow('f3', 'shout', 'second')}
  ${userTask('second')}
  ${flow('f4', 'second', 'bye')}
  <bpmn:endEvent id="bye"><bpmn:signalEventDefinition signalRef="end-sig"/></bpmn:endEvent>
</bpmn:process>`);
