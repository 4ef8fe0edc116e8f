/** Zeebe-dialect models for the contract suite: timer cycles, boundary events, signals, errors, escalations. */
import { bpmn } from './models.js';
import { flow, job, userTask } from './models-flows.js';

/** A user task with a non-interrupting boundary timer (`timeCycle` or `timeDuration`) whose path runs a job (`type`). */
export const ticklingTaskModel = (processId: string, timer: { cycle?: string; duration?: string }, type: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'work')}
  ${userTask('work')}
  <bpmn:boundaryEvent id="tick" attachedToRef="work" cancelActivity="false"><bpmn:timerEventDefinition>${
    timer.cycle ? `<bpmn:timeCycle>${timer.cycle}</bpmn:timeCycle>` : `<bpmn:timeDuration>${timer.duration}</bpmn:timeDuration>`
  }</bpmn:timerEventDefinition></bpmn:boundaryEvent>
  ${flow('f-tick', 'tick', 'count')}
  ${job('count', type)}
  ${flow('f-count', 'count', 'tick-end')}
  <bpmn:endEvent id="tick-end"/>
  ${flow('f2', 'work', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A user task with a message boundary event (`name`, correlation key `=ticket`) leading to a `note` user task. */
export const messageBoundaryModel = (processId: string, name: string, interrupting: boolean) =>
  bpmn(`<bpmn:message id="msg" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="=ticket"/></bpmn:extensionElements></bpmn:message>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'work')}
  ${userTask('work')}
  <bpmn:boundaryEvent id="hurry" attachedToRef="work" cancelActivity="${interrupting}"><bpmn:messageEventDefinition messageRef="msg"/></bpmn:boundaryEvent>
  ${flow('f-hurry', 'hurry', 'note')}
  ${userTask('note')}
  ${flow('f-note', 'note', 'note-end')}
  <bpmn:endEvent id="note-end"/>
  ${flow('f2', 'work', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** start → signal catch event (`name`) → end. */
export const signalCatchModel = (processId: string, name: string) =>
  bpmn(`<bpmn:signal id="sig" name="${name}"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'wait')}
  <bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateCatchEvent>
  ${flow('f2', 'wait', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** start → job (`type`) → end, with no error boundary: a BPMN error from the worker is not caught. */
export const uncaughtErrorModel = (processId: string, type: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'job')}
  ${job('job', type)}
  ${flow('f2', 'job', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/**
 * A subprocess that throws the escalation `LATE` and then waits at `work`; an escalation boundary
 * event on the subprocess (interrupting or not) leads to `boss`.
 */
export const escalationModel = (processId: string, interrupting: boolean) =>
  bpmn(`<bpmn:escalation id="late" name="late" escalationCode="LATE"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'sub')}
  <bpmn:subProcess id="sub">
    <bpmn:startEvent id="sub-start"/>
    ${flow('s1', 'sub-start', 'raise')}
    <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="late"/></bpmn:intermediateThrowEvent>
    ${flow('s2', 'raise', 'work')}
    ${userTask('work')}
    ${flow('s3', 'work', 'sub-end')}
    <bpmn:endEvent id="sub-end"/>
  </bpmn:subProcess>
  <bpmn:boundaryEvent id="caught" attachedToRef="sub" cancelActivity="${interrupting}"><bpmn:escalationEventDefinition escalationRef="late"/></bpmn:boundaryEvent>
  ${flow('f-caught', 'caught', 'boss')}
  ${userTask('boss')}
  ${flow('f-boss', 'boss', 'boss-end')}
  <bpmn:endEvent id="boss-end"/>
  ${flow('f2', 'sub', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A child that waits at `child-work`, after throwing the escalation `LATE` (intermediate throw event). */
export const escalatingChildModel = (processId: string) =>
  bpmn(`<bpmn:escalation id="late-child" name="late" escalationCode="LATE"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'raise')}
  <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="late-child"/></bpmn:intermediateThrowEvent>
  ${flow('f2', 'raise', 'child-work')}
  ${userTask('child-work')}
  ${flow('f3', 'child-work', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A call activity on `childId` with an escalation boundary event (`LATE`, interrupting or not) leading to `boss`. */
export const escalationCallerModel = (processId: string, childId: string, interrupting: boolean) =>
  bpmn(`<bpmn:escalation id="late" name="late" escalationCode="LATE"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'call')}
  <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${childId}" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity>
  <bpmn:boundaryEvent id="caught" attachedToRef="call" cancelActivity="${interrupting}"><bpmn:escalationEventDefinition escalationRef="late"/></bpmn:boundaryEvent>
  ${flow('f-caught', 'caught', 'boss')}
  ${userTask('boss')}
  ${flow('f-boss', 'boss', 'boss-end')}
  <bpmn:endEvent id="boss-end"/>
  ${flow('f2', 'call', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/**
 * Every kind of job Zeebe knows (send task, business-rule task with a job, message throw event and
 * message end event with zeebe:taskDefinition; type `<prefix>-<element>`), a receive task, and an
 * event-based gateway racing a timer (`timer`) against a message.
 */
export const jobKindsModel = (processId: string, prefix: string, timer: string) =>
  bpmn(`<bpmn:message id="ping" name="${prefix}-ping"><bpmn:extensionElements><zeebe:subscription correlationKey="=key"/></bpmn:extensionElements></bpmn:message>
<bpmn:message id="pong" name="${prefix}-pong"><bpmn:extensionElements><zeebe:subscription correlationKey="=key"/></bpmn:extensionElements></bpmn:message>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'send')}
  <bpmn:sendTask id="send"><bpmn:extensionElements><zeebe:taskDefinition type="${prefix}-send"/></bpmn:extensionElements></bpmn:sendTask>
  ${flow('f2', 'send', 'rule')}
  <bpmn:businessRuleTask id="rule"><bpmn:extensionElements><zeebe:taskDefinition type="${prefix}-rule"/></bpmn:extensionElements></bpmn:businessRuleTask>
  ${flow('f3', 'rule', 'notify')}
  <bpmn:intermediateThrowEvent id="notify"><bpmn:extensionElements><zeebe:taskDefinition type="${prefix}-notify"/></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="ping"/></bpmn:intermediateThrowEvent>
  ${flow('f4', 'notify', 'receive')}
  <bpmn:receiveTask id="receive" messageRef="ping"/>
  ${flow('f5', 'receive', 'race')}
  <bpmn:eventBasedGateway id="race"/>
  ${flow('f6', 'race', 'too-late')}
  ${flow('f7', 'race', 'answer')}
  <bpmn:intermediateCatchEvent id="too-late"><bpmn:timerEventDefinition><bpmn:timeDuration>${timer}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="answer"><bpmn:messageEventDefinition messageRef="pong"/></bpmn:intermediateCatchEvent>
  ${flow('f8', 'too-late', 'give-up')}
  ${flow('f9', 'answer', 'done')}
  <bpmn:endEvent id="give-up"><bpmn:extensionElements><zeebe:taskDefinition type="${prefix}-give-up"/></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="pong"/></bpmn:endEvent>
  <bpmn:endEvent id="done"/>
</bpmn:process>`);

/** A child ending with the BPMN error `code` (an error end event, or a job of `jobType` whose worker throws it). */
export const failingChildModel = (processId: string, code: string, jobType?: string) =>
  bpmn(`<bpmn:error id="err-${processId}" name="${code}" errorCode="${code}"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${
    jobType
      ? `${flow('f1', 'start', 'work')}${job('work', jobType)}${flow('f2', 'work', 'end')}<bpmn:endEvent id="end"/>`
      : `${flow('f1', 'start', 'fail')}<bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="err-${processId}"/></bpmn:endEvent>`
  }
</bpmn:process>`);

/** A call activity on `childId` with an error boundary event for `code` leading to `boss`. */
export const errorCallerModel = (processId: string, childId: string, code: string) =>
  bpmn(`<bpmn:error id="err" name="${code}" errorCode="${code}"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'call')}
  <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${childId}" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity>
  <bpmn:boundaryEvent id="caught" attachedToRef="call"><bpmn:errorEventDefinition errorRef="err"/></bpmn:boundaryEvent>
  ${flow('f-caught', 'caught', 'boss')}
  ${userTask('boss')}
  ${flow('f-boss', 'boss', 'boss-end')}
  <bpmn:endEvent id="boss-end"/>
  ${flow('f2', 'call', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A subprocess ending with the error `code` (error end event), caught by an error boundary event on it leading to `fallback`. */
export const subprocessErrorModel = (processId: string, code: string) =>
  bpmn(`<bpmn:error id="err" name="${code}" errorCode="${code}"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'sub')}
  <bpmn:subProcess id="sub">
    <bpmn:startEvent id="sub-start"/>
    ${flow('s1', 'sub-start', 'sub-fail')}
    <bpmn:endEvent id="sub-fail"><bpmn:errorEventDefinition errorRef="err"/></bpmn:endEvent>
  </bpmn:subProcess>
  <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="err"/></bpmn:boundaryEvent>
  ${flow('f-caught', 'caught', 'fallback')}
  ${userTask('fallback')}
  ${flow('f-fallback', 'fallback', 'fallback-end')}
  <bpmn:endEvent id="fallback-end"/>
  ${flow('f2', 'sub', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A user task with a signal boundary event (`name`, interrupting or not) leading to `note`. */
export const signalBoundaryModel = (processId: string, name: string, interrupting: boolean) =>
  bpmn(`<bpmn:signal id="sig" name="${name}"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'work')}
  ${userTask('work')}
  <bpmn:boundaryEvent id="alarm" attachedToRef="work" cancelActivity="${interrupting}"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:boundaryEvent>
  ${flow('f-alarm', 'alarm', 'note')}
  ${userTask('note')}
  ${flow('f-note', 'note', 'note-end')}
  <bpmn:endEvent id="note-end"/>
  ${flow('f2', 'work', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** Timers from FEEL: a `timeDate` from the variable `at`, then a `timeDuration` from `wait`. */
export const feelTimersModel = (processId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'until')}
  <bpmn:intermediateCatchEvent id="until"><bpmn:timerEventDefinition><bpmn:timeDate>=at</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  ${flow('f2', 'until', 'pause')}
  <bpmn:intermediateCatchEvent id="pause"><bpmn:timerEventDefinition><bpmn:timeDuration>=wait</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  ${flow('f3', 'pause', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);
