import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { buildSdkConfig, resolveOptions } from '../zeebe-options.js';
import { startHarness } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('zeebe driver: configuration and authentication', () => {
  test('given the SDK configuration keys, then the driver passes every one explicitly except the two deprecated TLS switches', async () => {
    const sdk = await import('@camunda8/sdk');
    const config = buildSdkConfig(resolveOptions({ gatewayAddress: 'zeebe:26500', restAddress: 'http://zeebe:8080' })) as Record<
      string,
      unknown
    > & { zeebeGrpcSettings: Record<string, unknown> };
    const sdkKeys = [
      ...Object.keys(sdk.CamundaSDKConfiguration).filter((k) => k !== 'zeebeGrpcSettings'),
      ...Object.keys(sdk.CamundaSDKConfiguration.zeebeGrpcSettings),
    ];
    const missing = sdkKeys.filter((k) => (k in config ? config[k] : config.zeebeGrpcSettings[k]) === undefined);
    assert.deepEqual(missing.sort(), ['CAMUNDA_SECURE_CONNECTION', 'ZEEBE_INSECURE_CONNECTION']);
  });

  test('given addresses and TLS settings, when resolving, then gRPC gets a scheme and REST loses a trailing /v2', () => {
    assert.equal(resolveOptions({ gatewayAddress: 'zeebe:26500', restAddress: 'http://z:8080/v2/' }).grpcAddress, 'grpc://zeebe:26500');
    assert.equal(resolveOptions({ gatewayAddress: 'zeebe:26500', restAddress: 'http://z:8080/v2/' }).restAddress, 'http://z:8080');
    assert.equal(resolveOptions({ gatewayAddress: 'zeebe:443', restAddress: 'https://z', tls: true }).grpcAddress, 'grpcs://zeebe:443');
    assert.equal(
      resolveOptions({ gatewayAddress: 'grpcs://zeebe:443', restAddress: 'https://z', tls: false }).grpcAddress,
      'grpcs://zeebe:443',
    );
    assert.deepEqual(resolveOptions({ gatewayAddress: 'zeebe:26500', restAddress: 'http://z' }).tenantIds, ['<default>']);
  });

  test('given wrong options, when resolving, then each is refused with a clear message', () => {
    assert.throws(() => resolveOptions({ gatewayAddress: '', restAddress: 'http://z' }), /gatewayAddress \(ZEEBE_ADDRESS\) is required/);
    assert.throws(() => resolveOptions({ gatewayAddress: 'zeebe', restAddress: 'http://z' }), /must include a port/);
    assert.throws(() => resolveOptions({ gatewayAddress: 'http://zeebe:1', restAddress: 'http://z' }), /use host:port/);
    assert.throws(() => resolveOptions({ gatewayAddress: 'z:1', restAddress: '' }), /restAddress \(ZEEBE_REST_ADDRESS\) is required/);
    assert.throws(() => resolveOptions({ gatewayAddress: 'z:1', restAddress: 'ftp://z' }), /http:\/\/ or https:\/\//);
    assert.throws(
      () => resolveOptions({ gatewayAddress: 'z:1', restAddress: 'http://z', requestTimeoutMs: 0 }),
      /requestTimeoutMs must be a positive/,
    );
    assert.throws(
      () =>
        resolveOptions({
          gatewayAddress: 'z:1',
          restAddress: 'http://z',
          auth: { kind: 'oauth', clientId: 'a', clientSecret: '', tokenUrl: 'http://t' },
        }),
      /needs clientId, clientSecret and tokenUrl/,
    );
    assert.throws(() => resolveOptions({ gatewayAddress: 'z:1', restAddress: 'http://z', tenantIds: ['bad tenant'] }), /invalid/);
  });

  test('given basic auth, when calling, then gRPC metadata and REST requests carry the Basic credentials', async () => {
    const h = await startHarness({ auth: { kind: 'basic', username: 'warmline', password: 's3cret' } });
    try {
      await h.engine.cancelInstance('SUB01', '1');
      await h.engine.listIncidents('SUB01');
      assert.equal(h.gateway.callsOf('CancelProcessInstance')[0].metadata.authorization, basic('warmline', 's3cret'));
      assert.equal(h.rest.requestsTo('POST', '/v2/incidents/search')[0].headers.authorization, basic('warmline', 's3cret'));
    } finally {
      await h.stop();
    }
  });

  test('given OAuth client credentials, when calling, then a token is fetched from the token URL and sent as Bearer on gRPC and REST', async () => {
    const { FakeRestApi } = await import('./fake-rest.js');
    const identity = new FakeRestApi();
    const identityUrl = await identity.start();
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'warmline', exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
    identity.on('POST', '/oauth/token', () => ({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    const h = await startHarness({
      auth: { kind: 'oauth', clientId: 'warmline', clientSecret: 'secret', tokenUrl: `${identityUrl}/oauth/token`, audience: 'zeebe-api' },
    });
    try {
      await h.engine.cancelInstance('SUB01', '1');
      await h.engine.listIncidents('SUB01');
      assert.equal(h.gateway.callsOf('CancelProcessInstance')[0].metadata.authorization, `Bearer ${token}`);
      assert.equal(h.rest.requestsTo('POST', '/v2/incidents/search')[0].headers.authorization, `Bearer ${token}`);
      const tokenRequest = String(identity.requests[0].body);
      assert.match(tokenRequest, /client_id=warmline/);
      assert.match(tokenRequest, /client_secret=secret/);
      assert.match(tokenRequest, /audience=zeebe-api/);
      assert.match(tokenRequest, /grant_type=client_credentials/);
    } finally {
      await h.stop();
      await identity.stop();
    }
  });

  test('given an environment full of SDK variables pointing elsewhere, when the driver runs, then it uses only what it was configured with', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'env-isolation.child.ts')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        ZEEBE_ADDRESS: '127.0.0.1:1',
        ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:1',
        ZEEBE_REST_ADDRESS: 'http://127.0.0.1:1',
        CAMUNDA_TENANT_ID: 'evil-tenant',
        CAMUNDA_AUTH_STRATEGY: 'OAUTH',
        ZEEBE_CLIENT_ID: 'evil',
        ZEEBE_CLIENT_SECRET: 'evil',
        CAMUNDA_OAUTH_URL: 'http://127.0.0.1:1/token',
        CAMUNDA_BASIC_AUTH_USERNAME: 'evil',
        CAMUNDA_BASIC_AUTH_PASSWORD: 'evil',
        CAMUNDA_CUSTOM_ROOT_CERT_PATH: '/nonexistent/ca.pem',
        CAMUNDA_CUSTOM_USER_AGENT_STRING: 'evil-agent',
        CAMUNDA_SUPPORT_LOG_ENABLED: 'true',
        CAMUNDA_SUPPORT_LOG_FILE_PATH: '/nonexistent/support.log',
      },
    });
    const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
    assert.ok(line, `child printed no result (status ${child.status}): ${child.stderr}`);
    assert.deepEqual(JSON.parse(line), {
      grpcTenant: 'SUB01',
      grpcAuthorization: basic('warmline', 's3cret'),
      restAuthorization: basic('warmline', 's3cret'),
      restTenant: 'SUB01',
      tokenRequests: 0,
    });
  });
});
