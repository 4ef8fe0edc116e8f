import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildWorld, describeEachDb, type ApiClient, type World } from '../../../testing/index.js';
import { processFingerprint, ticketActionIntentModel } from '../ticket-action-journal.js';
import { repairJournal } from '../ticket-action-journal.repair.js';
import { viewTicket } from '../ticket-actions.context.js';
import { ticketModel } from '../ticket.model.js';
import { act, createTicket, expectOk, openTaskOf, settled, snapshot } from './ticket-actions.harness.js';
import { auditOf, failTimelineWrites, intentsOf, operatorEntries, tenantOf } from './ticket-action-journal.fixtures.js';

/**
 * The ticket action journal (decision 0018): when the action's own transaction fails after the engine
 * moved, the repair (or a retry with the same Idempotency-Key) writes the missing timeline entry and
 * audit record exactly once, as by the original operator; an intent whose engine call never happened
 * is dropped and nothing is written.
 */
describeEachDb('ticket action journal: nothing lost after the engine moved', (ctx) => {
  let world: World;
  const a = () => world.a;
  const as = (role: string): ApiClient => world.a.as[role];
  const tenant = () => tenantOf(ctx.server, a());
  const repair = async (olderThanMs = 0) => repairJournal(ctx.server.services, await tenant(), olderThanMs);
  const dispatch = { note: '请尽快上门' };

  before(async () => {
    world = await buildWorld(ctx.server, 'taj');
  });

  /** A ticket waiting for dispatch whose operator-written timeline entries fail until `restore`. */
  const failingTicket = async () => {
    const id = await createTicket(ctx.server, a(), { chains: {} });
    const dispatchTask = await openTaskOf(ctx.server, a(), id, 'dispatch');
    const restore = await failTimelineWrites(await tenant(), id);
    return { id, dispatchTask, restore };
  };

  const completed = async (taskKey: string) => (await ctx.server.services.engine.getUserTask(a().code, taskKey))?.state;

  it('given a dispatch whose transaction fails after the engine moved, when the repair runs, then the timeline and the audit log have it once, by the agent', async () => {
    // given a dispatch answered 500: the engine completed the task, the SQL write failed
    const { id, dispatchTask, restore } = await failingTicket();
    const res = await act(as('agent'), a(), id, 'dispatch', { stationId: a().stationId, ...dispatch });
    await restore();
    assert.equal(res.status, 500, JSON.stringify(res.body));
    assert.equal(await completed(dispatchTask.taskKey), 'completed');
    const t = await tenant();
    assert.equal((await operatorEntries(t, id, 'dispatched')).length, 0, 'the timeline misses the entry before the repair');
    assert.equal((await auditOf(t, id, 'ticket.dispatch')).length, 0);
    assert.equal((await intentsOf(t, id)).length, 1, 'the intent is left behind');

    // when the repair runs (twice: the second finds nothing left)
    const first = await repair();
    const second = await repair();

    // then the entry is there once, with the agent and the note, and the audit record is marked recovered
    assert.equal(first.recovered, 1);
    assert.equal(second.recovered, 0);
    const entries = await operatorEntries(t, id, 'dispatched');
    assert.equal(entries.length, 1);
    assert.equal(entries[0].actor_id, a().userIds.agent);
    assert.equal(entries[0].reason, dispatch.note);
    assert.equal(entries[0].task_key, dispatchTask.taskKey);
    assert.equal(JSON.parse(entries[0].data).stationId, a().stationId);
    const audits = await auditOf(t, id, 'ticket.dispatch');
    assert.equal(audits.length, 1);
    assert.equal(audits[0].actor_id, a().userIds.agent);
    assert.equal(audits[0].reason, dispatch.note);
    assert.equal(audits[0].after.recovered, true);
    assert.equal((await intentsOf(t, id)).length, 0);
  });

  it('given an action that succeeds, then it leaves no intent behind', async () => {
    // given a ticket waiting for dispatch
    const id = await createTicket(ctx.server, a(), { chains: {} });
    await openTaskOf(ctx.server, a(), id, 'dispatch');
    // when the agent dispatches it
    expectOk(await act(as('agent'), a(), id, 'dispatch', { stationId: a().stationId }), 'dispatch');
    // then the journal holds nothing for it and the timeline has the entry
    const t = await tenant();
    assert.equal((await intentsOf(t, id)).length, 0);
    assert.equal((await operatorEntries(t, id, 'dispatched')).length, 1);
  });

  it('given a failed dispatch with an Idempotency-Key, when it is retried with the same key, then it answers the result (not 409) and records the step once', async () => {
    // given the first try answered 500 after the engine moved
    const { id, restore } = await failingTicket();
    const key = `journal-retry-${id}`;
    const body = { stationId: a().stationId, ...dispatch };
    const failed = await act(as('agent'), a(), id, 'dispatch', body, key);
    await restore();
    assert.equal(failed.status, 500, JSON.stringify(failed.body));

    // when the agent retries with the same key, and once more
    const retried = expectOk(await act(as('agent'), a(), id, 'dispatch', body, key), 'retry');
    const replay = await act(as('agent'), a(), id, 'dispatch', body, key);

    // then the retry answers the dispatched ticket, the replay the same answer, and the step is recorded once
    assert.ok(
      retried.openTasks.some((task) => task.elementId === 'station-confirm'),
      JSON.stringify(retried.openTasks),
    );
    assert.ok(retried.eventId > 0);
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.body.eventId, retried.eventId);
    const t = await tenant();
    const entries = await operatorEntries(t, id, 'dispatched');
    assert.deepEqual(
      entries.map((e) => [e.id, e.actor_id, e.reason]),
      [[retried.eventId, a().userIds.agent, dispatch.note]],
    );
    assert.equal((await auditOf(t, id, 'ticket.dispatch')).length, 1);
    assert.equal((await intentsOf(t, id)).length, 0);
    assert.equal((await repair()).recovered, 0, 'nothing left for the repair');
  });

  it('given a failed dispatch with an Idempotency-Key the repair finished, when it is retried with that key, then it replays the repaired answer', async () => {
    // given the first try failed and the repair recorded it
    const { id, restore } = await failingTicket();
    const key = `journal-repaired-${id}`;
    const body = { stationId: a().stationId };
    const failed = await act(as('agent'), a(), id, 'dispatch', body, key);
    await restore();
    assert.equal(failed.status, 500, JSON.stringify(failed.body));
    assert.equal((await repair()).recovered, 1);

    // when the agent retries with the same key
    const retried = await act(as('agent'), a(), id, 'dispatch', body, key);

    // then the answer is the repaired one, replayed, and nothing was done twice
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.equal(retried.headers.get('idempotent-replayed'), 'true');
    const entries = await operatorEntries(await tenant(), id, 'dispatched');
    assert.equal(entries.length, 1);
    assert.equal(retried.body.eventId, entries[0].id);
    // and the same key with another request is still refused
    const other = await act(as('agent'), a(), id, 'dispatch', { stationId: a().stationId, note: '别的请求' }, key);
    assert.equal(other.status, 409, JSON.stringify(other.body));
  });

  it('given a message action (等待客户) whose transaction fails after the process took it, when the repair runs, then its entry and audit record are there', async () => {
    // given waiting-customer answered 500 while the process already waits for the customer
    const { id, restore } = await failingTicket();
    const res = await act(as('agent'), a(), id, 'waiting-customer', { reason: '客户不在家' });
    await restore();
    assert.equal(res.status, 500, JSON.stringify(res.body));
    const t = await tenant();
    assert.equal((await operatorEntries(t, id, 'updated')).length, 0);

    // when the repair runs
    assert.equal((await repair()).recovered, 1);

    // then the entry names the agent and the reason, the audit record is marked recovered
    const entries = await operatorEntries(t, id, 'updated');
    assert.equal(entries.length, 1);
    assert.equal(entries[0].actor_id, a().userIds.agent);
    assert.equal(entries[0].reason, '客户不在家');
    assert.deepEqual(JSON.parse(entries[0].data), { waitingCustomer: true });
    const audits = await auditOf(t, id, 'ticket.waiting-customer');
    assert.equal(audits.length, 1);
    assert.equal(audits[0].after.recovered, true);
  });

  it('given intents whose engine call never happened, when the repair runs, then they are dropped and nothing is written', async () => {
    // given a ticket waiting for dispatch and two stale intents for it: a dispatch and a message action
    const id = await createTicket(ctx.server, a(), { chains: {} });
    const task = await openTaskOf(ctx.server, a(), id, 'dispatch');
    const t = await tenant();
    const before = await settled(ctx.server, a(), id);
    const row = await ticketModel(t.db).findByPk(id);
    const fingerprint = processFingerprint(await viewTicket(ctx.server.services, t, row!));
    const stale = new Date(Date.now() - 60_000);
    const intent = {
      ticket_id: id,
      operator_id: a().userIds.agent,
      operator_name: '坐席',
      reason: '从未办理',
      data: '{}',
      payload: '{}',
      created_at: stale,
    };
    await ticketActionIntentModel(t.db).bulkCreate([
      { ...intent, what: '派单', kind: 'dispatched', action: 'ticket.dispatch', task_key: task.taskKey },
      { ...intent, what: '标记等待客户', kind: 'updated', action: 'ticket.waiting-customer', fingerprint },
    ]);
    // and a young one the repair must leave to its action
    await ticketActionIntentModel(t.db).create({
      ...intent,
      what: '派单',
      kind: 'dispatched',
      action: 'ticket.dispatch',
      task_key: task.taskKey,
      created_at: new Date(),
    });

    // when the repair runs with the 30 s threshold
    const counts = await repair(30_000);

    // then the stale intents are dropped, the young one stays, and the ticket is exactly as before
    assert.deepEqual(counts, { recovered: 0, dropped: 2, kept: 0 });
    assert.equal((await intentsOf(t, id)).length, 1);
    assert.equal(await snapshot(ctx.server, a(), id), before);
    assert.equal(await completed(task.taskKey), 'created');
    await ticketActionIntentModel(t.db).destroy({ where: { ticket_id: id } });
  });
});
