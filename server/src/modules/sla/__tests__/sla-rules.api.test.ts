import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { DEFAULT_SLA_RULE } from '../ensure-business-time-defaults.js';

describeEachDb('SLA rules API', (ctx) => {
  let world: World;
  let calendarId: number;
  before(async () => {
    world = await buildWorld(ctx.server, 'sla');
    calendarId = (await ctx.server.admin.get('/api/business-calendars')).body[0].id;
  });

  const preview = (body: Record<string, unknown>) => ctx.server.admin.post('/api/sla-rules/preview', body);

  test('given only the default rule, when a ticket starts on the eve of 国庆, then its two working days skip the Golden Week', async () => {
    const res = await preview({ ticketType: 'repair', urgency: 'normal', source: 'phone', startAt: '2026-09-30T16:00:00+08:00' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.rule.name, DEFAULT_SLA_RULE.name);
    assert.equal(res.body.rule.specificity, 0);
    // 900 working minutes: 90 on 09-30, 450 on 10-08, 360 on 10-09 → 10-09 16:00; reminder 120 minutes earlier.
    assert.equal(res.body.dueAt, new Date('2026-10-09T16:00:00+08:00').toISOString());
    assert.equal(res.body.remindAt, new Date('2026-10-09T14:00:00+08:00').toISOString());
  });

  test('given rules naming one, two and three fields, then the most specific enabled match wins and disabling it falls back', async () => {
    const mk = async (body: Record<string, unknown>) => {
      const r = await ctx.server.admin.post('/api/sla-rules', { remindBeforeMinutes: 30, timeMode: 'natural', ...body });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body as { id: number; specificity: number };
    };
    const byType = await mk({ name: '报修', ticketType: 'repair', handleMinutes: 1440 });
    const byTypeUrgency = await mk({ name: '紧急报修', ticketType: 'repair', urgency: 'urgent', handleMinutes: 240 });
    const all3 = await mk({ name: '12345 紧急报修', ticketType: 'repair', urgency: 'urgent', source: 'hotline_12345', handleMinutes: 120 });
    const byUrgencySource = await mk({ name: '紧急电话', urgency: 'urgent', source: 'phone', handleMinutes: 600 });
    assert.deepEqual([byType.specificity, byTypeUrgency.specificity, all3.specificity], [1, 2, 3]);

    const rule = async (b: Record<string, unknown>) => (await preview({ startAt: '2026-11-24T09:00:00+08:00', ...b })).body.rule.id;
    assert.equal(await rule({ ticketType: 'repair', urgency: 'urgent', source: 'hotline_12345' }), all3.id);
    // Two named fields tie: the one naming the ticket type outranks urgency + source.
    assert.equal(await rule({ ticketType: 'repair', urgency: 'urgent', source: 'phone' }), byTypeUrgency.id);
    assert.equal(await rule({ ticketType: 'complaint', urgency: 'urgent', source: 'phone' }), byUrgencySource.id);
    assert.equal(await rule({ ticketType: 'repair', urgency: 'normal' }), byType.id);

    const off = await ctx.server.admin.patch(`/api/sla-rules/${all3.id}`, { enabled: false, reason: '暂停使用' });
    assert.equal(off.status, 200);
    assert.equal(await rule({ ticketType: 'repair', urgency: 'urgent', source: 'hotline_12345' }), byTypeUrgency.id);
    const res = await preview({ ticketType: 'repair', urgency: 'urgent', startAt: '2026-11-24T09:00:00+08:00' });
    assert.equal(res.body.dueAt, new Date('2026-11-24T13:00:00+08:00').toISOString(), 'natural mode: 240 plain minutes');

    const list = await ctx.server.admin.get('/api/sla-rules');
    assert.equal(list.body[0].specificity, 3, 'the list shows the most specific rules first');
  });

  test('given invalid rules, then each is refused with a Chinese message on the offending field', async () => {
    const base = { name: '坏规则', ticketType: 'consultation', handleMinutes: 60, remindBeforeMinutes: 10, timeMode: 'business' };
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [base, 'body.calendarId', 400],
      [{ ...base, calendarId: calendarId, remindBeforeMinutes: 60 }, 'body.remindBeforeMinutes', 400],
      [{ ...base, calendarId: calendarId, ticketType: 'no_such_type' }, 'body.ticketType', 400],
      [{ ...base, calendarId: 999_999 }, 'body.calendarId', 400],
      [{ ...base, calendarId: calendarId, timeMode: 'lunar' }, 'body.timeMode', 400],
    ];
    for (const [body, field, status] of cases) {
      const res = await ctx.server.admin.post('/api/sla-rules', body);
      assert.equal(res.status, status, `${field}: ${JSON.stringify(res.body)}`);
      const detail = res.body.details.find((d: { field: string }) => d.field === field);
      assert.ok(detail, `${field} named in ${JSON.stringify(res.body.details)}`);
      assert.match(detail.message, /[\u4e00-\u9fa5]/);
    }
    const first = await ctx.server.admin.post('/api/sla-rules', { ...base, calendarId });
    assert.equal(first.status, 201);
    const again = await ctx.server.admin.post('/api/sla-rules', { ...base, name: '同条件', calendarId });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'DUPLICATE');
  });

  test('given a subsidiary admin, then rules can be read and previewed but not changed; a worker cannot read them', async () => {
    const subAdmin = world.a.as.subsidiary_admin;
    assert.equal((await subAdmin.get('/api/sla-rules')).status, 200);
    assert.equal((await subAdmin.post('/api/sla-rules/preview', { ticketType: 'repair' })).status, 200);
    const created = await subAdmin.post('/api/sla-rules', { name: '越权', handleMinutes: 60, remindBeforeMinutes: 0, timeMode: 'natural' });
    assert.equal(created.status, 403);
    assert.equal((await world.a.as.repair_worker.get('/api/sla-rules')).status, 403);
  });
});
