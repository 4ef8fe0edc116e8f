/**
 * The Zeebe driver (Camunda 8.8). Loaded lazily by the engine factory:
 *   const { createZeebeEngine } = await import('./drivers/zeebe/index.js')
 * @camunda8/sdk itself is imported inside createZeebeEngine (loading it takes 0.5–2 s).
 */
import type { ProcessEngine } from '../../process-engine.js';
import { ZeebeEngine } from './zeebe-engine.js';
import { buildSdkConfig, resolveOptions, type ZeebeEngineOptions } from './zeebe-options.js';
import { ZeebeRest } from './zeebe-rest.js';

export type { ZeebeAuth, ZeebeEngineOptions } from './zeebe-options.js';
export { ZeebeDriverError, type ZeebeErrorCode } from './zeebe-errors.js';
export { BUSINESS_KEY_VARIABLE } from './zeebe-business-key.js';

export interface ZeebeEngineHooks {
  /** Failures of background work (event polling, events built after assign/resolve). Default: `options.logger.warn`. */
  onBackgroundError?: (error: Error) => void;
}

export async function createZeebeEngine(options: ZeebeEngineOptions, hooks: ZeebeEngineHooks = {}): Promise<ProcessEngine> {
  const resolved = resolveOptions(options);
  const sdk = await import('@camunda8/sdk');
  const config = buildSdkConfig(resolved);
  // We build the auth provider ourselves: the SDK's own selection also looks at process.env.
  const oAuthProvider =
    resolved.auth.kind === 'oauth'
      ? new sdk.Auth.OAuthProvider({ config })
      : resolved.auth.kind === 'basic'
        ? new sdk.Auth.BasicAuthProvider({ config })
        : new sdk.Auth.NullAuthProvider();
  const grpc = new sdk.Zeebe.ZeebeGrpcClient({ config, oAuthProvider });
  // No HTTP retries either (the SDK's default retries POSTs on network errors): a failure surfaces at once.
  const restClient = new sdk.CamundaRestClient({ config, oAuthProvider, retry: { limit: 0 } });
  const engine = new ZeebeEngine({
    sdk,
    grpc,
    rest: new ZeebeRest(restClient, `${resolved.restAddress}/v2`, resolved.requestTimeoutMs),
    restClient,
    options: resolved,
    onBackgroundError: hooks.onBackgroundError ?? ((e) => options.logger?.warn({ err: e }, 'zeebe driver background work failed')),
  });
  if (resolved.verifyConnection) {
    try {
      await engine.topology();
    } catch (e) {
      await engine.close();
      throw e;
    }
  }
  return engine;
}
