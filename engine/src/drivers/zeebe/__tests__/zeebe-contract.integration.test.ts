/**
 * The ProcessEngine contract suite against a REAL Camunda 8.8 cluster. It runs only when
 * ZEEBE_ADDRESS is set (no broker can run on the development machines or CI); otherwise this file
 * registers no tests and says why.
 *
 *   ZEEBE_ADDRESS=127.0.0.1:26500 ZEEBE_REST_ADDRESS=http://127.0.0.1:8080 \
 *     node scripts/run-tests.mjs zeebe-contract
 *
 * Optional: ZEEBE_TENANT_ID (default `<default>`), ZEEBE_TLS=true, CAMUNDA_AUTH_STRATEGY=OAUTH with
 * ZEEBE_CLIENT_ID / ZEEBE_CLIENT_SECRET / CAMUNDA_OAUTH_URL (/ ZEEBE_TOKEN_AUDIENCE), or
 * CAMUNDA_AUTH_STRATEGY=BASIC with CAMUNDA_BASIC_AUTH_USERNAME / CAMUNDA_BASIC_AUTH_PASSWORD.
 * The suite expects a fresh cluster (process versions start at 1).
 */
import { processEngineContract } from '../../../testing/contract-suite.js';
import { createZeebeEngine, type ZeebeAuth } from '../index.js';

const env = process.env;

function authFromEnv(): ZeebeAuth {
  const strategy = (env.CAMUNDA_AUTH_STRATEGY ?? 'NONE').toUpperCase();
  if (strategy === 'OAUTH') {
    return {
      kind: 'oauth',
      clientId: env.ZEEBE_CLIENT_ID ?? '',
      clientSecret: env.ZEEBE_CLIENT_SECRET ?? '',
      tokenUrl: env.CAMUNDA_OAUTH_URL ?? env.ZEEBE_AUTHORIZATION_SERVER_URL ?? '',
      ...(env.ZEEBE_TOKEN_AUDIENCE ? { audience: env.ZEEBE_TOKEN_AUDIENCE } : {}),
    };
  }
  if (strategy === 'BASIC')
    return { kind: 'basic', username: env.CAMUNDA_BASIC_AUTH_USERNAME ?? '', password: env.CAMUNDA_BASIC_AUTH_PASSWORD ?? '' };
  return { kind: 'none' };
}

if (!env.ZEEBE_ADDRESS) {
  console.log('# zeebe contract suite: not run — ZEEBE_ADDRESS is not set (needs a real Camunda 8.8 cluster; see the header of this file)');
} else {
  const gatewayAddress = env.ZEEBE_ADDRESS;
  const restAddress = env.ZEEBE_REST_ADDRESS ?? env.CAMUNDA_REST_ADDRESS ?? '';
  const tenantId = env.ZEEBE_TENANT_ID ?? '<default>';
  processEngineContract(`zeebe at ${gatewayAddress}`, {
    async create() {
      const engine = await createZeebeEngine({
        gatewayAddress,
        restAddress,
        tls: env.ZEEBE_TLS === 'true',
        auth: authFromEnv(),
        tenantIds: [tenantId],
        verifyConnection: true,
        eventPollIntervalMs: 250,
      });
      return { engine, tenantId, cleanup: async () => undefined };
    },
  });
}
