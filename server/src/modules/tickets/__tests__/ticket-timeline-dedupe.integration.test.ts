import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import type { AuthUser } from '../../../auth/auth-user.js';
import { TicketProjector, ticketProjectorOf } from '../ticket-projector.js';
import { appendOnce } from '../ticket-projector.store.js';
import { writeEvent, type ActionCtx } from '../ticket-actions.context.js';
import { ticketEventModel } from '../ticket-event.model.js';
import { eventsOf, rowReaches, startTicket } from './ticket-read-side.helpers.js';

/**
 * One timeline entry per (ticket, kind, key), whoever writes it: two server processes' projectors
 * hearing the same engine event, or an action recording a step its projector recorded first
 * (unique index `ticket_events_key_uq`, tenant migration 0010).
 */
describeEachDb('ticket timeline: one entry per key', (ctx) => {
  let world: World;

  before(async () => {
    world = await buildWorld(ctx.server, 'tdd');
  });

  it('given two projectors (two server processes), when both replay the same task event at once, then the timeline holds it once', async () => {
    // given a dispatched ticket whose station-confirm entry is missing (neither process has written it yet)
    const t = await startTicket(ctx.server, world, world.a);
    await t.dispatch();
    await rowReaches(t, 'pending_confirm');
    const confirmTask = await t.task('station-confirm');
    await ticketProjectorOf(ctx.server.services).idle();
    const Events = ticketEventModel((await t.tenant()).db);
    await Events.destroy({ where: { ticket_id: t.ticketId, kind: 'task_created', task_key: confirmTask.taskKey } });
    // when this process's projector and a second one hear the event at the same moment, twice each
    const second = new TicketProjector(ctx.server.services);
    const event = { type: 'task.created' as const, tenantId: world.a.code, task: confirmTask };
    for (const p of [ticketProjectorOf(ctx.server.services), second, ticketProjectorOf(ctx.server.services), second])
      p.onEngineEvent(event);
    await new Promise((r) => setTimeout(r, 100));
    await Promise.all([ticketProjectorOf(ctx.server.services).idle(), second.idle()]);
    // then the entry is there exactly once
    const entries = (await eventsOf(t)).filter((e) => e.kind === 'task_created' && e.task_key === confirmTask.taskKey);
    assert.equal(entries.length, 1);
  });

  it('given the projector recorded an approval decision first, when the action records it, then the one entry carries the operator', async () => {
    // given a ticket whose timeline already has the projector's entry for an approval step
    const t = await startTicket(ctx.server, world, world.a);
    const tenant = await t.tenant();
    const taskKey = `tdd-${t.ticketId}`;
    const wrote = await appendOnce(tenant.db, {
      ticket_id: t.ticketId,
      kind: 'approval_decided',
      task_key: taskKey,
      reason: null,
      data: { decision: 'approve' },
    });
    assert.equal(wrote, true);
    // and the same entry heard again is not written again
    assert.equal(
      await appendOnce(tenant.db, { ticket_id: t.ticketId, kind: 'approval_decided', task_key: taskKey, data: { decision: 'approve' } }),
      false,
    );
    // when the approving action records the decision in its transaction
    const user = { id: world.a.userIds.station_head, displayName: '站长甲' } as AuthUser;
    const id = await tenant.db.transaction((tx) => {
      const w: ActionCtx = { services: ctx.server.services, tenant, user, tx, audit: async () => undefined, commit: (work) => work(w) };
      return writeEvent(w, t.ticketId, 'approval_decided', {
        reason: '同意退回',
        data: { decision: 'approve', level: 'station' },
        taskKey,
      });
    });
    // then there is still one entry, and it names the operator and the reason
    const entries = (await eventsOf(t)).filter((e) => e.kind === 'approval_decided' && e.task_key === taskKey);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].id, id);
    assert.equal(Number(entries[0].actor_id), world.a.userIds.station_head);
    assert.equal(entries[0].actor_name, '站长甲');
    assert.equal(entries[0].reason, '同意退回');
    assert.equal(JSON.parse(entries[0].data!).level, 'station');
  });
});
