import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, eventually, type World } from '../../../testing/index.js';

/** A ticket type added at runtime — with its SLA rule — is taken in at once, without a server restart. */
describeEachDb('ticket type used at once', (ctx) => {
  let world: World;

  before(async () => {
    world = await buildWorld(ctx.server, 'tyo');
  });

  test('given a type and its 4-hour natural-time rule added through the API, when an agent takes a ticket of it, then the ticket has the type and its clock is due 4 h after intake', async () => {
    // given
    const type = await ctx.server.admin.post('/api/ticket-types', { code: 'pipe_noise_api', name: '管道异响（接口）' });
    assert.equal(type.status, 201, JSON.stringify(type.body));
    const rule = await ctx.server.admin.post('/api/sla-rules', {
      name: '管道异响四小时',
      ticketType: 'pipe_noise_api',
      handleMinutes: 240,
      remindBeforeMinutes: 60,
      timeMode: 'natural',
    });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    // when
    const res = await world.a.as.agent.post(`/api/subsidiaries/${world.a.id}/tickets`, {
      callerPhone: '13911112222',
      typeCode: 'pipe_noise_api',
      urgency: 'normal',
      source: 'phone',
      title: '暖气管道异响',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    // then: the type is on the ticket, and the SLA clock used the new rule (written onto the ticket's instance)
    const ticket = (await world.a.as.agent.get(`/api/subsidiaries/${world.a.id}/tickets/${res.body.id}`)).body;
    assert.equal(ticket.typeCode, 'pipe_noise_api');
    assert.equal(ticket.typeName, '管道异响（接口）');
    const dueAt = await eventually('the clock to compute the due time', async () => {
      const vars = (await ctx.server.services.engine.getInstance(world.a.code, res.body.instanceKey))?.variables;
      return typeof vars?.dueAt === 'string' ? vars.dueAt : undefined;
    });
    const minutes = (Date.parse(dueAt) - Date.parse(ticket.createdAt)) / 60_000;
    assert.ok(Math.abs(minutes - 240) < 2, `due ${minutes} minutes after intake`);
  });
});
