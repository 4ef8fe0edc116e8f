/** Hand-written Zeebe-dialect BPMN models used by the contract suite, the kill test and the benchmark. */
const head = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://warmline.test">`;

export function bpmn(body: string): string {
  return `${head}\n${body}\n</bpmn:definitions>\n`;
}

/** start → job(type) → end */
export const simpleJobModel = (processId = 'simple-job', type = 'work') =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="job"/>
  <bpmn:serviceTask id="job" name="Work"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3"/><zeebe:taskHeaders><zeebe:header key="kind" value="simple"/></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>
  <bpmn:sequenceFlow id="f2" sourceRef="job" targetRef="end"/>
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** start → user task (assignment with FEEL) → gateway on `approved` → end; boundary timer on the task. */
export const userTaskModel = (processId = 'approval', timer = 'PT1H') =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
  <bpmn:userTask id="review" name="审核">
    <bpmn:extensionElements>
      <zeebe:userTask/>
      <zeebe:assignmentDefinition assignee="=owner" candidateGroups="=[&quot;agents&quot;, team]"/>
      <zeebe:priorityDefinition priority="=if urgent then 80 else 40"/>
      <zeebe:formDefinition formId="review-form"/>
      <zeebe:ioMapping><zeebe:input source="=amount * 2" target="doubled"/></zeebe:ioMapping>
    </bpmn:extensionElements>
  </bpmn:userTask>
  <bpmn:boundaryEvent id="expire" attachedToRef="review" cancelActivity="true"><bpmn:timerEventDefinition><bpmn:timeDuration>${timer}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f-expired" sourceRef="expire" targetRef="expired"/>
  <bpmn:endEvent id="expired"/>
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="gw"/>
  <bpmn:exclusiveGateway id="gw"/>
  <bpmn:sequenceFlow id="yes" sourceRef="gw" targetRef="approved"><bpmn:conditionExpression>=approved = true</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="no" sourceRef="gw" targetRef="rejected"><bpmn:conditionExpression>=approved = false</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:endEvent id="approved"/>
  <bpmn:endEvent id="rejected"/>
</bpmn:process>`);

/** start → timer (duration) → job(type) → end */
export const timerJobModel = (processId = 'timer-job', duration = 'PT0.5S', type = 'after-timer') =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
  <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="job"/>
  <bpmn:serviceTask id="job"><bpmn:extensionElements><zeebe:taskDefinition type="${type}"/></bpmn:extensionElements></bpmn:serviceTask>
  <bpmn:sequenceFlow id="f3" sourceRef="job" targetRef="end"/>
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A job with an error boundary (code `NOPE`) and a FEEL output mapping. */
export const errorBoundaryModel = (processId = 'job-errors', type = 'risky') =>
  bpmn(`<bpmn:error id="err" name="nope" errorCode="NOPE"/>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="job"/>
  <bpmn:serviceTask id="job"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="2"/><zeebe:ioMapping><zeebe:output source="=result + 1" target="total"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>
  <bpmn:boundaryEvent id="caught" attachedToRef="job"><bpmn:errorEventDefinition errorRef="err"/></bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f-err" sourceRef="caught" targetRef="handled"/>
  <bpmn:endEvent id="handled"/>
  <bpmn:sequenceFlow id="f2" sourceRef="job" targetRef="end"/>
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A gateway whose condition fails on a missing variable → incident, fixed by resolveIncident. */
export const incidentModel = (processId = 'needs-fix') =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
  <bpmn:userTask id="task"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="gw"/>
  <bpmn:exclusiveGateway id="gw"/>
  <bpmn:sequenceFlow id="big" sourceRef="gw" targetRef="end-big"><bpmn:conditionExpression>=level &gt; 5</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="small" sourceRef="gw" targetRef="end-small"><bpmn:conditionExpression>=level &lt;= 5</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:endEvent id="end-big"/>
  <bpmn:endEvent id="end-small"/>
</bpmn:process>`);

/** A message catch event with a FEEL correlation key. */
export const messageModel = (processId = 'await-payment') =>
  bpmn(`<bpmn:message id="paid" name="payment-received"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>
<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
  <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="paid"/></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** A script task (zeebe:script FEEL) and one with JavaScript, which must never run. */
export const scriptModel = (processId = 'scripts', js = false) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="calc"/>
  ${
    js
      ? '<bpmn:scriptTask id="calc" scriptFormat="javascript"><bpmn:script>globalThis.__pwned = true; next(null, 1)</bpmn:script></bpmn:scriptTask>'
      : '<bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="=a + b" resultVariable="sum"/></bpmn:extensionElements></bpmn:scriptTask>'
  }
  <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="end"/>
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** Camunda's extra FEEL functions in an assignment, an input mapping and a gateway condition. */
export const camundaFeelModel = (processId = 'camunda-feel') =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
  <bpmn:userTask id="review" name="Review">
    <bpmn:extensionElements>
      <zeebe:userTask/>
      <zeebe:assignmentDefinition assignee="=get or else(owner, &quot;dispatcher&quot;)" candidateGroups="=if is defined(team) then [team] else [&quot;all&quot;]"/>
      <zeebe:ioMapping><zeebe:input source="=string join([&quot;a&quot;, &quot;b&quot;], &quot;-&quot;, &quot;[&quot;, &quot;]&quot;)" target="label"/></zeebe:ioMapping>
    </bpmn:extensionElements>
  </bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="gw"/>
  <bpmn:exclusiveGateway id="gw" default="plain"/>
  <bpmn:sequenceFlow id="escalated" sourceRef="gw" targetRef="mark-escalated"><bpmn:conditionExpression>=is defined(escalation) and get or else(escalation.level, 0) &gt; 1</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="plain" sourceRef="gw" targetRef="mark-plain"/>
  <bpmn:scriptTask id="mark-escalated"><bpmn:extensionElements><zeebe:script expression="=&quot;escalated&quot;" resultVariable="path"/></bpmn:extensionElements></bpmn:scriptTask>
  <bpmn:scriptTask id="mark-plain"><bpmn:extensionElements><zeebe:script expression="=&quot;plain&quot;" resultVariable="path"/></bpmn:extensionElements></bpmn:scriptTask>
  <bpmn:sequenceFlow id="f3" sourceRef="mark-escalated" targetRef="end-escalated"/>
  <bpmn:sequenceFlow id="f4" sourceRef="mark-plain" targetRef="end-plain"/>
  <bpmn:endEvent id="end-escalated"/>
  <bpmn:endEvent id="end-plain"/>
</bpmn:process>`);
