import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { TicketScenario, eventually } from './ticket-scenario.js';

/**
 * Every approval-gated operation goes through the one reusable approval (wl-approval) with the chain
 * configured per operation: each outcome at each level, and what the ticket does after it.
 */
describeEachDb('ticket approval scenarios', (ctx) => {
  let world: World;
  const ticket = () => new TicketScenario(ctx.server, world, world.a);

  /** A ticket being handled by its worker. */
  const handling = async () => {
    const t = await ticket().start();
    await t.dispatch();
    await t.assign();
    await t.accept();
    await t.task('handle');
    return t;
  };

  before(async () => {
    world = await buildWorld(ctx.server, 'ta');
    // given three-level chains for delays, two levels for void, one for cancel and the rest
    await ticket().chains({
      delay: ['station', 'subsidiary', 'group'],
      void: ['station', 'subsidiary'],
      cancel: ['subsidiary'],
      return: ['station'],
      redispatch: ['group'],
      closeWithoutCallback: ['subsidiary'],
    });
  });

  it('delay approved at every level (station → subsidiary → group) moves the due time', async () => {
    // given a ticket being handled, with the due time its SLA clock computed
    const t = await handling();
    const dueBefore = await eventually('the first due time', async () => (await t.vars()).dueAt as string | undefined);
    // when the worker asks for 2 more hours and every level approves
    await t.publish('wl-ticket-delay-requested', { delayMinutes: 120, requestReason: '等待配件到货' });
    const first = await t.task('approve');
    assert.deepEqual(first.candidateGroups, [`station:${world.a.stationId}`]);
    await t.approve('station', 'approve');
    assert.deepEqual((await t.task('approve')).candidateGroups, ['subsidiary-approver']);
    await t.approve('subsidiary', 'approve');
    assert.deepEqual((await t.task('approve')).candidateGroups, ['group-approver']);
    await t.approve('group', 'approve');
    // then the delay is granted with every decision recorded, and the worker is still handling
    const vars = await eventually('delay decided', async () => {
      const v = await t.vars();
      return v.delayApproved === true && !(await t.instance()).activeElementIds.includes('extend-due') ? v : undefined;
    });
    assert.deepEqual(
      (vars.delayApprovals as { level: string; decision: string }[]).map((a) => `${a.level}:${a.decision}`),
      ['station:approve', 'subsidiary:approve', 'group:approve'],
    );
    await t.task('handle');
    // and the SLA clock moved the ticket's due time later
    await eventually('the due time moved', async () => Date.parse((await t.vars()).dueAt as string) > Date.parse(dueBefore));
  });

  for (const [rejectAt, approvedBefore] of [
    ['station', []],
    ['subsidiary', ['station']],
    ['group', ['station', 'subsidiary']],
  ] as const) {
    it(`delay rejected at the ${rejectAt} level stops the chain there and changes no due time`, async () => {
      // given a delay request on a ticket being handled
      const t = await handling();
      await t.publish('wl-ticket-delay-requested', { delayMinutes: 60, requestReason: '用户不在家' });
      // when the earlier levels approve and this level rejects
      for (const level of approvedBefore) await t.approve(level, 'approve');
      await t.approve(rejectAt, 'reject');
      // then the delay is refused, no further level is asked, and handling goes on
      const vars = await eventually('delay refused', async () => {
        const v = await t.vars();
        return v.delayApproved === false ? v : undefined;
      });
      const decisions = (vars.delayApprovals as ({ level: string; decision: string } | null)[])
        .filter(Boolean)
        .map((a) => `${a!.level}:${a!.decision}`);
      assert.deepEqual(decisions, [...approvedBefore.map((l) => `${l}:approve`), `${rejectAt}:reject`]);
      await t.noTask('approve');
      await t.task('handle');
    });
  }

  it('void approved by station and subsidiary ends the ticket as voided', async () => {
    // given a dispatched ticket
    const t = await ticket().start();
    await t.dispatch();
    // when the agent asks to void it and both levels approve
    await t.publish('wl-ticket-void-requested', { requestReason: '重复工单' });
    await t.approve('station', 'approve');
    await t.approve('subsidiary', 'approve');
    // then the ticket ends voided (a terminate end event completes the instance, as in Zeebe) and its open tasks are gone
    const end = await t.ended();
    assert.equal(end.state, 'completed');
    assert.ok(!end.activeElementIds.includes('ticket-main'));
    assert.equal(end.variables.ticketStatus, 'voided');
    await t.noTask('station-confirm');
  });

  it('void rejected by the subsidiary leaves the ticket where it was', async () => {
    // given a dispatched ticket with a void request approved by the station
    const t = await ticket().start();
    await t.dispatch();
    await t.publish('wl-ticket-void-requested', { requestReason: '用户要求作废' });
    await t.approve('station', 'approve');
    // when the subsidiary rejects
    await t.approve('subsidiary', 'reject');
    // then the ticket is still active, waiting for the station
    await eventually('void refused', async () => (await t.vars()).voidApproved === false);
    assert.equal((await t.instance()).state, 'active');
    await t.assign();
  });

  it('cancel approved by the subsidiary ends the ticket as cancelled', async () => {
    // given a ticket being handled
    const t = await handling();
    // when cancelling is requested and approved
    await t.publish('wl-ticket-cancel-requested', { requestReason: '用户已自行修复' });
    await t.approve('subsidiary', 'approve');
    // then it ends cancelled and the worker's task is gone
    const end = await t.ended();
    assert.equal(end.variables.ticketStatus, 'cancelled');
    await t.noTask('handle');
  });

  it('return rejected by the station approver sends the ticket back to station confirmation', async () => {
    // given a dispatched ticket
    const t = await ticket().start();
    await t.dispatch();
    // when the station returns it but the approver rejects the return
    await t.complete('station-confirm', { confirmDecision: 'return', returnReason: '非本站片区' }, t.as('station_head'));
    await t.approve('station', 'reject');
    // then the station must confirm it after all
    await t.task('station-confirm');
    await t.noTask('dispatch');
  });

  it('return approved sends it to the agents with the reason', async () => {
    // given a dispatched ticket
    const t = await ticket().start();
    await t.dispatch();
    // when the station returns it and the approver agrees
    await t.complete('station-confirm', { confirmDecision: 'return', returnReason: '非本站片区' }, t.as('station_head'));
    await t.approve('station', 'approve');
    // then the agents have it to dispatch again
    assert.equal((await t.task('dispatch')).variables.returnReason, '非本站片区');
  });

  it('re-dispatch after a dissatisfied callback: group rejects → closes; group approves → dispatch again', async () => {
    for (const decision of ['reject', 'approve'] as const) {
      // given a handled ticket whose customer is dissatisfied
      const t = await handling();
      await t.handleResolved();
      await t.callback('dissatisfied', { callbackNote: '维修后仍不热' });
      // when the group decides on re-dispatch
      await t.approve('group', decision);
      // then rejected → the ticket closes; approved → it waits for dispatch
      if (decision === 'reject') assert.equal((await t.ended()).variables.ticketStatus, 'closed');
      else await t.task('dispatch');
    }
  });

  it('close-without-callback for a consultation: rejected → back to callback, approved → closed', async () => {
    // given a consultation at the callback desk
    const t = await ticket().start({ ticketType: 'consultation', isConsultation: true });
    await t.dispatch();
    await t.complete('station-confirm', { confirmDecision: 'closeDirectly' }, t.as('station_head'));
    // when the subsidiary rejects closing without callback
    await t.callback('closeWithoutCallback');
    await t.approve('subsidiary', 'reject');
    // then the callback is due again; asked again and approved, the ticket closes
    await t.callback('closeWithoutCallback');
    await t.approve('subsidiary', 'approve');
    assert.equal((await t.ended()).variables.ticketStatus, 'closed');
  });

  it('an approver of another level cannot decide the step', async () => {
    // given a void request waiting for the station
    const t = await ticket().start();
    await t.dispatch();
    await t.publish('wl-ticket-void-requested', { requestReason: '测试' });
    // when the subsidiary admin tries to decide the station's step
    await t.complete('approve', { decision: 'approve' }, t.as('subsidiary_admin'), 403);
    // then the step still waits for the station head
    assert.deepEqual((await t.task('approve')).candidateGroups, [`station:${world.a.stationId}`]);
  });
});
