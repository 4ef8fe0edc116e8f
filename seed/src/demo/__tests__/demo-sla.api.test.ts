import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDb } from '@warmline/server/testing';
import { DEMO_SLA_RULES, seedDemoSla } from '../demo-sla.js';

describeEachDb('seed: demo SLA rules', (ctx) => {
  let added: number;
  before(async () => {
    added = await seedDemoSla(ctx.server.services);
  });

  test('given an empty installation, when the demo SLA rules are seeded twice, then each rule exists once next to the default', async () => {
    assert.equal(added, DEMO_SLA_RULES.length);
    assert.equal(await seedDemoSla(ctx.server.services), 0);
    const rules = await ctx.server.admin.get('/api/sla-rules');
    assert.equal(rules.body.length, DEMO_SLA_RULES.length + 1);
  });

  test('given the demo rules, then an urgent repair taken Friday 16:00 is due after 4 working hours and a complaint after 2 natural days', async () => {
    const preview = (body: Record<string, unknown>) => ctx.server.admin.post('/api/sla-rules/preview', body);
    const repair = await preview({ ticketType: 'repair', urgency: 'urgent', source: 'phone', startAt: '2026-11-27T16:00:00+08:00' });
    assert.equal(repair.body.rule.name, '紧急报修 4 个工作小时');
    // 90 minutes on Friday, then Monday 08:30 + 150 minutes.
    assert.equal(repair.body.dueAt, new Date('2026-11-30T11:00:00+08:00').toISOString());
    const complaint = await preview({ ticketType: 'complaint', startAt: '2026-09-30T16:00:00+08:00' });
    assert.equal(complaint.body.rule.name, '投诉 2 天（自然时间）');
    assert.equal(complaint.body.dueAt, new Date('2026-10-02T16:00:00+08:00').toISOString());
    const hotline = await preview({ ticketType: 'payment_reminder', source: 'hotline_12345', startAt: '2026-09-30T16:00:00+08:00' });
    assert.equal(hotline.body.rule.name, '12345 工单 24 小时（自然时间）');
  });
});
