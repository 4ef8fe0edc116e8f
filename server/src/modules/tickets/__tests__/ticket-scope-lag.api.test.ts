import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { ticketModel } from '../ticket.model.js';
import { attachmentForm, attachmentsPath, jpeg, upload } from './ticket-attachment.test-data.js';
import { rowReaches, startTicket } from './ticket-read-side.helpers.js';

/**
 * The ticket row follows the engine a moment later (the projector, decision 0007). A worker who acts
 * right after the assignment — before the row names them — is in scope by the ticket's process; a
 * user the process does not name is still refused.
 */
describeEachDb('ticket scope while the row catches up', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'tsl');
  });

  it('given a ticket assigned to a worker whose row does not name the worker yet, then the worker reads and uploads; the grid worker gets 403', async () => {
    // given a ticket the station head assigned to the repair worker
    const t = await startTicket(ctx.server, world, world.a);
    await t.dispatch();
    await t.complete('station-confirm', { confirmDecision: 'assign', workerId: world.a.userIds.repair_worker }, t.as('station_head'));
    await rowReaches(t, 'pending_accept');
    // and its row as it is before the projector wrote the assignment: nobody holds it, no station
    await ticketModel((await t.tenant()).db).update({ worker_id: null, station_id: null }, { where: { id: t.ticketId } });
    const base = `/api/subsidiaries/${world.a.id}/tickets/${t.ticketId}`;
    // when the worker opens it and uploads a photo
    const detail = await world.a.as.repair_worker.get(base);
    const timeline = await world.a.as.repair_worker.get(`${base}/timeline`);
    const photo = await upload(world.a.as.repair_worker, world.a, t.ticketId, attachmentForm('现场.jpg', jpeg(), { kind: 'image' }));
    // then the process vouches for them
    assert.equal(detail.status, 200, JSON.stringify(detail.body));
    assert.equal(timeline.status, 200);
    assert.equal(photo.status, 201, JSON.stringify(photo.body));
    assert.equal((await world.a.as.station_head.get(base)).status, 200, 'the station head of the dispatched station');
    // and someone the process does not name is refused, in Chinese
    for (const res of [
      await world.a.as.grid_worker.get(base),
      await world.a.as.grid_worker.get(attachmentsPath(world.a, t.ticketId)),
      await world.a.as.grid_worker.get(`${base}/timeline`),
    ]) {
      assert.equal(res.status, 403);
      assert.equal(res.body.message, '该工单不在您的数据范围内');
    }
  });
});
