import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { QueryTypes } from 'sequelize';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { completeTask } from '../task.service.js';
import { APPROVAL_TASK, CONFIRM_TASK, startTask } from './task-samples.js';

describeEachDb('user task API', (ctx) => {
  let world: World;
  const engine = () => ctx.server.services.engine;
  const tasksPath = (key?: string, action?: string) =>
    `/api/subsidiaries/${world.a.id}/tasks${key ? `/${key}` : ''}${action ? `/${action}` : ''}`;
  const auditCount = async (taskKey: string) => {
    const { db } = await ctx.server.services.tenants.byId(world.a.id);
    const [row] = await db.query<{ n: number | string }>(
      "SELECT COUNT(*) AS n FROM audit_logs WHERE entity_type = 'task' AND entity_id = ?",
      {
        replacements: [taskKey],
        type: QueryTypes.SELECT,
      },
    );
    return Number(row.n);
  };
  /** A station-confirm task assigned to A's repair worker. */
  const confirmTask = (vars: Record<string, unknown> = {}) =>
    startTask(engine(), world.a.code, CONFIRM_TASK, { owner: String(world.a.userIds.repair_worker), groups: [], ...vars });

  before(async () => {
    world = await buildWorld(ctx.server, 'tsk');
  });

  test('given an approval task, when a subsidiary approver completes it with valid data, then the process moves on and it is audited', async () => {
    // given
    const task = await startTask(engine(), world.a.code, APPROVAL_TASK);
    // when
    const res = await world.a.as.subsidiary_admin.post(tasksPath(task.taskKey, 'complete'), {
      data: { decision: 'reject', comment: '申请理由不充分' },
    });
    // then
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { taskKey: task.taskKey, variables: { decision: 'reject', comment: '申请理由不充分' } });
    const instance = await engine().getInstance(world.a.code, task.instanceKey);
    assert.equal(instance?.state, 'completed');
    assert.equal(instance?.variables.decision, 'reject');
    assert.equal(instance?.variables.comment, '申请理由不充分');
    const { db } = await ctx.server.services.tenants.byId(world.a.id);
    const [audit] = await db.query<{ actor_id: number; action: string; after_json: string }>(
      "SELECT actor_id, action, after_json FROM audit_logs WHERE entity_type = 'task' AND entity_id = ?",
      { replacements: [task.taskKey], type: QueryTypes.SELECT },
    );
    assert.equal(audit.action, 'task.complete');
    assert.equal(Number(audit.actor_id), world.a.userIds.subsidiary_admin);
    assert.deepEqual(JSON.parse(audit.after_json).data, { decision: 'reject', comment: '申请理由不充分' });
  });

  test('given an approval task, when users outside its group or the assignee try to complete it, then 403 and it stays open', async () => {
    const task = await startTask(engine(), world.a.code, APPROVAL_TASK);
    for (const role of ['agent', 'station_head', 'repair_worker', 'grid_worker']) {
      // when
      const res = await world.a.as[role].post(tasksPath(task.taskKey, 'complete'), { data: { decision: 'approve' } });
      // then
      assert.equal(res.status, 403, `${role}: ${JSON.stringify(res.body)}`);
    }
    const [still] = await engine().searchUserTasks({ tenantId: world.a.code, instanceKey: task.instanceKey });
    assert.equal(still.state, 'created');
    assert.equal(await auditCount(task.taskKey), 0);
  });

  test('given a task assigned to one worker, when another user of a matching group completes it, then 403', async () => {
    // given: assigned to the repair worker, offered to the subsidiary approvers as well
    const task = await confirmTask({ groups: ['subsidiary-approver'] });
    // when
    const res = await world.a.as.subsidiary_admin.post(tasksPath(task.taskKey, 'complete'), { data: { confirmDecision: 'closeDirectly' } });
    // then
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'FORBIDDEN');
    assert.match(res.body.message, /他人认领/);
  });

  test('given a completed task, when completed again, then 409 and nothing more is audited', async () => {
    const task = await startTask(engine(), world.a.code, APPROVAL_TASK);
    const first = await world.a.as.subsidiary_admin.post(tasksPath(task.taskKey, 'complete'), { data: { decision: 'approve' } });
    assert.equal(first.status, 200);
    // when
    const again = await world.a.as.subsidiary_admin.post(tasksPath(task.taskKey, 'complete'), { data: { decision: 'approve' } });
    // then
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'CONFLICT');
    assert.equal(await auditCount(task.taskKey), 1);
  });

  test('given a station-confirm task, when returned without a reason, then 422 FORM_INVALID naming 「退回原因」, and task and variables are unchanged', async () => {
    // given
    const task = await confirmTask({ ticketId: 7 });
    const before = await engine().getInstance(world.a.code, task.instanceKey);
    // when
    const res = await world.a.as.repair_worker.post(tasksPath(task.taskKey, 'complete'), {
      data: { confirmDecision: 'return', returnReason: '', confirmNote: 'x'.repeat(501) },
    });
    // then
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.code, 'FORM_INVALID');
    assert.deepEqual(res.body.details, [
      { field: 'body.data.returnReason', message: '「退回原因」为必填项' },
      { field: 'body.data.confirmNote', message: '「备注」不能超过 500 个字' },
    ]);
    const [still] = await engine().searchUserTasks({ tenantId: world.a.code, instanceKey: task.instanceKey });
    assert.equal(still.state, 'created');
    const after = await engine().getInstance(world.a.code, task.instanceKey);
    assert.deepEqual(after?.variables, before?.variables);
    assert.equal(after?.state, 'active');
    assert.equal(await auditCount(task.taskKey), 0);
  });

  test('given a station-confirm task, when closed directly, then the hidden worker and reason are neither required nor stored', async () => {
    const task = await confirmTask();
    // when: a worker id is sent although the field is hidden for closeDirectly
    const res = await world.a.as.repair_worker.post(tasksPath(task.taskKey, 'complete'), {
      data: { confirmDecision: 'closeDirectly', workerId: 99 },
    });
    // then
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.variables, { confirmDecision: 'closeDirectly' });
    const instance = await engine().getInstance(world.a.code, task.instanceKey);
    assert.equal(instance?.state, 'completed');
    assert.equal('workerId' in (instance?.variables ?? {}), false);
  });

  test('given a task, when the data holds a field its form does not have, then 422 表单中没有此字段 and the task stays open', async () => {
    const task = await confirmTask();
    const res = await world.a.as.repair_worker.post(tasksPath(task.taskKey, 'complete'), {
      data: { confirmDecision: 'closeDirectly', approved: true },
    });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.details, [{ field: 'body.data.approved', message: '表单中没有此字段' }]);
    const [still] = await engine().searchUserTasks({ tenantId: world.a.code, instanceKey: task.instanceKey });
    assert.equal(still.state, 'created');
  });

  test('given open tasks, when users list theirs, then each sees what is assigned to them or unassigned in their groups, filtered and paged', async () => {
    // given
    const approval = await startTask(engine(), world.a.code, APPROVAL_TASK);
    const assigned = await confirmTask();
    // when / then: the subsidiary admin sees the approval, not the worker's task
    const admin = await world.a.as.subsidiary_admin.get(`${tasksPath()}?pageSize=200`);
    assert.equal(admin.status, 200);
    const adminKeys = admin.body.items.map((t: { taskKey: string }) => t.taskKey);
    assert.ok(adminKeys.includes(approval.taskKey));
    assert.ok(!adminKeys.includes(assigned.taskKey));
    // the worker sees their assigned task, not the approval
    const worker = await world.a.as.repair_worker.get(`${tasksPath()}?pageSize=200`);
    const workerKeys = worker.body.items.map((t: { taskKey: string }) => t.taskKey);
    assert.ok(workerKeys.includes(assigned.taskKey));
    assert.ok(!workerKeys.includes(approval.taskKey));
    // an agent sees neither
    const agent = await world.a.as.agent.get(`${tasksPath()}?pageSize=200`);
    assert.equal(agent.status, 200);
    assert.deepEqual(
      agent.body.items.filter((t: { taskKey: string }) => [approval.taskKey, assigned.taskKey].includes(t.taskKey)),
      [],
    );
    // filters
    const byInstance = await world.a.as.subsidiary_admin.get(`${tasksPath()}?instanceKey=${approval.instanceKey}`);
    assert.deepEqual(
      byInstance.body.items.map((t: { taskKey: string }) => t.taskKey),
      [approval.taskKey],
    );
    assert.equal(byInstance.body.items[0].formId, 'approval-decision');
    const otherProcess = await world.a.as.subsidiary_admin.get(`${tasksPath()}?instanceKey=${approval.instanceKey}&processId=wl-ticket`);
    assert.equal(otherProcess.body.total, 0);
    const otherElement = await world.a.as.subsidiary_admin.get(`${tasksPath()}?elementId=handle&processId=${APPROVAL_TASK.processId}`);
    assert.equal(otherElement.body.total, 0);
    // paging
    await startTask(engine(), world.a.code, APPROVAL_TASK);
    const page1 = await world.a.as.subsidiary_admin.get(`${tasksPath()}?processId=${APPROVAL_TASK.processId}&pageSize=1&page=1`);
    const page2 = await world.a.as.subsidiary_admin.get(`${tasksPath()}?processId=${APPROVAL_TASK.processId}&pageSize=1&page=2`);
    assert.ok(page1.body.total >= 2);
    assert.equal(page1.body.items.length, 1);
    assert.equal(page2.body.items.length, 1);
    assert.notEqual(page1.body.items[0].taskKey, page2.body.items[0].taskKey);
  });

  test('given a task, when its assignee opens it, then the form and only the variables the form reads are answered', async () => {
    const task = await confirmTask({ confirmDecision: 'assign', internalSecret: '不应返回' });
    const res = await world.a.as.repair_worker.get(tasksPath(task.taskKey));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.form.id, 'ticket-station-confirm');
    assert.equal(res.body.elementId, 'Work');
    assert.deepEqual(res.body.variables, { confirmDecision: 'assign' });
    const other = await world.a.as.agent.get(tasksPath(task.taskKey));
    assert.equal(other.status, 403);
    const missing = await world.a.as.repair_worker.get(tasksPath('123456789'));
    assert.equal(missing.status, 404);
  });

  test('given an unassigned group task, when one approver claims it, then it is theirs; another approver can neither claim nor complete it', async () => {
    const task = await startTask(engine(), world.a.code, APPROVAL_TASK);
    // when
    const claim = await world.a.as.subsidiary_admin.post(tasksPath(task.taskKey, 'claim'), {});
    // then
    assert.equal(claim.status, 200, JSON.stringify(claim.body));
    assert.equal(claim.body.assignee, String(world.a.userIds.subsidiary_admin));
    const [held] = await engine().searchUserTasks({ tenantId: world.a.code, instanceKey: task.instanceKey });
    assert.equal(held.assignee, String(world.a.userIds.subsidiary_admin));
    assert.equal(await auditCount(task.taskKey), 1);
    // the supervisor is a subsidiary approver too
    const steal = await world.a.as.supervisor.post(tasksPath(task.taskKey, 'claim'), {});
    assert.equal(steal.status, 409);
    const complete = await world.a.as.supervisor.post(tasksPath(task.taskKey, 'complete'), { data: { decision: 'approve' } });
    assert.equal(complete.status, 403);
    // claiming again is harmless for the holder
    const again = await world.a.as.subsidiary_admin.post(tasksPath(task.taskKey, 'claim'), {});
    assert.equal(again.status, 200);
    assert.equal(again.body.assignee, String(world.a.userIds.subsidiary_admin));
    // and the holder completes it
    const done = await world.a.as.subsidiary_admin.post(tasksPath(task.taskKey, 'complete'), { data: { decision: 'approve' } });
    assert.equal(done.status, 200);
  });

  test('given subsidiary B, when a user of A aims at its task, then 403 and the task is untouched', async () => {
    const task = await startTask(engine(), world.b.code, APPROVAL_TASK);
    const res = await world.a.as.subsidiary_admin.post(`/api/subsidiaries/${world.b.id}/tasks/${task.taskKey}/complete`, {
      data: { decision: 'approve' },
    });
    assert.equal(res.status, 403);
    // and A's path does not reach B's task key either
    const viaA = await world.a.as.subsidiary_admin.post(tasksPath(task.taskKey, 'complete'), { data: { decision: 'approve' } });
    assert.equal(viaA.status, 404);
    const [still] = await engine().searchUserTasks({ tenantId: world.b.code, instanceKey: task.instanceKey });
    assert.equal(still.state, 'created');
  });

  test('given code outside a request, when completeTask is called, then it validates, completes and audits like the API', async () => {
    const task = await confirmTask();
    const user = {
      id: world.a.userIds.repair_worker,
      displayName: '维修人员A',
      orgId: world.a.stationId,
      subsidiaryId: world.a.id,
      roles: [{ code: 'repair_worker', name: '维修人员' }],
    };
    await assert.rejects(
      completeTask(ctx.server.services, world.a.code, user, task.taskKey, { confirmDecision: 'assign' }),
      (err: { code?: string; details?: unknown }) => {
        assert.equal(err.code, 'FORM_INVALID');
        assert.deepEqual(err.details, [{ field: 'body.data.workerId', message: '「维修人员」为必填项' }]);
        return true;
      },
    );
    const done = await completeTask(ctx.server.services, world.a.code, user, task.taskKey, { confirmDecision: 'assign', workerId: 5 });
    assert.deepEqual(done.variables, { confirmDecision: 'assign', workerId: 5 });
    assert.equal(await auditCount(task.taskKey), 1);
  });
});
