import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config.js';

test('given no environment, when config loads, then the embedded defaults apply', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.deepEqual(c.database, { kind: 'sqlite' });
  assert.equal(c.seedDemo, true);
  assert.ok(c.dataDir.endsWith('/data'));
});

test('given a MySQL URL, when config loads, then the URL database is the group database', () => {
  const c = loadConfig({ WARMLINE_DATABASE_URL: 'mysql://root@127.0.0.1:3306/heat' });
  assert.equal(c.database.kind, 'mysql');
  assert.equal(c.database.kind === 'mysql' && c.database.groupDatabase, 'heat');
});

test('given invalid values, when config loads, then it fails naming each variable', () => {
  assert.throws(() => loadConfig({ PORT: 'abc' }), /PORT/);
  assert.throws(() => loadConfig({ WARMLINE_DATABASE_URL: 'postgres://x/y' }), /WARMLINE_DATABASE_URL/);
  assert.throws(() => loadConfig({ WARMLINE_ADMIN_PASSWORD: 'short' }), /WARMLINE_ADMIN_PASSWORD/);
  assert.throws(() => loadConfig({ WARMLINE_DATABASE_URL: 'mysql://h/bad-name;drop' }), /WARMLINE_DATABASE_URL/);
});

test('given the Aliyun SMS provider, when config loads, then the AccessKey, sign name and a template for every SMS kind are required', () => {
  const base = {
    WARMLINE_SMS_PROVIDER: 'aliyun',
    WARMLINE_SMS_ALIYUN_ACCESS_KEY_ID: 'id',
    WARMLINE_SMS_ALIYUN_ACCESS_KEY_SECRET: 'secret',
    WARMLINE_SMS_ALIYUN_SIGN_NAME: '北方热力',
    WARMLINE_SMS_KINDS: 'overdue,reassigned',
  };
  const ok = loadConfig({ ...base, WARMLINE_SMS_ALIYUN_TEMPLATES: 'overdue:SMS_1, reassigned:SMS_2' });
  assert.deepEqual(ok.notifications.sms, {
    kind: 'aliyun',
    aliyun: {
      endpoint: 'https://dysmsapi.aliyuncs.com',
      accessKeyId: 'id',
      accessKeySecret: 'secret',
      signName: '北方热力',
      templates: { overdue: 'SMS_1', reassigned: 'SMS_2' },
    },
  });
  assert.throws(() => loadConfig({ ...base, WARMLINE_SMS_ALIYUN_TEMPLATES: 'overdue:SMS_1' }), /no template for reassigned/);
  assert.throws(() => loadConfig({ ...base, WARMLINE_SMS_ALIYUN_TEMPLATES: 'overdue' }), /"overdue" is not kind:TEMPLATE_CODE/);
  assert.throws(
    () => loadConfig({ WARMLINE_SMS_PROVIDER: 'aliyun', WARMLINE_SMS_ALIYUN_TEMPLATES: 'default:SMS_9' }),
    /WARMLINE_SMS_ALIYUN_ACCESS_KEY_ID[\s\S]*WARMLINE_SMS_ALIYUN_ACCESS_KEY_SECRET[\s\S]*WARMLINE_SMS_ALIYUN_SIGN_NAME/,
  );
});
