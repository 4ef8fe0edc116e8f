/** Small BPMN files for the process-definition route tests and fixtures. */

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const definitions = (body: string, roots = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions ${NS} id="Definitions_1" targetNamespace="http://warmline/test">${roots}${body}</bpmn:definitions>\n`;

/** start → service task (job) → user task → end: deployable on both drivers. */
export const deployableBpmn = (processId: string, name = '测试流程') =>
  definitions(`
  <bpmn:process id="${processId}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:serviceTask id="Classify"><bpmn:extensionElements><zeebe:taskDefinition type="classify" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:userTask id="Handle"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="agents" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Classify" />
    <bpmn:sequenceFlow id="F2" sourceRef="Classify" targetRef="Handle" />
    <bpmn:sequenceFlow id="F3" sourceRef="Handle" targetRef="End" />
  </bpmn:process>`);

/**
 * A subsidiary extension that only records it ran: fixtures deploy extensions with it, so the
 * subsidiary's tickets keep flowing through its extension points.
 */
export const extensionBpmn = (processId: string, name = '测试扩展流程') =>
  definitions(`
  <bpmn:process id="${processId}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始" />
    <bpmn:scriptTask id="Mark" name="登记"><bpmn:extensionElements><zeebe:script expression="=true" resultVariable="extensionRan" /></bpmn:extensionElements></bpmn:scriptTask>
    <bpmn:endEvent id="End" name="结束" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Mark" />
    <bpmn:sequenceFlow id="F2" sourceRef="Mark" targetRef="End" />
  </bpmn:process>`);

/** An inclusive-gateway join (the embedded engine cannot run it). */
export const inclusiveJoinBpmn = (processId: string) =>
  definitions(`
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:inclusiveGateway id="Split" />
    <bpmn:task id="A" /><bpmn:task id="B" />
    <bpmn:inclusiveGateway id="Join" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Split" />
    <bpmn:sequenceFlow id="F2" sourceRef="Split" targetRef="A"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=a</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="F3" sourceRef="Split" targetRef="B"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=b</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="F4" sourceRef="A" targetRef="Join" />
    <bpmn:sequenceFlow id="F5" sourceRef="B" targetRef="Join" />
    <bpmn:sequenceFlow id="F6" sourceRef="Join" targetRef="End" />
  </bpmn:process>`);

/** A JavaScript script task, a `${}` condition and a broken FEEL mapping. */
export const hostileBpmn = (processId: string) =>
  definitions(`
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:exclusiveGateway id="Gate" default="F3" />
    <bpmn:scriptTask id="Evil" scriptFormat="javascript"><bpmn:script>require('fs').writeFileSync('/tmp/pwned', '1')</bpmn:script></bpmn:scriptTask>
    <bpmn:serviceTask id="Map"><bpmn:extensionElements><zeebe:taskDefinition type="x" /><zeebe:ioMapping><zeebe:input source="=a +" target="b" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Gate" />
    <bpmn:sequenceFlow id="F2" sourceRef="Gate" targetRef="Evil"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${this.environment}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="F3" sourceRef="Gate" targetRef="Map" />
    <bpmn:sequenceFlow id="F4" sourceRef="Evil" targetRef="End" />
    <bpmn:sequenceFlow id="F5" sourceRef="Map" targetRef="End" />
  </bpmn:process>`);

/** Valid for the embedded engine but refused by Camunda 8.8 (escalation boundary on a user task). */
export const zeebeIncompatibleBpmn = (processId: string) =>
  definitions(
    `
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Review"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:boundaryEvent id="Late" attachedToRef="Review"><bpmn:escalationEventDefinition id="EscDef" escalationRef="Esc" /></bpmn:boundaryEvent>
    <bpmn:endEvent id="End" /><bpmn:endEvent id="End2" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="F2" sourceRef="Review" targetRef="End" />
    <bpmn:sequenceFlow id="F3" sourceRef="Late" targetRef="End2" />
  </bpmn:process>`,
    '<bpmn:escalation id="Esc" name="late" escalationCode="LATE" />',
  );
