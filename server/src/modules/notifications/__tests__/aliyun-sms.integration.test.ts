import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { rpcSignature } from '../providers/aliyun-rpc-signature.js';
import { eventually, outboxRows } from './notification-harness.js';

test("given the parameters of Alibaba Cloud's documented signing example, then the RPC signature is the documented one", () => {
  const params = {
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    Format: 'XML',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    SignatureVersion: '1.0',
    Timestamp: '2016-02-23T12:46:24Z',
    Version: '2014-05-26',
  };
  assert.equal(rpcSignature(params, 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
});

const SECRET = 'local-test-secret';

/**
 * A local stand-in for dysmsapi.aliyuncs.com: checks the signature of every request with the
 * secret it shares with the server under test, answers `SignatureDoesNotMatch` like the real API
 * on a bad one, rate-limits numbers ending in 9, accepts the rest.
 */
async function startDysmsapi() {
  const received: Record<string, string>[] = [];
  const server = http.createServer((req, res) => {
    const params = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    received.push(params);
    const { Signature, ...rest } = params;
    const answer =
      Signature !== rpcSignature(rest, SECRET)
        ? { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' }
        : params.PhoneNumbers?.endsWith('9')
          ? { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1' }
          : { Code: 'OK', Message: 'OK', BizId: `biz-${params.OutId}`, RequestId: 'req-1' };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const api = await startDysmsapi();
after(() => api.close());

describeEachDb(
  'notification dispatch: Alibaba Cloud SMS provider',
  (ctx) => {
    let world: World;
    before(async () => {
      world = await buildWorld(ctx.server, 'ali');
    });

    const notify = (kind: 'overdue' | 'task_assigned', to: string, tag: string) =>
      ctx.server.services.notifications.notify([
        {
          kind,
          title: kind === 'overdue' ? '工单已超时，请尽快处理' : '您有新的工单待处理',
          body: `测试短信：${tag}`,
          recipients: [{ id: world.a.userIds.station_head, mobile: to }],
          subsidiaryId: world.a.id,
          eventKey: `ali:${tag}`,
        },
      ]);
    const rows = (tag: string) => outboxRows(ctx.server, "channel = 'sms' AND body = ?", [`测试短信：${tag}`]);

    test('given an overdue notification, when it is dispatched, then SendSms is called, signed, with the kind’s template, the sign name and the row id, and the row is sent', async () => {
      // when
      await notify('overdue', '13800000002', 'overdue');
      // then
      const [row] = await eventually('sent', async () => {
        const r = await rows('overdue');
        return r[0]?.status === 'sent' ? r : undefined;
      });
      assert.equal(row!.provider, 'aliyun');
      const call = api.received.find((p) => p.OutId === String(row!.id) && p.PhoneNumbers === '13800000002');
      assert.ok(call, 'the API was called for the row');
      assert.deepEqual(
        {
          Action: call.Action,
          Version: call.Version,
          SignName: call.SignName,
          TemplateCode: call.TemplateCode,
          AccessKeyId: call.AccessKeyId,
          params: JSON.parse(call.TemplateParam!),
        },
        {
          Action: 'SendSms',
          Version: '2017-05-25',
          SignName: '北方热力',
          TemplateCode: 'SMS_OVERDUE',
          AccessKeyId: 'local-test-id',
          params: { no: '', title: '工单已超时，请尽快处理' },
        },
      );
      assert.match(call.Timestamp!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    test('given a kind without its own template, then the default template is used', async () => {
      await notify('task_assigned', '13800000003', 'default-template');
      const [row] = await eventually('sent', async () => {
        const r = await rows('default-template');
        return r[0]?.status === 'sent' ? r : undefined;
      });
      assert.equal(api.received.find((p) => p.OutId === String(row!.id))?.TemplateCode, 'SMS_DEFAULT');
    });

    test('given the vendor refuses (flow control), then the row stays pending with the vendor code and is retried later', async () => {
      await notify('overdue', '13800000009', 'limited');
      const [row] = await eventually('first attempt', async () => {
        const r = await rows('limited');
        return r[0]?.attempts === 1 ? r : undefined;
      });
      assert.equal(row!.status, 'pending');
      assert.match(row!.last_error ?? '', /isv\.BUSINESS_LIMIT_CONTROL/);
      assert.ok(new Date(row!.next_attempt_at).getTime() > Date.now(), 'retried after a back-off');
    });
  },
  {
    WARMLINE_SMS_PROVIDER: 'aliyun',
    WARMLINE_SMS_ALIYUN_ENDPOINT: api.url,
    WARMLINE_SMS_ALIYUN_ACCESS_KEY_ID: 'local-test-id',
    WARMLINE_SMS_ALIYUN_ACCESS_KEY_SECRET: SECRET,
    WARMLINE_SMS_ALIYUN_SIGN_NAME: '北方热力',
    WARMLINE_SMS_ALIYUN_TEMPLATES: 'overdue:SMS_OVERDUE,default:SMS_DEFAULT',
    WARMLINE_SMS_KINDS: 'task_assigned,overdue',
  },
);
