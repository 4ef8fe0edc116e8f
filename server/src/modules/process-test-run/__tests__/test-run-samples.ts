/** Small BPMN files for the test-run route tests and fixtures (layout included, so the designer can open them too). */

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const definitions = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions ${NS} id="Definitions_1" targetNamespace="http://warmline/test">${body}</bpmn:definitions>\n`;

const flow = (id: string, from: string, to: string, condition?: string) =>
  condition
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

/**
 * start → 核实 (user task) → 金额判断 (exclusive gateway): `amount > 1000` → 大额复核 (job
 * `wl-test-review`) → end A; otherwise (default) → 等待一天 (timer PT24H) → 小额登记 (script) → end B.
 */
export const branchingExtension = (processId: string, name = '分支扩展流程') =>
  definitions(`
  <bpmn:process id="${processId}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始" />
    <bpmn:userTask id="Check" name="核实"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:exclusiveGateway id="Amount" name="金额判断" default="ToSmall" />
    <bpmn:serviceTask id="BigReview" name="大额复核"><bpmn:extensionElements><zeebe:taskDefinition type="wl-test-review" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:intermediateCatchEvent id="WaitDay" name="等待一天"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT24H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:scriptTask id="SmallNote" name="小额登记"><bpmn:extensionElements><zeebe:script expression="=&quot;小额&quot;" resultVariable="route" /></bpmn:extensionElements></bpmn:scriptTask>
    <bpmn:endEvent id="EndBig" name="大额结束" />
    <bpmn:endEvent id="EndSmall" name="小额结束" />
    ${flow('F1', 'Start', 'Check')}
    ${flow('F2', 'Check', 'Amount')}
    ${flow('ToBig', 'Amount', 'BigReview', '=amount &gt; 1000')}
    ${flow('ToSmall', 'Amount', 'WaitDay')}
    ${flow('F3', 'BigReview', 'EndBig')}
    ${flow('F4', 'WaitDay', 'SmallNote')}
    ${flow('F5', 'SmallNote', 'EndSmall')}
  </bpmn:process>`);

/** A user task that loops back to itself for ever (`=true`): the run must stop at its limits. */
export const loopingExtension = (processId: string) =>
  definitions(`
  <bpmn:process id="${processId}" name="循环扩展流程" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始" />
    <bpmn:userTask id="Again" name="再来一次"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:exclusiveGateway id="More" name="还要吗" default="Done" />
    <bpmn:endEvent id="End" name="结束" />
    ${flow('F1', 'Start', 'Again')}
    ${flow('F2', 'Again', 'More')}
    ${flow('Back', 'More', 'Again', '=true')}
    ${flow('Done', 'More', 'End')}
  </bpmn:process>`);

/** A script task and a gateway looping without any wait state. */
export const spinningExtension = (processId: string) =>
  definitions(`
  <bpmn:process id="${processId}" name="空转扩展流程" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:scriptTask id="Inc" name="加一"><bpmn:extensionElements><zeebe:script expression="=if n = null then 1 else n + 1" resultVariable="n" /></bpmn:extensionElements></bpmn:scriptTask>
    <bpmn:exclusiveGateway id="Gw" default="Back" />
    <bpmn:endEvent id="End" />
    ${flow('F1', 'Start', 'Inc')}
    ${flow('F2', 'Inc', 'Gw')}
    ${flow('Back', 'Gw', 'Inc')}
    ${flow('Out', 'Gw', 'End', '=n &lt; 0')}
  </bpmn:process>`);

/** Waits for a message the test run cannot send. */
export const waitingExtension = (processId: string) =>
  definitions(`
  <bpmn:message id="Msg" name="客户回电"><bpmn:extensionElements><zeebe:subscription correlationKey="=ticketId" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="${processId}" name="等待扩展流程" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:intermediateCatchEvent id="CallBack" name="等客户回电"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="End" />
    ${flow('F1', 'Start', 'CallBack')}
    ${flow('F2', 'CallBack', 'End')}
  </bpmn:process>`);
