import type { ProcessEngine } from '@warmline/engine';

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** start → one user task (a form, candidate groups or an assignee from variables) → end. */
export const oneTaskBpmn = (processId: string, formId: string, assignment: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Definitions_${processId}" targetNamespace="http://warmline/test">
  <bpmn:process id="${processId}" name="任务测试流程" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Work" name="办理">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition formId="${formId}" />${assignment}</bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Work" />
    <bpmn:sequenceFlow id="F2" sourceRef="Work" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>
`;

/** The approval form, offered to the subsidiary approvers (subsidiary admins hold that group). */
export const APPROVAL_TASK = {
  processId: 'wl-test-approval-task',
  bpmn: oneTaskBpmn('wl-test-approval-task', 'approval-decision', '<zeebe:assignmentDefinition candidateGroups="subsidiary-approver" />'),
};

/** The station-confirm form, with the assignee and groups taken from variables. */
export const CONFIRM_TASK = {
  processId: 'wl-test-confirm-task',
  bpmn: oneTaskBpmn(
    'wl-test-confirm-task',
    'ticket-station-confirm',
    '<zeebe:assignmentDefinition assignee="=owner" candidateGroups="=groups" />',
  ),
};

/** Deploy (same content: same version) and start one instance; answers the open task. */
export async function startTask(
  engine: ProcessEngine,
  tenantId: string,
  model: { processId: string; bpmn: string },
  variables: Record<string, unknown> = {},
) {
  await engine.deploy(tenantId, [{ name: `${model.processId}.bpmn`, content: model.bpmn }]);
  const { instanceKey } = await engine.startInstance({ tenantId, processId: model.processId, variables });
  const [task] = await engine.searchUserTasks({ tenantId, instanceKey, state: 'created' });
  if (!task) throw new Error(`no open task in ${model.processId}`);
  return task;
}
