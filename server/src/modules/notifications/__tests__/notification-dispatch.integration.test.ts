import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { NotificationDispatcher } from '../notification-dispatcher.js';
import { webhookProvider } from '../providers/webhook.provider.js';
import { eventually, outboxRows } from './notification-harness.js';

interface Received {
  auth: string | undefined;
  body: { id: number; channel: string; to: string; userId: number; title: string; body: string; kind: string };
}

/** A local SMS gateway: records every request; numbers ending in 9 always fail, others fail their first attempt. */
async function startGateway() {
  const received: Received[] = [];
  const seen = new Set<number>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Received['body'];
      received.push({ auth: req.headers.authorization, body });
      const fail = body.to.endsWith('9') || (body.to.endsWith('1') && !seen.has(body.id));
      seen.add(body.id);
      res.statusCode = fail ? 503 : 200;
      res.end(fail ? 'busy' : '{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const reset = () => {
    received.length = 0;
    seen.clear();
  };
  return { received, reset, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, close: () => server.close() };
}

const gateway = await startGateway();
after(() => gateway.close());

describeEachDb(
  'notification dispatch: webhook provider, retries, two dispatchers',
  (ctx) => {
    let world: World;
    before(async () => {
      gateway.reset(); // row ids start again in each dialect's fresh database
      world = await buildWorld(ctx.server, 'nd');
    });

    const sms = (to: string, tag: string, users: number[]) =>
      ctx.server.services.notifications.notify([
        {
          kind: 'overdue',
          title: '工单已超时',
          body: `工单已超时：${tag}`,
          recipients: users.map((id) => ({ id, mobile: to })),
          subsidiaryId: world.a.id,
          eventKey: `test:${tag}`,
        },
      ]);
    const smsRows = (tag: string) => outboxRows(ctx.server, "channel = 'sms' AND body = ?", [`工单已超时：${tag}`]);
    const retryNow = (tag: string) =>
      ctx.server.services.dbs.group.query("UPDATE notifications SET next_attempt_at = ? WHERE channel = 'sms' AND body = ?", {
        replacements: [new Date(Date.now() - 1000), `工单已超时：${tag}`],
      });

    test('given a gateway that fails the first attempt, when the SMS is dispatched, then it is retried after a back-off and sent once, with the bearer token', async () => {
      // given / when
      await sms('13800000001', 'retry-once', [world.a.userIds.station_head]);
      const first = await eventually('first attempt failed', async () => {
        const [r] = await smsRows('retry-once');
        return r?.attempts === 1 ? r : undefined;
      });
      // then: pending with a later next attempt
      const row = first;
      assert.equal(row.status, 'pending');
      assert.ok(new Date(row.next_attempt_at).getTime() > Date.now() + 2_000, 'backed off by about 5 s');
      assert.match(row.last_error ?? '', /503/);
      // when the back-off has passed
      await retryNow('retry-once');
      ctx.server.services.notifications.dispatcher.wake();
      const [sent] = await eventually('sent', async () => {
        const r = await smsRows('retry-once');
        return r[0]?.status === 'sent' ? r : undefined;
      });
      assert.equal(sent.provider, 'webhook');
      const calls = gateway.received.filter((c) => c.body.id === sent.id);
      assert.equal(calls.length, 2);
      assert.equal(calls[1].auth, 'Bearer test-token');
      assert.deepEqual(
        { to: calls[1].body.to, userId: calls[1].body.userId, kind: calls[1].body.kind, body: calls[1].body.body },
        { to: '13800000001', userId: world.a.userIds.station_head, kind: 'overdue', body: '工单已超时：retry-once' },
      );
    });

    test('given a gateway that always fails, when the attempts are used up, then the message is failed and not sent again', async () => {
      await sms('13800000009', 'always-fails', [world.a.userIds.agent]);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        await eventually(`attempt ${attempt}`, async () => (await smsRows('always-fails'))[0]?.attempts === attempt);
        await retryNow('always-fails');
        ctx.server.services.notifications.dispatcher.wake();
      }
      const [row] = await smsRows('always-fails');
      assert.equal(row.status, 'failed');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(gateway.received.filter((c) => c.body.id === row.id).length, 3);
    });

    test('given many pending messages, when two dispatchers drain the outbox at once, then each message reaches the gateway exactly once', async () => {
      // given: a second dispatcher on the same database, as another process would run
      const other = new NotificationDispatcher(
        ctx.server.services.dbs.group,
        { sms: webhookProvider(gateway.url, 'test-token') },
        { pollMs: 60_000, maxAttempts: 3 },
        ctx.server.services.logger,
      );
      const users = Object.values(world.a.userIds).concat(Object.values(world.b.userIds));
      // when
      await sms('13800000002', 'bulk', users);
      await Promise.all([other.drain(), ctx.server.services.notifications.dispatcher.drain()]);
      // then
      const rows = await eventually('all sent', async () => {
        const r = await smsRows('bulk');
        return r.length === users.length && r.every((x) => x.status === 'sent') ? r : undefined;
      });
      for (const r of rows) assert.equal(gateway.received.filter((c) => c.body.id === r.id).length, 1, `row ${r.id}`);
      await other.stop();
    });
  },
  {
    WARMLINE_SMS_PROVIDER: 'webhook',
    WARMLINE_SMS_WEBHOOK_URL: gateway.url,
    WARMLINE_SMS_WEBHOOK_TOKEN: 'test-token',
    WARMLINE_NOTIFY_MAX_ATTEMPTS: '3',
  },
);
