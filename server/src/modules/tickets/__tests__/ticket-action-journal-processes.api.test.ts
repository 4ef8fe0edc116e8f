import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildWorld, describeEachDb, type ApiClient, type World } from '../../../testing/index.js';
import { startSecondServer, type SecondServer } from '../../../testing/second-server.js';
import { ticketActionIntentModel } from '../ticket-action-journal.js';
import { repairJournal } from '../ticket-action-journal.repair.js';
import { act, createTicket, openTaskOf } from './ticket-actions.harness.js';
import { auditOf, failTimelineWrites, intentsOf, operatorEntries, tenantOf } from './ticket-action-journal.fixtures.js';

/**
 * The journal's repair on two server processes (decision 0018): the minute job is claimed once per
 * slot, each intent is finished by one process only, and a process repairs what is left at its start.
 */
describeEachDb('ticket action journal on two server processes', (ctx) => {
  let world: World;
  let second: SecondServer | undefined;
  const a = () => world.a;
  const as = (role: string): ApiClient => world.a.as[role];
  const tenant = () => tenantOf(ctx.server, a());

  before(async () => {
    world = await buildWorld(ctx.server, 'tjp');
  });
  after(async () => {
    await second?.close();
  });

  /** A dispatch answered 500 after the engine moved; its intent backdated past the repair threshold. */
  const lostDispatch = async (note: string) => {
    const id = await createTicket(ctx.server, a(), { chains: {} });
    await openTaskOf(ctx.server, a(), id, 'dispatch');
    const t = await tenant();
    const restore = await failTimelineWrites(t, id);
    const res = await act(as('agent'), a(), id, 'dispatch', { stationId: a().stationId, note });
    await restore();
    assert.equal(res.status, 500, JSON.stringify(res.body));
    await ticketActionIntentModel(t.db).update({ created_at: new Date(Date.now() - 120_000) }, { where: { ticket_id: id } });
    return id;
  };

  it('given a lost dispatch, when both processes run the journal job and repair at once, then the step is recorded exactly once', async () => {
    // given
    const id = await lostDispatch('两个进程同时修复');
    second = await startSecondServer(ctx.server);
    const t = await tenant();
    const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 13_000);
    // when the job fires on both for the same slot while each also repairs directly
    const [one, two] = await Promise.all([
      ctx.server.services.scheduler.runJob('action-journal', slot),
      second.services.scheduler.runJob('action-journal', slot),
      repairJournal(ctx.server.services, t, 0),
      repairJournal(second.services, await second.services.tenants.byId(a().id), 0),
    ]);
    // then one process ran the slot, and the timeline and audit log hold the dispatch once
    assert.equal([one, two].filter((o) => o.ran).length, 1);
    const entries = await operatorEntries(t, id, 'dispatched');
    assert.equal(entries.length, 1);
    assert.equal(entries[0].reason, '两个进程同时修复');
    assert.equal((await auditOf(t, id, 'ticket.dispatch')).length, 1);
    assert.equal((await intentsOf(t, id)).length, 0);
    await second.close();
    second = undefined;
  });

  it('given a lost dispatch, when another server process starts, then it repairs the intent at its start', async () => {
    // given
    const id = await lostDispatch('启动时修复');
    const t = await tenant();
    assert.equal((await operatorEntries(t, id, 'dispatched')).length, 0);
    // when a second process starts (its scheduler off, as in every test) and its start-up work is done
    second = await startSecondServer(ctx.server);
    await second.services.scheduler.stop();
    // then the dispatch is recorded once, by the agent, marked recovered
    const entries = await operatorEntries(t, id, 'dispatched');
    assert.equal(entries.length, 1);
    assert.equal(entries[0].actor_id, a().userIds.agent);
    const audits = await auditOf(t, id, 'ticket.dispatch');
    assert.equal(audits.length, 1);
    assert.equal(audits[0].after.recovered, true);
    assert.equal((await intentsOf(t, id)).length, 0);
  });
});
