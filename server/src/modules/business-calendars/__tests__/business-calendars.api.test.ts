import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { QueryTypes } from 'sequelize';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { DEFAULT_CALENDAR_NAME, STANDARD_WORKING_HOURS } from '../default-calendar.js';

const auditActions = async (ctx: { server: { services: { dbs: { group: import('sequelize').Sequelize } } } }, entityId: number) =>
  (
    await ctx.server.services.dbs.group.query<{ action: string }>(
      "SELECT action FROM audit_logs WHERE entity_type = 'business_calendar' AND entity_id = ? ORDER BY id",
      { replacements: [String(entityId)], type: QueryTypes.SELECT },
    )
  ).map((r) => r.action);

describeEachDb('business calendars API', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'cal');
  });

  test('given a fresh installation, then the standard calendar holds the 2026 holidays and 调休 workdays', async () => {
    const list = await ctx.server.admin.get('/api/business-calendars');
    assert.equal(list.status, 200);
    const standard = list.body.find((c: { name: string }) => c.name === DEFAULT_CALENDAR_NAME);
    assert.ok(standard, 'the standard calendar exists');
    assert.equal(standard.timeZone, 'Asia/Shanghai');
    assert.deepEqual(standard.workingHours.mon, [
      { start: '08:30', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ]);
    assert.deepEqual(standard.overrideYears, { '2026': 39 });
    const year = await ctx.server.admin.get(`/api/business-calendars/${standard.id}/overrides/2026`);
    const byDate = new Map(year.body.items.map((i: { date: string; kind: string }) => [i.date, i.kind]));
    assert.equal(byDate.get('2026-10-01'), 'holiday');
    assert.equal(byDate.get('2026-10-07'), 'holiday');
    assert.equal(byDate.get('2026-10-10'), 'workday');
    assert.equal(byDate.get('2026-02-14'), 'workday');
  });

  test('given overlapping or reversed intervals, when a calendar is created, then 400 names the weekday in Chinese', async () => {
    const res = await ctx.server.admin.post('/api/business-calendars', {
      name: '坏日历',
      workingHours: {
        ...STANDARD_WORKING_HOURS,
        tue: [
          { start: '08:30', end: '12:00' },
          { start: '11:00', end: '17:30' },
        ],
        wed: [{ start: '14:00', end: '09:00' }],
      },
    });
    assert.equal(res.status, 400);
    const fields = res.body.details.map((d: { field: string }) => d.field);
    assert.ok(fields.includes('body.workingHours.tue'), JSON.stringify(res.body.details));
    assert.ok(fields.includes('body.workingHours.wed.0.end'), JSON.stringify(res.body.details));
    for (const d of res.body.details) assert.match(d.message, /[\u4e00-\u9fa5]/);
  });

  test('given a calendar, when its year is replaced, then only valid whole years are accepted and each change is audited', async () => {
    const created = await ctx.server.admin.post('/api/business-calendars', { name: '年度日历', workingHours: STANDARD_WORKING_HOURS });
    assert.equal(created.status, 201);
    const id = created.body.id as number;
    const path = `/api/business-calendars/${id}/overrides/2027`;

    const dup = await ctx.server.admin.put(path, {
      items: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-01', kind: 'workday', name: '重复' },
      ],
    });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.details[0].field, 'body.items.1.date');

    const wrongYear = await ctx.server.admin.put(path, { items: [{ date: '2026-12-31', kind: 'holiday', name: '跨年' }] });
    assert.equal(wrongYear.status, 400);
    assert.match(wrongYear.body.details[0].message, /不在 2027 年内/);

    const ok = await ctx.server.admin.put(path, {
      items: [
        { date: '2027-01-02', kind: 'holiday', name: '元旦' },
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      ],
      reason: '录入 2027 年元旦',
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(
      ok.body.items.map((i: { date: string }) => i.date),
      ['2027-01-01', '2027-01-02'],
    );
    const replaced = await ctx.server.admin.put(path, { items: [{ date: '2027-02-06', kind: 'workday', name: '春节调休上班' }] });
    assert.equal(replaced.status, 200);
    const read = await ctx.server.admin.get(path);
    assert.deepEqual(read.body.items, [{ date: '2027-02-06', kind: 'workday', name: '春节调休上班' }]);
    assert.deepEqual(await auditActions(ctx, id), ['calendar.create', 'calendar.overrides.replace', 'calendar.overrides.replace']);
  });

  test('given a calendar an SLA rule counts on, when it is deleted, then 409 and it stays; unused, it goes with its days', async () => {
    const cal = await ctx.server.admin.post('/api/business-calendars', { name: '在用日历', workingHours: STANDARD_WORKING_HOURS });
    const rule = await ctx.server.admin.post('/api/sla-rules', {
      name: '用日历的规则',
      ticketType: 'temperature_check',
      handleMinutes: 60,
      remindBeforeMinutes: 10,
      timeMode: 'business',
      calendarId: cal.body.id,
    });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    const refused = await ctx.server.admin.delete(`/api/business-calendars/${cal.body.id}`, {});
    assert.equal(refused.status, 409);
    assert.match(refused.body.message, /用日历的规则/);

    assert.equal((await ctx.server.admin.delete(`/api/sla-rules/${rule.body.id}`, {})).status, 204);
    await ctx.server.admin.put(`/api/business-calendars/${cal.body.id}/overrides/2026`, {
      items: [{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }],
    });
    assert.equal((await ctx.server.admin.delete(`/api/business-calendars/${cal.body.id}`, { reason: '不再使用' })).status, 204);
    const [left] = await ctx.server.services.dbs.group.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM calendar_overrides WHERE calendar_id = ?',
      {
        replacements: [cal.body.id],
        type: QueryTypes.SELECT,
      },
    );
    assert.equal(Number(left.n), 0);
  });

  test('given a subsidiary admin and an agent, then the admin reads calendars but cannot change them and the agent cannot read', async () => {
    const subAdmin = world.a.as.subsidiary_admin;
    assert.equal((await subAdmin.get('/api/business-calendars')).status, 200);
    const created = await subAdmin.post('/api/business-calendars', { name: '越权日历', workingHours: STANDARD_WORKING_HOURS });
    assert.equal(created.status, 403);
    assert.equal((await world.a.as.agent.get('/api/business-calendars')).status, 403);
  });
});
