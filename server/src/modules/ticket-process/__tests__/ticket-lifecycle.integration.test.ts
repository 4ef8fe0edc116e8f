import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { TicketScenario, eventually } from './ticket-scenario.js';

/**
 * The group ticket lifecycle (process-models/bpmn/wl-ticket.bpmn) on the embedded engine, every
 * path: happy path, rejections and returns, reassign, unresolved handling, callback outcomes,
 * consultation close-without-callback and skip-level takeover. Approvals are in
 * ticket-approvals.integration.test.ts, supervision and extensions in their own files.
 */
describeEachDb('ticket lifecycle scenarios', (ctx) => {
  let world: World;
  const ticket = () => new TicketScenario(ctx.server, world, world.a);

  before(async () => {
    world = await buildWorld(ctx.server, 'tl');
    // given no approval is required for the operations these scenarios use
    await ticket().chains({ return: [], redispatch: [], closeWithoutCallback: [] });
  });

  it('happy path: intake → dispatch → confirm → accept → handle → callback → close', async () => {
    // given a repair ticket taken in by an agent
    const t = await ticket().start();
    // when every core step is done by the person whose step it is
    await t.dispatch();
    await t.assign();
    await t.accept();
    await t.handleResolved();
    await t.callback('satisfied', { remindPayment: true });
    // then the ticket ends closed, with what each step recorded
    const end = await t.ended();
    assert.equal(end.state, 'completed');
    assert.equal(end.variables.ticketStatus, 'closed');
    assert.equal(end.variables.stationId, world.a.stationId);
    assert.equal(end.variables.workerId, world.a.userIds.repair_worker);
    assert.equal(end.variables.satisfaction, 'satisfied');
    assert.equal(end.variables.callbackOutcome, 'satisfied');
  });

  it('worker rejects: the ticket goes back to the station pool with the reason, and is assigned again', async () => {
    // given a ticket assigned to a worker
    const t = await ticket().start();
    await t.dispatch();
    await t.assign();
    // when the worker rejects it with a reason
    await t.complete('worker-accept', { acceptDecision: 'reject', rejectReason: '不在服务片区' }, t.as('repair_worker'));
    // then the station head has it to confirm again, and sees why
    const again = await t.task('station-confirm');
    assert.equal(again.variables.rejectReason, '不在服务片区');
    assert.deepEqual(again.candidateGroups, [`station:${world.a.stationId}`]);
    // and the ticket can be assigned to another worker who accepts
    await t.assign(world.a.userIds.grid_worker);
    const accept = await t.task('worker-accept');
    assert.equal(accept.assignee, String(world.a.userIds.grid_worker));
  });

  it('a reject without a reason is refused by the form and changes nothing', async () => {
    // given a ticket waiting for the worker to accept
    const t = await ticket().start();
    await t.dispatch();
    await t.assign();
    const before = await t.task('worker-accept');
    // when the worker rejects without a reason
    const res = await t.complete('worker-accept', { acceptDecision: 'reject' }, t.as('repair_worker'), 422);
    // then the answer names the field in Chinese and the task is still open, unchanged
    const details = (res.body as { details: { field: string; message: string }[] }).details;
    assert.ok(
      details.some((d) => d.field.endsWith('rejectReason') && /[\u4e00-\u9fa5]/.test(d.message)),
      JSON.stringify(details),
    );
    const still = await t.task('worker-accept');
    assert.equal(still.taskKey, before.taskKey);
    assert.equal((await t.vars()).acceptDecision, undefined);
  });

  it('station returns the ticket: it goes back to the agents’ dispatch pool with the reason', async () => {
    // given a dispatched ticket and no approval needed for returns
    const t = await ticket().start();
    await t.dispatch();
    // when the station head returns it
    await t.complete('station-confirm', { confirmDecision: 'return', returnReason: '地址不属于本站' }, t.as('station_head'));
    // then it waits for dispatch again with the return reason
    const d = await t.task('dispatch');
    assert.equal(d.variables.returnReason, '地址不属于本站');
    assert.equal(d.variables.returnApproved, true);
  });

  it('only the station head of the ticket’s station may confirm it', async () => {
    // given a dispatched ticket
    const t = await ticket().start();
    await t.dispatch();
    // when the agent (not in the station's group) tries to confirm it
    await t.complete('station-confirm', { confirmDecision: 'assign', workerId: t.worker }, t.as('agent'), 403);
    // then the task is still open for the station head
    await t.assign();
    await t.task('worker-accept');
  });

  it('reassign during handling: the new worker must accept; the old one loses the task', async () => {
    // given a worker handling a ticket
    const t = await ticket().start();
    await t.dispatch();
    await t.assign();
    await t.accept();
    await t.task('handle');
    // when the station head reassigns it with a reason
    await t.publish('wl-ticket-reassign', { workerId: world.a.userIds.grid_worker, reassignReason: '原维修人员请假' });
    // then the new worker has the accept task and the handle task is gone
    const accept = await eventually('the new worker’s accept task', async () => {
      const task = await t.task('worker-accept');
      return task.assignee === String(world.a.userIds.grid_worker) ? task : undefined;
    });
    assert.equal(accept.variables.reassignReason, '原维修人员请假');
    await t.noTask('handle');
  });

  it('reassign before acceptance replaces the pending accept task', async () => {
    // given a ticket waiting for worker 1 to accept
    const t = await ticket().start();
    await t.dispatch();
    await t.assign();
    const first = await t.task('worker-accept');
    // when it is reassigned to worker 2
    await t.publish('wl-ticket-reassign', { workerId: world.a.userIds.grid_worker, reassignReason: '就近安排' });
    // then worker 2 has a new accept task and worker 1 cannot complete the old one
    const second = await eventually('a new accept task', async () => {
      const task = await t.task('worker-accept');
      return task.taskKey !== first.taskKey ? task : undefined;
    });
    assert.equal(second.assignee, String(world.a.userIds.grid_worker));
    const stale = await t
      .as('repair_worker')
      .post(`/api/subsidiaries/${world.a.id}/tasks/${first.taskKey}/complete`, { data: { acceptDecision: 'accept' } });
    assert.equal(stale.status, 409);
  });

  it('unresolved handling goes back to the station with the reason', async () => {
    // given a worker handling a ticket
    const t = await ticket().start();
    await t.dispatch();
    await t.assign();
    await t.accept();
    // when the worker reports it unresolved
    await t.complete(
      'handle',
      { handleResult: 'unresolved', resultDescription: '需更换主管道', unresolvedReason: '缺少配件', durationMinutes: 30 },
      t.as('repair_worker'),
    );
    // then the station head decides again, seeing the reason
    const again = await t.task('station-confirm');
    assert.equal(again.variables.unresolvedReason, '缺少配件');
  });

  it('station closes directly: no worker, straight to callback', async () => {
    // given a dispatched ticket the station can settle itself
    const t = await ticket().start();
    await t.dispatch();
    // when the station head closes it directly
    await t.complete('station-confirm', { confirmDecision: 'closeDirectly', confirmNote: '已电话指导用户排气' }, t.as('station_head'));
    // then it goes to callback and closes after a satisfied callback
    await t.callback('satisfied');
    assert.equal((await t.ended()).variables.ticketStatus, 'closed');
  });

  it('dissatisfied callback re-dispatches; the second round closes', async () => {
    // given a handled ticket
    const t = await ticket().start();
    await t.dispatch();
    await t.assign();
    await t.accept();
    await t.handleResolved();
    // when the customer is dissatisfied at callback (re-dispatch needs no approval here)
    await t.callback('dissatisfied', { callbackNote: '仍然不热' });
    // then the ticket is back at dispatch, and a second round ends closed
    await t.dispatch();
    await t.assign();
    await t.accept();
    await t.handleResolved();
    await t.callback('satisfied');
    const end = await t.ended();
    assert.equal(end.variables.ticketStatus, 'closed');
    assert.equal(end.variables.redispatchApproved, true);
  });

  it('consultation closes without callback; other types cannot choose it', async () => {
    // given a consultation ticket settled by the station
    const c = await ticket().start({ ticketType: 'consultation', isConsultation: true });
    await c.dispatch();
    await c.complete('station-confirm', { confirmDecision: 'closeDirectly' }, c.as('station_head'));
    // when the agent closes it without callback
    await c.callback('closeWithoutCallback', { callbackNote: '咨询已答复' });
    // then it closes
    assert.equal((await c.ended()).variables.ticketStatus, 'closed');

    // given a repair ticket at callback
    const r = await ticket().start();
    await r.dispatch();
    await r.complete('station-confirm', { confirmDecision: 'closeDirectly' }, r.as('station_head'));
    // when the agent tries close-without-callback on it
    const res = await r.complete('callback', { callbackOutcome: 'closeWithoutCallback' }, r.as('agent'), 422);
    // then the form refuses it (the option exists only for consultations) and the callback is still due
    assert.equal((res.body as { code: string }).code, 'FORM_INVALID');
    await r.task('callback');
    assert.equal((await r.instance()).state, 'active');
  });

  it('skip-level complaint: the group takes over and resolves it directly', async () => {
    // given a skip-level complaint
    const t = await ticket().start({ ticketType: 'skip_level_complaint', skipLevel: true });
    // then the group's service desk has it, not the agents' dispatch pool
    const takeover = await t.task('skip-level-takeover');
    assert.deepEqual(takeover.candidateGroups, ['group-service']);
    await t.noTask('dispatch');
    // when a subsidiary agent tries to take it over, it is refused
    await t.complete('skip-level-takeover', { takeoverDecision: 'resolved', takeoverNote: '已处理' }, t.as('agent'), 403);
    // when the group resolves it directly
    await t.complete('skip-level-takeover', { takeoverDecision: 'resolved', takeoverNote: '集团已协调热源恢复供热' }, ctx.server.admin);
    // then it goes to callback and closes
    await t.callback('satisfied');
    assert.equal((await t.ended()).variables.takeoverDecision, 'resolved');
  });

  it('skip-level complaint: the group sends it down to a station', async () => {
    // given a skip-level complaint taken over by the group
    const t = await ticket().start({ ticketType: 'skip_level_complaint', skipLevel: true });
    // when the group dispatches it to the subsidiary's station
    await t.complete(
      'skip-level-takeover',
      { takeoverDecision: 'dispatch', takeoverNote: '责成站部上门', stationId: world.a.stationId },
      ctx.server.admin,
    );
    // then the station confirms it like any other ticket
    await t.assign();
    await t.accept();
    await t.handleResolved();
    await t.callback('satisfied');
    assert.equal((await t.ended()).variables.ticketStatus, 'closed');
  });
});
