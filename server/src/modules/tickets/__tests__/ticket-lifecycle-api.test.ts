import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildWorld, describeEachDb, type ApiClient, type World } from '../../../testing/index.js';
import { act, expectOk, intakeTicket, openTaskOf, timeline, type NewTicket } from './ticket-actions.harness.js';

type Level = 'station' | 'subsidiary' | 'group';

/**
 * Whole ticket lifecycles through the action API only (decision 0007): every step by the person whose
 * step it is, every approval and return path, on both databases.
 */
describeEachDb('ticket lifecycle through the action API', (ctx) => {
  let world: World;
  const a = () => world.a;
  const as = (role: string): ApiClient => world.a.as[role];
  const approver = (level: Level) =>
    level === 'station' ? as('station_head') : level === 'subsidiary' ? as('subsidiary_admin') : ctx.server.admin;
  const worker = () => world.a.userIds.repair_worker;

  before(async () => {
    world = await buildWorld(ctx.server, 'tla');
  });

  const ticket = (opts: NewTicket = {}) => intakeTicket(ctx.server, a(), opts);
  const step = async (who: ApiClient, id: number, verb: string, body: unknown = {}) => expectOk(await act(who, a(), id, verb, body), verb);

  /** Decide the ticket's open approval step as the approver of `level`. */
  const decide = async (id: number, level: Level, decision: 'approve' | 'reject') => {
    const task = await openTaskOf(ctx.server, a(), id, 'approve');
    assert.equal(task.variables.level, level);
    const body = decision === 'approve' ? { decision } : { decision, comment: '理由不充分，驳回' };
    const res = await approver(level).post(`/api/subsidiaries/${a().id}/tickets/${id}/approvals/${task.taskKey}/decide`, body);
    return expectOk(res, `approve@${level}`);
  };

  const toHandling = async (id: number) => {
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId, note: '请尽快上门' });
    await step(as('station_head'), id, 'confirm-assign', { workerId: worker() });
    return step(as('repair_worker'), id, 'accept');
  };

  const handled = {
    result: 'resolved',
    resultDescription: '更换暖气阀门，室温恢复',
    parts: '阀门 DN20 ×1',
    durationMinutes: 45,
    indoorTemperatures: [19.5, 20.5],
    satisfaction: 'satisfied',
  };

  it('a worker placed in a team of the station can be assigned; one of another subsidiary cannot', async () => {
    // given a repair team under A's station with a repair worker in it
    const team = await ctx.server.admin.post('/api/org-units', {
      parentId: a().stationId,
      type: 'team',
      code: 'tla_team1',
      name: '维修一班',
    });
    assert.equal(team.status, 201, JSON.stringify(team.body));
    const user = await ctx.server.admin.post('/api/users', {
      username: 'tla.team.repair',
      password: 'Passw0rd!2026',
      displayName: '班组维修员',
      orgId: team.body.id,
      roleIds: [world.roleIds.repair_worker],
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const id = await ticket();
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    // when the station head assigns B's worker, then 400 on workerId
    const foreign = await act(as('station_head'), a(), id, 'confirm-assign', { workerId: world.b.userIds.repair_worker });
    assert.equal(foreign.status, 400);
    // when the station head assigns the team's worker, then the ticket waits for that worker
    const c = await step(as('station_head'), id, 'confirm-assign', { workerId: user.body.id });
    assert.equal(c.openTasks.find((t) => t.elementId === 'worker-accept')?.assignee, String(user.body.id));
  });

  it('happy path: dispatch → confirm → accept → handle → callback closes, every step answered and in the timeline', async () => {
    // given a repair ticket waiting for dispatch
    const id = await ticket();
    // when each person does their step
    const d = await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    assert.equal(d.status, 'pending_confirm');
    const c = await step(as('station_head'), id, 'confirm-assign', { workerId: worker(), note: '张师傅负责' });
    assert.equal(c.status, 'pending_accept');
    assert.equal(c.openTasks.find((t) => t.elementId === 'worker-accept')?.assignee, String(worker()));
    assert.equal((await step(as('repair_worker'), id, 'accept')).status, 'in_progress');
    assert.equal((await step(as('repair_worker'), id, 'handle', handled)).status, 'pending_callback');
    const end = await step(as('agent'), id, 'callback', { outcome: 'satisfied', note: '已电话回访', remindPayment: true });
    // then the ticket is closed, and the timeline holds each action with its operator
    assert.equal(end.status, 'closed');
    assert.equal(end.ended, true);
    const kinds = (await timeline(ctx.server, a(), id)).filter((e) => e.actor_id !== null).map((e) => e.kind);
    for (const k of ['dispatched', 'assigned', 'accepted', 'handled', 'callback'])
      assert.ok(kinds.includes(k), `${k} in ${kinds.join(',')}`);
  });

  it('worker rejects with a reason → the station reassigns another worker, who finishes it', async () => {
    // given a ticket assigned to the repair worker
    const id = await ticket();
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    await step(as('station_head'), id, 'confirm-assign', { workerId: worker() });
    // when the worker rejects it
    const r = await step(as('repair_worker'), id, 'reject', { reason: '不在服务片区' });
    // then the station confirms again and assigns the grid worker, who accepts and handles it
    assert.equal(r.status, 'pending_confirm');
    await step(as('station_head'), id, 'confirm-assign', { workerId: world.a.userIds.grid_worker });
    await step(as('grid_worker'), id, 'accept');
    await step(as('grid_worker'), id, 'handle', handled);
    assert.equal((await step(as('agent'), id, 'callback', { outcome: 'satisfied' })).status, 'closed');
  });

  it('reassign while handling: old and new worker in the timeline; the new worker must accept', async () => {
    // given the repair worker handling a ticket
    const id = await ticket();
    await toHandling(id);
    // when the station head reassigns it to the grid worker
    const res = await step(as('station_head'), id, 'reassign', { workerId: world.a.userIds.grid_worker, reason: '原维修人员请假' });
    // then the grid worker has the accept task, the handle task is gone, and the timeline names both workers
    const accept = res.openTasks.find((t) => t.elementId === 'worker-accept');
    assert.equal(accept?.assignee, String(world.a.userIds.grid_worker));
    assert.ok(!res.openTasks.some((t) => t.elementId === 'handle'));
    const entry = (await timeline(ctx.server, a(), id)).find((e) => e.kind === 'reassigned');
    assert.deepEqual(
      { ...JSON.parse(entry!.data), toWorkerName: undefined },
      { fromWorkerId: worker(), toWorkerId: world.a.userIds.grid_worker, toWorkerName: undefined },
    );
    assert.equal(entry!.reason, '原维修人员请假');
    await step(as('grid_worker'), id, 'accept');
  });

  for (const decision of ['approve', 'reject'] as const) {
    it(`station return ${decision === 'approve' ? 'approved → back to the agents' : 'rejected → the station must confirm'}`, async () => {
      // given a dispatched ticket whose returns need the station approver
      const id = await ticket({ chains: { return: ['station'] } });
      await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
      // when the station returns it and the approver decides
      const r = await step(as('station_head'), id, 'return', { reason: '地址不属于本站' });
      assert.ok(r.openTasks.some((t) => t.elementId === 'approve' && t.operation === 'return'));
      const after = await decide(id, 'station', decision);
      // then approved → the agents dispatch again (status returned); rejected → station confirmation again
      if (decision === 'approve') {
        assert.ok(after.openTasks.some((t) => t.elementId === 'dispatch'));
        await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
      } else {
        assert.equal(after.status, 'pending_confirm');
      }
    });
  }

  it('delay approved at every level of a three-level chain', async () => {
    // given a ticket being handled whose delays need station, subsidiary and group
    const id = await ticket({ chains: { delay: ['station', 'subsidiary', 'group'] } });
    await toHandling(id);
    // when the worker asks for 2 hours more and every level approves
    const req = await step(as('repair_worker'), id, 'request-delay', { minutes: 120, reason: '等待配件到货' });
    assert.ok(req.openTasks.some((t) => t.elementId === 'approve' && t.level === 'station'));
    await decide(id, 'station', 'approve');
    await decide(id, 'subsidiary', 'approve');
    const last = await decide(id, 'group', 'approve');
    // then no approval is left and the worker is still handling
    assert.ok(!last.openTasks.some((t) => t.elementId === 'approve'));
    assert.ok(last.openTasks.some((t) => t.elementId === 'handle'));
    const decided = (await timeline(ctx.server, a(), id))
      .filter((e) => e.kind === 'approval_decided' && e.actor_id !== null)
      .map((e) => JSON.parse(e.data).level);
    assert.deepEqual(decided, ['station', 'subsidiary', 'group']);
  });

  for (const [rejectAt, approvedBefore] of [
    ['station', []],
    ['subsidiary', ['station']],
    ['group', ['station', 'subsidiary']],
  ] as const) {
    it(`delay rejected at the ${rejectAt} level: the chain stops there and handling goes on`, async () => {
      // given a delay request on a ticket with a three-level delay chain
      const id = await ticket({ chains: { delay: ['station', 'subsidiary', 'group'] } });
      await toHandling(id);
      await step(as('repair_worker'), id, 'request-delay', { minutes: 60, reason: '用户不在家' });
      // when the earlier levels approve and this one rejects
      for (const level of approvedBefore) await decide(id, level, 'approve');
      const after = await decide(id, rejectAt, 'reject');
      // then no later level is asked and the handle task is still the worker's
      assert.ok(!after.openTasks.some((t) => t.elementId === 'approve'));
      assert.ok(after.openTasks.some((t) => t.elementId === 'handle' && t.assignee === String(worker())));
    });
  }

  it('void approved by station and subsidiary ends the ticket voided; a rejected void leaves it running', async () => {
    // given two dispatched tickets whose voids need station and subsidiary
    const chains = { void: ['station', 'subsidiary'] };
    const [kept, voided] = [await ticket({ chains }), await ticket({ chains })];
    for (const id of [kept, voided]) await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    // when the agent asks to void both; one is rejected by the subsidiary, the other approved
    for (const id of [kept, voided]) await step(as('agent'), id, 'request-void', { reason: '重复工单' });
    await decide(kept, 'station', 'approve');
    const still = await decide(kept, 'subsidiary', 'reject');
    await decide(voided, 'station', 'approve');
    const end = await decide(voided, 'subsidiary', 'approve');
    // then the rejected one waits for the station as before; the approved one ended voided
    assert.equal(still.status, 'pending_confirm');
    assert.equal(end.status, 'voided');
    assert.equal(end.ended, true);
  });

  it('cancel approved by the subsidiary ends a ticket being handled as cancelled', async () => {
    // given a ticket being handled; cancelling needs the subsidiary
    const id = await ticket({ chains: { cancel: ['subsidiary'] } });
    await toHandling(id);
    // when the station asks to cancel and the subsidiary approves
    await step(as('station_head'), id, 'request-cancel', { reason: '用户已自行修复' });
    const end = await decide(id, 'subsidiary', 'approve');
    // then it ended cancelled with no open task
    assert.equal(end.status, 'cancelled');
    assert.equal(end.ended, true);
  });

  it('dissatisfied callback → group approves re-dispatch → the second round closes', async () => {
    // given a handled ticket; re-dispatch needs the group
    const id = await ticket({ chains: { redispatch: ['group'] } });
    await toHandling(id);
    await step(as('repair_worker'), id, 'handle', handled);
    // when the customer is dissatisfied and the group approves re-dispatch
    await step(as('agent'), id, 'callback', { outcome: 'dissatisfied', note: '仍然不热' });
    const again = await decide(id, 'group', 'approve');
    assert.ok(again.openTasks.some((t) => t.elementId === 'dispatch'));
    // then a second round ends closed
    await toHandling(id);
    await step(as('repair_worker'), id, 'handle', { ...handled, satisfaction: 'basicallySatisfied' });
    assert.equal((await step(as('agent'), id, 'callback', { outcome: 'satisfied' })).status, 'closed');
  });

  it('consultation closes without callback after the subsidiary approves', async () => {
    // given a consultation settled by the station; closing without callback needs the subsidiary
    const id = await ticket({ type: 'consultation', isConsultation: true, chains: { closeWithoutCallback: ['subsidiary'] } });
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    await step(as('station_head'), id, 'close-directly', { note: '已电话答复' });
    // when the agent closes it without callback and the subsidiary approves
    await step(as('agent'), id, 'callback', { outcome: 'closeWithoutCallback', note: '咨询已答复' });
    const end = await decide(id, 'subsidiary', 'approve');
    // then it is closed
    assert.equal(end.status, 'closed');
  });

  for (const decision of ['resolved', 'dispatch'] as const) {
    it(`skip-level complaint: the group takes it over (${decision})`, async () => {
      // given a skip-level complaint waiting for the group
      const id = await ticket({ type: 'skip_level_complaint', skipLevel: true });
      await openTaskOf(ctx.server, a(), id, 'skip-level-takeover');
      // when the group resolves it or sends it to the station
      const body =
        decision === 'resolved'
          ? { decision, note: '集团已协调热源恢复供热' }
          : { decision, note: '责成站部上门', stationId: a().stationId };
      const res = await step(ctx.server.admin, id, 'skip-level', body);
      // then resolved → callback; dispatch → the station confirms, and it closes after the usual steps
      if (decision === 'resolved') assert.equal(res.status, 'pending_callback');
      else {
        assert.equal(res.status, 'pending_confirm');
        await step(as('station_head'), id, 'confirm-assign', { workerId: worker() });
        await step(as('repair_worker'), id, 'accept');
        await step(as('repair_worker'), id, 'handle', handled);
      }
      assert.equal((await step(as('agent'), id, 'callback', { outcome: 'satisfied' })).status, 'closed');
    });
  }

  it('supervision: the group supervises, the subsidiary reports, the group rejects then accepts', async () => {
    // given a dispatched ticket
    const id = await ticket();
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    // when the group supervises it
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    const s = await step(ctx.server.admin, id, 'supervise', { requirement: '三日内解决并反馈', deadline });
    assert.ok(s.openTasks.some((t) => t.elementId === 'supervision-report'));
    // and the subsidiary reports done, the group rejects, the subsidiary reports again and the group accepts
    await step(as('subsidiary_admin'), id, 'supervision-report', { progress: '已更换阀门', done: true, result: '室温 18℃' });
    await step(ctx.server.admin, id, 'supervision-review', { decision: 'reject', comment: '室温未达标' });
    await step(as('subsidiary_admin'), id, 'supervision-report', { progress: '加装循环泵', done: true, result: '室温 21℃' });
    const done = await step(ctx.server.admin, id, 'supervision-review', { decision: 'accept' });
    // then no supervision task is left and the timeline holds the whole exchange
    assert.ok(!done.openTasks.some((t) => t.processId === 'wl-supervision'));
    const kinds = (await timeline(ctx.server, a(), id)).map((e) => e.kind);
    assert.ok(kinds.includes('supervised') && kinds.includes('supervision_closed'));
    assert.equal(kinds.filter((k) => k === 'supervision_report').length, 3, kinds.join(','));
  });
});
