import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTasks, until, type ContractContext } from './contract-helpers.js';
import { bpmn, userTaskModel } from './models.js';

/** start → call activity (child gets the parent's variables, Zeebe's default) → end */
const callerModel = (processId: string, childId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
  <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${childId}" propagateAllChildVariables="false"/><zeebe:ioMapping><zeebe:input source="=&quot;child&quot;" target="role"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:callActivity>
  <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** start → user task `child-task` → end */
const childTaskModel = (processId: string) =>
  bpmn(`<bpmn:process id="${processId}" isExecutable="true">
  <bpmn:startEvent id="start"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="child-task"/>
  <bpmn:userTask id="child-task" name="子任务"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="child-task" targetRef="end"/>
  <bpmn:endEvent id="end"/>
</bpmn:process>`);

/** searchUserTasks by the instance's variables: one business object's tasks, however many others are open. */
export function taskSearchContract(ctx: ContractContext): void {
  const base = { owner: 'u1', team: 't1', urgent: false, amount: 1 };

  test('given tasks of instances with different variables, when searched by variable values, then only the instances holding exactly those values (type included) answer', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'search.bpmn', content: userTaskModel('c-task-search') }]);
    const start = (variables: Record<string, unknown>) =>
      engine.startInstance({ tenantId, processId: 'c-task-search', variables: { ...base, ...variables } });
    const a = await start({ caseId: 91_001, code: 'A-1', flagged: true });
    const b = await start({ caseId: 91_002, code: '91001', flagged: false });
    const c = await start({ caseId: '91001', code: 'A-1' });
    for (const ref of [a, b, c]) await openTasks(ctx, ref.instanceKey, 'review');
    const keys = async (variables: Record<string, string | number | boolean>) =>
      (await engine.searchUserTasks({ tenantId, state: 'created', elementId: 'review', variables })).map((t) => t.instanceKey).sort();

    assert.deepEqual(await keys({ caseId: 91_001 }), [a.instanceKey], 'a number matches the number only, not the string "91001"');
    assert.deepEqual(await keys({ caseId: '91001' }), [c.instanceKey], 'a string matches the string only');
    assert.deepEqual(await keys({ code: 'A-1' }), [a.instanceKey, c.instanceKey].sort());
    assert.deepEqual(await keys({ code: '91001' }), [b.instanceKey]);
    assert.deepEqual(await keys({ flagged: true }), [a.instanceKey]);
    assert.deepEqual(await keys({ flagged: false }), [b.instanceKey]);
    assert.deepEqual(await keys({ code: 'A-1', flagged: true }), [a.instanceKey], 'every variable must match');
    assert.deepEqual(await keys({ caseId: 91_999 }), []);
  });

  test('given a called process, when its tasks are searched by a variable of the caller, then they are found, as in Zeebe where a child sees its parent’s variables', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [
      { name: 'search-child.bpmn', content: childTaskModel('c-search-child') },
      { name: 'search-caller.bpmn', content: callerModel('c-search-caller', 'c-search-child') },
    ]);
    const caller = await engine.startInstance({ tenantId, processId: 'c-search-caller', variables: { caseId: 92_001 } });
    const other = await engine.startInstance({ tenantId, processId: 'c-search-caller', variables: { caseId: 92_002 } });
    const found = await until('the child task of caseId 92001', async () => {
      const list = await engine.searchUserTasks({ tenantId, state: 'created', variables: { caseId: 92_001 } });
      return list.length ? list : undefined;
    });
    assert.equal(found.length, 1);
    assert.equal(found[0].elementId, 'child-task');
    assert.notEqual(found[0].instanceKey, caller.instanceKey, 'the task is the child instance’s');
    assert.equal(found[0].variables.caseId, 92_001);
    const others = await engine.searchUserTasks({ tenantId, state: 'created', variables: { caseId: 92_002 } });
    assert.equal(others.length, 1);
    assert.notEqual(others[0].instanceKey, found[0].instanceKey);
    assert.ok(other.instanceKey);
  });

  test('given a variable name that is not a plain identifier, when searched, then the search is refused', async () => {
    const { engine, tenantId } = ctx;
    await assert.rejects(() => engine.searchUserTasks({ tenantId, variables: { 'a.b") OR 1=1 --': 1 } }), /plain variable name/);
  });
}
