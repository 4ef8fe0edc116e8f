import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { QueryTypes } from 'sequelize';
import { buildWorld, describeEachDb, startSecondServer, type SecondServer, type World } from '../../testing/index.js';
import { ticketModel } from '../../modules/tickets/ticket.model.js';
import { createTicket, eventually, openStream, outboxRows } from '../../modules/notifications/__tests__/notification-harness.js';
import { planForFlag } from '../../modules/notifications/notification-rules.js';
import { previousShanghaiDay } from '../jobs/daily-summary.job.js';

const MINUTE = 60_000;

/**
 * Two server processes on the same databases (as behind a load balancer): every scheduler slot runs
 * once, escalations and notifications happen once, and push reaches a user on either process.
 */
describeEachDb(
  'scheduler and notifications across two server processes',
  (ctx) => {
    let world: World;
    let second: SecondServer;

    before(async () => {
      world = await buildWorld(ctx.server, 'sc');
      second = await startSecondServer(ctx.server);
    });
    after(async () => {
      await second?.close();
    });

    const runs = (job: string) =>
      ctx.server.services.dbs.group.query<{ slot: string; owner: string; finished_at: unknown }>(
        'SELECT slot, owner, finished_at FROM scheduler_runs WHERE job = ? ORDER BY slot',
        { replacements: [job], type: QueryTypes.SELECT },
      );

    test('given an open ticket overdue for a day, when both processes run the overdue job for the same slots, then each slot runs once and the ticket escalates once per level', async () => {
      // given: due 25 hours ago (level 1 at due, level 2 after 24 h), at station A, no process clock
      const ticket = await createTicket(ctx.server, world.a, { start: false, dueAt: new Date(Date.now() - 25 * 60 * MINUTE) });
      const slot = new Date(Math.floor(Date.now() / MINUTE) * MINUTE + 7 * 1000);
      // when
      const outcomes = await Promise.all([
        ctx.server.services.scheduler.runJob('overdue', slot),
        second.services.scheduler.runJob('overdue', slot),
        ctx.server.services.scheduler.runJob('overdue', slot),
        second.services.scheduler.runJob('overdue', new Date(slot.getTime() + 1000)),
      ]);
      // then
      assert.equal(outcomes.slice(0, 3).filter((o) => o.ran).length, 1, 'one process ran the slot');
      assert.equal(outcomes[3].ran, true, 'the next slot runs too');
      const slots = (await runs('overdue')).map((r) => r.slot);
      assert.equal(new Set(slots).size, slots.length);
      const tenant = await ctx.server.services.tenants.byId(world.a.id);
      const row = await ticketModel(tenant.db).findByPk(ticket.id);
      assert.equal(row!.sla_flag, 'red');
      assert.equal(row!.priority, 'critical', 'normal → urgent (level 1) → critical (level 2), not further');
      const rows = await outboxRows(ctx.server, "ticket_id = ? AND subsidiary_id = ? AND kind = 'overdue' AND channel = 'inapp'", [
        ticket.id,
        world.a.id,
      ]);
      const perUser = (id: number) => rows.filter((r) => r.user_id === id).length;
      assert.equal(perUser(world.a.userIds.station_head), 2, 'one notification per level');
      assert.equal(perUser(world.a.userIds.supervisor), 2);
      assert.equal(rows.length, 4);
      assert.equal(rows.filter((r) => /第2级升级/.test(r.title)).length, 2);
      const smsToHead = await outboxRows(ctx.server, "ticket_id = ? AND channel = 'sms'", [ticket.id]);
      assert.equal(smsToHead.length, 0, 'no mobile numbers, no SMS');
    });

    test('given a ticket due within its rule’s reminder window, when the due-soon job runs on both processes, then the worker, head and agent are told once', async () => {
      // given: default rule (900 working minutes, reminder 120 before) on a natural-time check at a working moment is
      // not predictable, so the ticket is due in 1 minute: inside any reminder window
      const ticket = await createTicket(ctx.server, world.a, { start: false, dueAt: new Date(Date.now() + MINUTE) });
      const tenant = await ctx.server.services.tenants.byId(world.a.id);
      await ticketModel(tenant.db).update({ worker_id: world.a.userIds.repair_worker }, { where: { id: ticket.id } });
      const slot = new Date(Math.floor(Date.now() / MINUTE) * MINUTE + 13 * 1000);
      // when
      const outcomes = await Promise.all([
        ctx.server.services.scheduler.runJob('due-soon', slot),
        second.services.scheduler.runJob('due-soon', slot),
      ]);
      await second.services.scheduler.runJob('due-soon', new Date(slot.getTime() + MINUTE));
      // then
      assert.equal(outcomes.filter((o) => o.ran).length, 1);
      const rows = await outboxRows(ctx.server, "ticket_id = ? AND subsidiary_id = ? AND kind = 'due_soon' AND channel = 'inapp'", [
        ticket.id,
        world.a.id,
      ]);
      const u = world.a.userIds;
      assert.deepEqual(
        rows.map((r) => r.user_id).sort((x, y) => x - y),
        [u.station_head, u.agent, u.repair_worker].sort((x, y) => x - y),
        'once each, although two slots ran',
      );
      assert.match(rows[0].body, /^工单即将超时：NT-/);
    });

    test('given yesterday’s tickets, when the daily summary runs on both processes, then the subsidiary admins and group leaders get one summary each', async () => {
      // given: one ticket created yesterday (Asia/Shanghai) in A
      const slot = new Date(Date.now() + 3 * 24 * 60 * MINUTE); // a day no other test summarises
      const { start, label } = previousShanghaiDay(slot);
      const t = await createTicket(ctx.server, world.a, { start: false });
      const tenant = await ctx.server.services.tenants.byId(world.a.id);
      await ticketModel(tenant.db).update({ created_at: new Date(start.getTime() + 3_600_000) }, { where: { id: t.id }, silent: true });
      // when
      const outcomes = await Promise.all([
        ctx.server.services.scheduler.runJob('daily-summary', slot),
        second.services.scheduler.runJob('daily-summary', slot),
      ]);
      // then
      assert.equal(outcomes.filter((o) => o.ran).length, 1);
      const rows = await outboxRows(ctx.server, "kind = 'daily_summary' AND channel = 'inapp' AND title = ?", [`每日工单汇总（${label}）`]);
      const forA = rows.filter((r) => r.subsidiary_id === world.a.id);
      assert.deepEqual(
        forA.map((r) => r.user_id),
        [world.a.userIds.subsidiary_admin],
        'leaders of A are placed in A, not above it',
      );
      assert.match(forA[0].body, /^测试分公司A .*：新建 1 单，办结 0 单；当前超时未办结 \d+ 单$/);
      assert.equal(rows.filter((r) => r.user_id === world.a.userIds.subsidiary_admin).length, 1);
      assert.ok(rows.every((r) => r.subsidiary_id !== world.b.id || r.user_id !== world.a.userIds.subsidiary_admin));
    });

    test('given a group leader above the subsidiaries, when the daily summary runs, then the leader gets one summary per subsidiary', async () => {
      // given
      const me = await ctx.server.admin.get('/api/auth/me');
      const leader = await ctx.server.admin.post('/api/users', {
        username: `scleader${Date.now().toString(36)}`,
        password: 'Passw0rd!2026',
        displayName: '集团领导',
        orgId: me.body.orgId,
        roleIds: [world.roleIds.leader],
      });
      assert.equal(leader.status, 201, JSON.stringify(leader.body));
      const slot = new Date(Date.now() + 5 * 24 * 60 * MINUTE);
      // when
      await Promise.all([
        ctx.server.services.scheduler.runJob('daily-summary', slot),
        second.services.scheduler.runJob('daily-summary', slot),
      ]);
      // then
      const rows = await outboxRows(ctx.server, "kind = 'daily_summary' AND channel = 'inapp' AND user_id = ? AND title = ?", [
        leader.body.id,
        `每日工单汇总（${previousShanghaiDay(slot).label}）`,
      ]);
      const subs = rows.map((r) => r.subsidiary_id);
      assert.ok(subs.includes(world.a.id) && subs.includes(world.b.id));
      assert.equal(new Set(subs).size, subs.length);
    });

    test('given the station head streaming from the second process, when the first process stores and claims the notification, then it still arrives', async () => {
      // given
      const head = await second.login(world.a.usernames.station_head, 'Passw0rd!2026');
      const stream = await openStream(head, second);
      try {
        // when: the due-soon job runs on the first process only (the second never claims the row)
        const ticket = await createTicket(ctx.server, world.a, { start: false, dueAt: new Date(Date.now() + MINUTE) });
        await ctx.server.services.notifications.notify(
          await planForFlag(ctx.server.services, {
            tenantId: world.a.code,
            ticketId: ticket.id,
            ticketInstanceKey: '',
            flag: 'yellow',
            dueAt: new Date(Date.now() + MINUTE).toISOString(),
          }),
        );
        // then: the second process's poll (2 s) finds it
        const got = await stream.next<{ ticketId: number; kind: string }>('cross-process push', (n) => n.ticketId === ticket.id, 8_000);
        assert.equal(got.kind, 'due_soon');
        const rows = await eventually('claimed and sent', async () => {
          const r = await outboxRows(ctx.server, "ticket_id = ? AND user_id = ? AND channel = 'inapp'", [
            ticket.id,
            world.a.userIds.station_head,
          ]);
          return r.length === 1 && r[0].status === 'sent' ? r : undefined;
        });
        assert.equal(rows.length, 1);
      } finally {
        stream.close();
      }
    });
  },
  { WARMLINE_SCHEDULER: 'off' },
);

/** The real cron on two processes: every-second schedule, both processes fire, each slot is run by one. */
describeEachDb(
  'node-cron on two processes',
  (ctx) => {
    test('given both processes firing every second, when three seconds pass, then every slot was run exactly once', async () => {
      // given
      const second = await startSecondServer(ctx.server);
      let stats = { ran: 0, skipped: 0 };
      try {
        // when
        await new Promise((r) => setTimeout(r, 3_500));
      } finally {
        await second.close();
        await ctx.server.services.scheduler.stop();
        stats = {
          ran: ctx.server.services.scheduler.stats.ran + second.services.scheduler.stats.ran,
          skipped: ctx.server.services.scheduler.stats.skipped + second.services.scheduler.stats.skipped,
        };
      }
      // then
      const rows = await ctx.server.services.dbs.group.query<{ slot: string; n: number }>(
        "SELECT slot, COUNT(*) AS n FROM scheduler_runs WHERE job = 'due-soon' GROUP BY slot",
        { type: QueryTypes.SELECT },
      );
      assert.ok(rows.length >= 2, `slots run: ${rows.length}`);
      assert.ok(rows.every((r) => Number(r.n) === 1));
      assert.equal(stats.ran, rows.length, 'the runs the two processes won are the slots');
      assert.ok(stats.skipped >= 1, 'the losing process skipped slots the other had claimed');
    });
  },
  {
    WARMLINE_SCHEDULER: 'on',
    WARMLINE_CRON_DUE_SOON: '* * * * * *',
    WARMLINE_CRON_OVERDUE: '0 0 1 1 *',
    WARMLINE_CRON_DAILY_SUMMARY: '0 0 1 1 *',
  },
);
