/**
 * A subsidiary extension with layout, for the test-run browser test: 核实 (user task) → 金额判断
 * (exclusive gateway): `amount > 1000` → 大额复核 (job) → 大额结束; otherwise → 等待一天 (timer)
 * → 小额登记 (script) → 小额结束.
 */
export const branchingExtensionWithLayout = (processId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_1" targetNamespace="http://warmline/test">
  <bpmn:process id="${processId}" name="分支扩展流程" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始" />
    <bpmn:userTask id="Check" name="核实"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:exclusiveGateway id="Amount" name="金额判断" default="ToSmall" />
    <bpmn:serviceTask id="BigReview" name="大额复核"><bpmn:extensionElements><zeebe:taskDefinition type="wl-test-review" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:intermediateCatchEvent id="WaitDay" name="等待一天"><bpmn:timerEventDefinition id="WaitDayTimer"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT24H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:scriptTask id="SmallNote" name="小额登记"><bpmn:extensionElements><zeebe:script expression="=&quot;小额&quot;" resultVariable="route" /></bpmn:extensionElements></bpmn:scriptTask>
    <bpmn:endEvent id="EndBig" name="大额结束" />
    <bpmn:endEvent id="EndSmall" name="小额结束" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Check" />
    <bpmn:sequenceFlow id="F2" sourceRef="Check" targetRef="Amount" />
    <bpmn:sequenceFlow id="ToBig" name="大额" sourceRef="Amount" targetRef="BigReview"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &gt; 1000</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="ToSmall" name="小额" sourceRef="Amount" targetRef="WaitDay" />
    <bpmn:sequenceFlow id="F3" sourceRef="BigReview" targetRef="EndBig" />
    <bpmn:sequenceFlow id="F4" sourceRef="WaitDay" targetRef="SmallNote" />
    <bpmn:sequenceFlow id="F5" sourceRef="SmallNote" targetRef="EndSmall" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_1">
    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="152" y="202" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Check_di" bpmnElement="Check"><dc:Bounds x="240" y="180" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Amount_di" bpmnElement="Amount" isMarkerVisible="true"><dc:Bounds x="395" y="195" width="50" height="50" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="BigReview_di" bpmnElement="BigReview"><dc:Bounds x="500" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="EndBig_di" bpmnElement="EndBig"><dc:Bounds x="662" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="WaitDay_di" bpmnElement="WaitDay"><dc:Bounds x="532" y="302" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="SmallNote_di" bpmnElement="SmallNote"><dc:Bounds x="620" y="280" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="EndSmall_di" bpmnElement="EndSmall"><dc:Bounds x="782" y="302" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="188" y="220" /><di:waypoint x="240" y="220" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="340" y="220" /><di:waypoint x="395" y="220" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="ToBig_di" bpmnElement="ToBig"><di:waypoint x="420" y="195" /><di:waypoint x="420" y="120" /><di:waypoint x="500" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="ToSmall_di" bpmnElement="ToSmall"><di:waypoint x="420" y="245" /><di:waypoint x="420" y="320" /><di:waypoint x="532" y="320" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F3_di" bpmnElement="F3"><di:waypoint x="600" y="120" /><di:waypoint x="662" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F4_di" bpmnElement="F4"><di:waypoint x="568" y="320" /><di:waypoint x="620" y="320" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F5_di" bpmnElement="F5"><di:waypoint x="720" y="320" /><di:waypoint x="782" y="320" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
