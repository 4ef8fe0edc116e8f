/** Zeebe-dialect models for the contract suite: subprocesses, call activities, multi-instance. */
import { bpmn } from './models.js';

const userTask = (id: string, extra = '') =>
  `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:userTask/>${extra}</bpmn:extensionElements></bpmn:userTask>`;

const job = (id: string, type: string, extra = '') =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}"/>${extra}</bpmn:extensionElements></bpmn:serviceTask>`;

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

/**
 * start → subprocess [input `=amount * 2` → doubled (local); a user task; output `=doubled + 1` → total] → end.
 */
export const subprocessModel = (processId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'sub')}
  <bpmn:subProcess id="sub">
    <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=amount * 2" target="doubled"/><zeebe:output source="=doubled + 1" target="total"/></zeebe:ioMapping></bpmn:extensionElements>
    <bpmn:startEvent id="sub-start"/>
    ${flow('s1', 'sub-start', 'inner')}
    ${userTask('inner', '<zeebe:assignmentDefinition assignee="=&quot;u&quot; + string(doubled)"/>')}
    ${flow('s2', 'inner', 'sub-end')}
    <bpmn:endEvent id="sub-end"/>
  </bpmn:subProcess>
  ${flow('f2', 'sub', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A child process: one job (`type`) whose output maps `=x * 10` → fromChild and a static `version` marker. */
export const childModel = (processId: string, type: string, version: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="c-start"/>
  ${flow('c1', 'c-start', 'c-job')}
  ${job('c-job', type, `<zeebe:ioMapping><zeebe:output source="=x * 10" target="fromChild"/><zeebe:output source="=&quot;${version}&quot;" target="childVersion"/></zeebe:ioMapping>`)}
  ${flow('c2', 'c-job', 'c-end')}
  <bpmn:endEvent id="c-end"/>
</bpmn:process>`);

/**
 * start → call activity (called process id from the variable `childId`, all variables both ways) →
 * call activity (only the output mapping `=fromChild + 1` → mapped comes back) → user task → end.
 */
export const parentModel = (processId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'call')}
  <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="=childId" propagateAllChildVariables="true"/></bpmn:extensionElements></bpmn:callActivity>
  ${flow('f2', 'call', 'call-mapped')}
  <bpmn:callActivity id="call-mapped"><bpmn:extensionElements><zeebe:calledElement processId="=childId" propagateAllChildVariables="false"/><zeebe:ioMapping><zeebe:input source="=x + 1" target="x"/><zeebe:output source="=fromChild + 1" target="mapped"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:callActivity>
  ${flow('f3', 'call-mapped', 'after')}
  ${userTask('after')}
  ${flow('f4', 'after', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A job (`type`) per item of `=items` (parallel or sequential); output element `=doubled` into `results`. */
export const multiJobModel = (processId: string, type: string, sequential: boolean) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'each')}
  <bpmn:serviceTask id="each">
    <bpmn:extensionElements><zeebe:taskDefinition type="${type}"/><zeebe:ioMapping><zeebe:input source="=item.n" target="n"/></zeebe:ioMapping></bpmn:extensionElements>
    <bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=doubled"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
  </bpmn:serviceTask>
  ${flow('f2', 'each', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** One user task per reviewer (sequential), assigned to `=reviewer`; output element `=verdict` into `verdicts`. */
export const multiReviewModel = (processId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'review')}
  <bpmn:userTask id="review" name="review">
    <bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition assignee="=reviewer"/></bpmn:extensionElements>
    <bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=reviewers" inputElement="reviewer" outputCollection="verdicts" outputElement="=verdict"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
  </bpmn:userTask>
  ${flow('f2', 'review', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A multi-instance subprocess over `=parts`: a user task per part assigned to `=part.owner`; `=part.owner + ":" + answer` into `answers`. */
export const multiSubprocessModel = (processId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'each')}
  <bpmn:subProcess id="each">
    <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=parts" inputElement="part" outputCollection="answers" outputElement="=part.owner + &quot;:&quot; + answer"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
    <bpmn:startEvent id="each-start"/>
    ${flow('s1', 'each-start', 'ask')}
    ${userTask('ask', '<zeebe:assignmentDefinition assignee="=part.owner"/>')}
    ${flow('s2', 'ask', 'each-end')}
    <bpmn:endEvent id="each-end"/>
  </bpmn:subProcess>
  ${flow('f2', 'each', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

export { userTask, job, flow };

/** One user task per item of `=items` (parallel) until `=numberOfCompletedInstances >= 2`. */
export const multiUntilModel = (processId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'vote')}
  <bpmn:userTask id="vote" name="vote">
    <bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition assignee="=voter"/></bpmn:extensionElements>
    <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=voters" inputElement="voter"/></bpmn:extensionElements><bpmn:completionCondition>=numberOfCompletedInstances &gt;= 2</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>
  </bpmn:userTask>
  ${flow('f2', 'vote', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** Two parallel user tasks `a` and `b`; `a` leads to a terminate end event. */
export const terminateModel = (processId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'fork')}
  <bpmn:parallelGateway id="fork"/>
  ${flow('f2', 'fork', 'a')}
  ${flow('f3', 'fork', 'b')}
  ${userTask('a')}
  ${userTask('b')}
  ${flow('f4', 'a', 'stop')}
  <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent>
  ${flow('f5', 'b', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/**
 * One user task per item of `=items` (parallel), complete exactly when Zeebe's counters read
 * `completed` completed and `active` still active out of `total` (every iteration is active at once).
 */
export const multiCountModel = (processId: string, total: number, completed: number, active: number) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  ${flow('f1', 'start', 'count')}
  <bpmn:userTask id="count" name="count">
    <bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
    <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/></bpmn:extensionElements><bpmn:completionCondition>=numberOfInstances = ${total} and numberOfCompletedInstances = ${completed} and numberOfActiveInstances = ${active}</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>
  </bpmn:userTask>
  ${flow('f2', 'count', 'end')}
  <bpmn:endEvent id="end"/>
</bpmn:process>`);
