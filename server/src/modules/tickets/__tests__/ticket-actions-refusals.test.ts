import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildWorld, describeEachDb, type ApiClient, type World } from '../../../testing/index.js';
import { ticketModel } from '../ticket.model.js';
import { ticketAttachmentModel } from '../ticket-attachment.model.js';
import { act, createTicket, expectOk, openTaskOf, settled, snapshot, timeline } from './ticket-actions.harness.js';

/**
 * Refused ticket actions change nothing (engine tasks, instance, row, timeline, audit); idempotent
 * repeats answer the first answer; of two racing requests on one step exactly one wins.
 */
describeEachDb('ticket actions: refusals, idempotency, races', (ctx) => {
  let world: World;
  const a = () => world.a;
  const as = (role: string): ApiClient => world.a.as[role];
  const handled = { result: 'resolved', resultDescription: '更换阀门', satisfaction: 'satisfied', durationMinutes: 30 };

  before(async () => {
    world = await buildWorld(ctx.server, 'tar');
  });

  const ticket = () => createTicket(ctx.server, a(), { chains: {} });
  const step = async (who: ApiClient, id: number, verb: string, body: unknown = {}) => expectOk(await act(who, a(), id, verb, body), verb);

  /** `fn` is refused with `status` (and `code`), and the ticket is exactly as before. */
  const refused = async (id: number, status: number, code: string, fn: () => ReturnType<typeof act>) => {
    const before = await settled(ctx.server, a(), id);
    const res = await fn();
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.code, code);
    assert.match(res.body.message ?? '', /[\u4e00-\u9fa5]/);
    assert.equal(await snapshot(ctx.server, a(), id), before, 'nothing changed');
    return res;
  };

  it('an action in the wrong state answers 409 naming the current state', async () => {
    // given a ticket waiting for dispatch
    const id = await ticket();
    await openTaskOf(ctx.server, a(), id, 'dispatch');
    // when the worker tries to accept it, or the station head to assign it, or someone to reassign it
    const res = await refused(id, 409, 'TICKET_STATE_CONFLICT', () => act(as('repair_worker'), a(), id, 'accept'));
    await refused(id, 409, 'TICKET_STATE_CONFLICT', () =>
      act(as('station_head'), a(), id, 'confirm-assign', { workerId: world.a.userIds.repair_worker }),
    );
    await refused(id, 409, 'TICKET_STATE_CONFLICT', () =>
      act(as('station_head'), a(), id, 'reassign', { workerId: world.a.userIds.repair_worker, reason: '调整人员' }),
    );
    // then the message names the state
    assert.match(res.body.message!, /待派单/);
  });

  it('the wrong person answers 403 and changes nothing', async () => {
    // given a dispatched ticket, and one assigned to the repair worker
    const id = await ticket();
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    // when the agent confirms it, a worker returns it, the agent supervises it
    await refused(id, 403, 'FORBIDDEN', () => act(as('agent'), a(), id, 'confirm-assign', { workerId: world.a.userIds.repair_worker }));
    await refused(id, 403, 'FORBIDDEN', () => act(as('repair_worker'), a(), id, 'return', { reason: '不归我管' }));
    await refused(id, 403, 'FORBIDDEN', () =>
      act(as('agent'), a(), id, 'supervise', { requirement: '尽快处理', deadline: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    await refused(id, 403, 'FORBIDDEN', () => act(as('repair_worker'), a(), id, 'request-void', { reason: '重复工单' }));
    // and on an assigned ticket, the grid worker accepts the repair worker's task or asks for a delay
    await step(as('station_head'), id, 'confirm-assign', { workerId: world.a.userIds.repair_worker });
    await refused(id, 403, 'FORBIDDEN', () => act(as('grid_worker'), a(), id, 'accept'));
    await refused(id, 403, 'FORBIDDEN', () =>
      act(as('agent'), a(), id, 'reassign', { workerId: world.a.userIds.grid_worker, reason: '调整' }),
    );
  });

  it('another subsidiary’s user answers 403 TENANT_FORBIDDEN and changes nothing', async () => {
    // given a ticket of A waiting for dispatch
    const id = await ticket();
    await openTaskOf(ctx.server, a(), id, 'dispatch');
    // when B's agent dispatches it
    await refused(id, 403, 'TENANT_FORBIDDEN', () => act(world.b.as.agent, a(), id, 'dispatch', { stationId: a().stationId }));
  });

  it('a worker of another station, another subsidiary’s station or a missing reason answers 400 and changes nothing', async () => {
    // given a dispatched ticket
    const id = await ticket();
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    // when the station head assigns B's worker, the agent dispatches to B's station, a worker rejects without reason
    await refused(id, 400, 'VALIDATION_FAILED', () =>
      act(as('station_head'), a(), id, 'confirm-assign', { workerId: world.b.userIds.repair_worker }),
    );
    await refused(id, 400, 'VALIDATION_FAILED', () =>
      act(as('station_head'), a(), id, 'confirm-assign', { workerId: world.a.userIds.agent }),
    );
    await refused(id, 400, 'VALIDATION_FAILED', () => act(as('station_head'), a(), id, 'return', {}));
  });

  it('satisfaction and signature are immutable: a second handle submission answers 409 and keeps the first', async () => {
    // given a ticket handled with satisfaction "satisfied" and a signature
    const id = await ticket();
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    await step(as('station_head'), id, 'confirm-assign', { workerId: world.a.userIds.repair_worker });
    await step(as('repair_worker'), id, 'accept');
    const tenant = await ctx.server.services.tenants.byId(a().id);
    const sig = await ticketAttachmentModel(tenant.db).create({
      ticket_id: id,
      kind: 'signature',
      storage_key: `sig-${id}-${ctx.dialect}`,
      file_name: 'sign.png',
      mime: 'image/png',
      size: 10,
      sha256: 'a'.repeat(64),
      uploaded_by: world.a.userIds.repair_worker,
      created_at: new Date(),
    });
    const sigId = sig.id;
    await step(as('repair_worker'), id, 'handle', { ...handled, signatureAttachmentId: sigId });
    // when the worker submits again with another satisfaction
    await refused(id, 409, 'TICKET_STATE_CONFLICT', () =>
      act(as('repair_worker'), a(), id, 'handle', { ...handled, satisfaction: 'dissatisfied' }),
    );
    // then the row keeps the first values
    const row = await ticketModel(tenant.db).findByPk(id);
    assert.equal(row?.satisfaction, 'satisfied');
    assert.equal(row?.signature_attachment_id, sigId);
  });

  it('actions on an ended ticket answer 409 naming it closed', async () => {
    // given a closed ticket
    const id = await ticket();
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    await step(as('station_head'), id, 'close-directly', { note: '电话指导' });
    await step(as('agent'), id, 'callback', { outcome: 'satisfied' });
    // when the agent asks to void it or marks it waiting on the customer
    const res = await refused(id, 409, 'TICKET_STATE_CONFLICT', () => act(as('agent'), a(), id, 'request-void', { reason: '重复工单' }));
    await refused(id, 409, 'TICKET_STATE_CONFLICT', () => act(as('agent'), a(), id, 'waiting-customer', {}));
    // then the message says it is closed
    assert.match(res.body.message!, /已办结/);
  });

  it('waiting on the customer pauses once and resumes once', async () => {
    // given a dispatched ticket
    const id = await ticket();
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    // when the agent marks it waiting on the customer
    assert.equal((await step(as('agent'), id, 'waiting-customer', { reason: '用户出差' })).waitingCustomer, true);
    // then a second mark is refused, the customer coming back resumes it, and a second resume is refused
    await refused(id, 409, 'TICKET_STATE_CONFLICT', () => act(as('agent'), a(), id, 'waiting-customer', {}));
    assert.equal((await step(as('agent'), id, 'customer-back', { note: '用户已回家' })).waitingCustomer, false);
    await refused(id, 409, 'TICKET_STATE_CONFLICT', () => act(as('agent'), a(), id, 'customer-back', {}));
  });

  it('a second delay request while one is in approval answers 409', async () => {
    // given a ticket being handled whose delays need the station
    const id = await createTicket(ctx.server, a(), { chains: { delay: ['station'] } });
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    await step(as('station_head'), id, 'confirm-assign', { workerId: world.a.userIds.repair_worker });
    await step(as('repair_worker'), id, 'accept');
    await step(as('repair_worker'), id, 'request-delay', { minutes: 60, reason: '等待配件' });
    // when the worker asks again
    await refused(id, 409, 'TICKET_STATE_CONFLICT', () =>
      act(as('repair_worker'), a(), id, 'request-delay', { minutes: 30, reason: '再等等' }),
    );
    // and an approver of another level tries the station's step
    const task = await openTaskOf(ctx.server, a(), id, 'approve');
    const before = await settled(ctx.server, a(), id);
    const res = await as('subsidiary_admin').post(`/api/subsidiaries/${a().id}/tickets/${id}/approvals/${task.taskKey}/decide`, {
      decision: 'approve',
    });
    // then it is refused and nothing changed
    assert.equal(res.status, 403);
    assert.equal(await snapshot(ctx.server, a(), id), before);
  });

  it('idempotency: a repeat with the same key answers the first answer and does nothing twice; another body answers 409', async () => {
    // given a ticket waiting for dispatch
    const id = await ticket();
    await openTaskOf(ctx.server, a(), id, 'dispatch');
    const body = { stationId: a().stationId, note: '请尽快上门' };
    // when the agent sends the same dispatch twice with one key
    const first = await act(as('agent'), a(), id, 'dispatch', body, `k-${id}`);
    const again = await act(as('agent'), a(), id, 'dispatch', body, `k-${id}`);
    // then both answer the same, the second marked replayed, and the timeline has one dispatch
    assert.equal(first.status, 200);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal((await timeline(ctx.server, a(), id)).filter((e) => e.kind === 'dispatched' && e.actor_id !== null).length, 1);
    // when the same key comes with another body
    const before = await settled(ctx.server, a(), id);
    const other = await act(as('agent'), a(), id, 'dispatch', { ...body, note: '改了' }, `k-${id}`);
    // then it is refused and nothing changed (the audit log aside, no replay was recorded either)
    assert.equal(other.status, 409);
    assert.equal(await snapshot(ctx.server, a(), id), before);
    // and without a key the repeat meets the new state
    assert.equal((await act(as('agent'), a(), id, 'dispatch', body)).status, 409);
  });

  it('two racing requests on one step: exactly one wins, the other answers 409', async () => {
    // given a ticket assigned to the repair worker, and another waiting for dispatch
    const id = await ticket();
    await step(as('agent'), id, 'dispatch', { stationId: a().stationId });
    await step(as('station_head'), id, 'confirm-assign', { workerId: world.a.userIds.repair_worker });
    const other = await ticket();
    await openTaskOf(ctx.server, a(), other, 'dispatch');
    // when the worker accepts and rejects at once, and two agents dispatch at once
    const [acc, rej] = await Promise.all([
      act(as('repair_worker'), a(), id, 'accept'),
      act(as('repair_worker'), a(), id, 'reject', { reason: '不在片区' }),
    ]);
    const [d1, d2] = await Promise.all([
      act(as('agent'), a(), other, 'dispatch', { stationId: a().stationId }),
      act(as('supervisor'), a(), other, 'dispatch', { stationId: a().stationId }),
    ]);
    // then one of each pair wins and the loser gets 409
    for (const pair of [
      [acc, rej],
      [d1, d2],
    ]) {
      assert.deepEqual(pair.map((r) => r.status).sort(), [200, 409], JSON.stringify(pair.map((r) => r.body)));
      assert.equal(pair.find((r) => r.status === 409)!.body.code, 'TICKET_STATE_CONFLICT');
    }
    const kinds = (await timeline(ctx.server, a(), id)).filter((e) => e.actor_id === world.a.userIds.repair_worker).map((e) => e.kind);
    assert.equal(kinds.filter((k) => k === 'accepted' || k === 'rejected').length, 1, kinds.join(','));
  });
});
