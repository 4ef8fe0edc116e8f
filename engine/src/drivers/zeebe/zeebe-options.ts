/**
 * Options of the Zeebe driver and the explicit @camunda8/sdk configuration built from them.
 *
 * The SDK merges its constructor config over values it read from `process.env` when it was loaded
 * (lodash `mergeWith`: a key passed as `undefined` does not override the environment). So we pass
 * EVERY key of `CamundaSDKConfiguration` with a defined value ('' = off), and construct the auth
 * provider ourselves: nothing the server did not configure can leak in from the environment.
 * The only exceptions are the two deprecated TLS tri-states (ZEEBE_INSECURE_CONNECTION,
 * CAMUNDA_SECURE_CONNECTION): any defined value makes the SDK print a deprecation warning, and
 * both are ignored when the gateway address carries `grpc://` / `grpcs://`, which we always send.
 */
import { GROUP_TENANT } from '../../process-engine.js';

export type ZeebeAuth =
  | { kind: 'none' }
  | { kind: 'oauth'; clientId: string; clientSecret: string; tokenUrl: string; audience?: string; scope?: string }
  | { kind: 'basic'; username: string; password: string };

export interface ZeebeEngineOptions {
  /** gRPC gateway (ZEEBE_ADDRESS): `host:port`, or `grpc://host:port` / `grpcs://host:port` (the scheme then decides TLS). */
  gatewayAddress: string;
  /** Orchestration Cluster REST API (ZEEBE_REST_ADDRESS / CAMUNDA_REST_ADDRESS), e.g. `http://zeebe:8080`; `/v2` is added. */
  restAddress: string;
  /** TLS for gRPC when `gatewayAddress` has no scheme. Default false. REST TLS follows the `restAddress` scheme. */
  tls?: boolean;
  /** Default `{ kind: 'none' }`. Used for both gRPC (as call metadata) and REST. */
  auth?: ZeebeAuth;
  /** Every gateway or REST call fails with a TIMEOUT ZeebeDriverError after this long. Default 10,000 ms. */
  requestTimeoutMs?: number;
  /**
   * Tenants the job workers activate jobs for from the start (default: [GROUP_TENANT]). Tenants the
   * engine meets later (deploy, start, publish, signal) are added to running workers automatically.
   */
  tenantIds?: string[];
  /** Long-poll duration of ActivateJobs. Default 30,000 ms. */
  workerLongPollMs?: number;
  /** How often onEvent listeners poll the REST API. Default 2,000 ms. */
  eventPollIntervalMs?: number;
  /** Look-back window of event polls, to catch records exported late (eventual consistency). Default 30,000 ms. */
  eventLagWindowMs?: number;
  /**
   * getInstance of an instance this engine started waits up to this long for it to appear in the
   * REST API (secondary storage is eventually consistent). Default 5,000 ms; 0 = answer at once.
   */
  consistencyWaitMs?: number;
  /** Ask the gateway for its topology in createZeebeEngine (fails fast on a wrong address). Default false. */
  verifyConnection?: boolean;
  /** SDK log output. Default 'error'. */
  logLevel?: 'none' | 'error' | 'info' | 'debug';
  /** Receives failures of background work (event polling) as warnings. */
  logger?: { warn(obj: unknown, msg?: string): void };
}

export interface ResolvedZeebeOptions {
  grpcAddress: string;
  restAddress: string;
  auth: ZeebeAuth;
  requestTimeoutMs: number;
  tenantIds: string[];
  workerLongPollMs: number;
  eventPollIntervalMs: number;
  eventLagWindowMs: number;
  consistencyWaitMs: number;
  verifyConnection: boolean;
  logLevel: 'none' | 'error' | 'info' | 'debug';
}

/** Zeebe tenant ids: `<default>`, or 1–31 of [A-Za-z0-9_.-]. */
const TENANT_ID = /^[A-Za-z0-9_.-]{1,31}$/;

export function assertZeebeTenant(tenantId: string): string {
  if (tenantId === GROUP_TENANT || TENANT_ID.test(tenantId)) return tenantId;
  throw new Error(`Zeebe tenant id "${tenantId}" is invalid: use 1–31 letters, digits, '_', '.' or '-' (or ${GROUP_TENANT})`);
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`ZeebeEngineOptions.${name} must be a positive number of milliseconds`);
  return value;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`ZeebeEngineOptions.${name} must be zero or a positive number of milliseconds`);
  return value;
}

export function resolveOptions(options: ZeebeEngineOptions): ResolvedZeebeOptions {
  const gateway = (options.gatewayAddress ?? '').trim();
  if (!gateway) throw new Error('ZeebeEngineOptions.gatewayAddress (ZEEBE_ADDRESS) is required');
  let grpcAddress: string;
  if (/^grpcs?:\/\//.test(gateway)) grpcAddress = gateway;
  else if (gateway.includes('://'))
    throw new Error(`ZeebeEngineOptions.gatewayAddress "${gateway}": use host:port, grpc://host:port or grpcs://host:port`);
  else grpcAddress = `${options.tls ? 'grpcs' : 'grpc'}://${gateway}`;
  if (!/^grpcs?:\/\/[^/:]+:\d+$/.test(grpcAddress))
    throw new Error(`ZeebeEngineOptions.gatewayAddress "${gateway}" must include a port (host:port)`);

  const rest = (options.restAddress ?? '').trim();
  if (!rest)
    throw new Error(
      'ZeebeEngineOptions.restAddress (ZEEBE_REST_ADDRESS) is required: user tasks, incidents and instances are read through the REST API',
    );
  let restUrl: URL;
  try {
    restUrl = new URL(rest);
  } catch {
    throw new Error(`ZeebeEngineOptions.restAddress "${rest}" is not a URL (e.g. http://zeebe:8080)`);
  }
  if (restUrl.protocol !== 'http:' && restUrl.protocol !== 'https:')
    throw new Error(`ZeebeEngineOptions.restAddress "${rest}" must be http:// or https://`);
  const restAddress = rest.replace(/\/+$/, '').replace(/\/v2$/, '');

  const auth = options.auth ?? { kind: 'none' };
  if (auth.kind === 'oauth' && (!auth.clientId || !auth.clientSecret || !auth.tokenUrl)) {
    throw new Error('ZeebeEngineOptions.auth (oauth) needs clientId, clientSecret and tokenUrl');
  }
  if (auth.kind === 'basic' && (!auth.username || !auth.password))
    throw new Error('ZeebeEngineOptions.auth (basic) needs username and password');

  const tenantIds = [...new Set((options.tenantIds?.length ? options.tenantIds : [GROUP_TENANT]).map(assertZeebeTenant))];
  return {
    grpcAddress,
    restAddress,
    auth,
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs, 10_000),
    tenantIds,
    workerLongPollMs: positive('workerLongPollMs', options.workerLongPollMs, 30_000),
    eventPollIntervalMs: positive('eventPollIntervalMs', options.eventPollIntervalMs, 2_000),
    eventLagWindowMs: positive('eventLagWindowMs', options.eventLagWindowMs, 30_000),
    consistencyWaitMs: nonNegative('consistencyWaitMs', options.consistencyWaitMs, 5_000),
    verifyConnection: options.verifyConnection ?? false,
    logLevel: options.logLevel ?? 'error',
  };
}

/** The complete SDK configuration (every key of CamundaSDKConfiguration but the two deprecated TLS tri-states). */
export function buildSdkConfig(o: ResolvedZeebeOptions) {
  const oauth = o.auth.kind === 'oauth' ? o.auth : undefined;
  const basic = o.auth.kind === 'basic' ? o.auth : undefined;
  const audience = oauth?.audience ?? 'zeebe.camunda.io';
  const sdkLog = { none: 'none', error: 'error', info: 'info', debug: 'debug' } as const;
  const zeebeLog = { none: 'NONE', error: 'ERROR', info: 'INFO', debug: 'DEBUG' } as const;
  return {
    CAMUNDA_JOB_WORKER_MAX_BACKOFF_MS: 15_000,
    CAMUNDA_CUSTOM_USER_AGENT_STRING: 'warmline-engine',
    CAMUNDA_OAUTH_DISABLED: o.auth.kind === 'none',
    CAMUNDA_OAUTH_TOKEN_REFRESH_THRESHOLD_MS: 10_000,
    CAMUNDA_LOG_LEVEL: sdkLog[o.logLevel],
    ZEEBE_GRPC_ADDRESS: o.grpcAddress,
    ZEEBE_REST_ADDRESS: o.restAddress,
    ZEEBE_ADDRESS: '',
    ZEEBE_CLIENT_ID: oauth?.clientId ?? '',
    ZEEBE_CLIENT_SECRET: oauth?.clientSecret ?? '',
    CAMUNDA_OAUTH_URL: oauth?.tokenUrl ?? '',
    CAMUNDA_OAUTH_TOKEN: '',
    CAMUNDA_TOKEN_SCOPE: oauth?.scope ?? '',
    CAMUNDA_TENANT_ID: GROUP_TENANT,
    CAMUNDA_ZEEBE_OAUTH_AUDIENCE: audience,
    ZEEBE_TOKEN_AUDIENCE: audience,
    CAMUNDA_OPERATE_OAUTH_AUDIENCE: 'operate.camunda.io',
    CAMUNDA_TASKLIST_OAUTH_AUDIENCE: 'tasklist.camunda.io',
    CAMUNDA_MODELER_OAUTH_AUDIENCE: '',
    CAMUNDA_OPTIMIZE_OAUTH_AUDIENCE: 'optimize.camunda.io',
    CAMUNDA_CONSOLE_OAUTH_AUDIENCE: 'api.cloud.camunda.io',
    CAMUNDA_TOKEN_CACHE_DIR: '',
    CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
    CAMUNDA_COOKIE_AUTH_URL: '',
    CAMUNDA_COOKIE_AUTH_USERNAME: '',
    CAMUNDA_COOKIE_AUTH_PASSWORD: '',
    CAMUNDA_CUSTOM_ROOT_CERT_PATH: '',
    CAMUNDA_CUSTOM_ROOT_CERT_STRING: '',
    CAMUNDA_CUSTOM_CERT_CHAIN_PATH: '',
    CAMUNDA_CUSTOM_PRIVATE_KEY_PATH: '',
    CAMUNDA_OPERATE_BASE_URL: '',
    CAMUNDA_OPTIMIZE_BASE_URL: '',
    CAMUNDA_TASKLIST_BASE_URL: '',
    CAMUNDA_MODELER_BASE_URL: '',
    CAMUNDA_CONSOLE_BASE_URL: '',
    CAMUNDA_CONSOLE_CLIENT_ID: '',
    CAMUNDA_CONSOLE_CLIENT_SECRET: '',
    CAMUNDA_BASIC_AUTH_USERNAME: basic?.username ?? '',
    CAMUNDA_BASIC_AUTH_PASSWORD: basic?.password ?? '',
    CAMUNDA_AUTH_STRATEGY: ({ none: 'NONE', oauth: 'OAUTH', basic: 'BASIC' } as const)[o.auth.kind],
    CAMUNDA_SUPPORT_LOG_ENABLED: false,
    CAMUNDA_SUPPORT_LOG_FILE_PATH: '',
    // Fail at once on a 401 from the token endpoint instead of backing off silently.
    CAMUNDA_OAUTH_FAIL_ON_ERROR: true,
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: zeebeLog[o.logLevel],
      ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
      // No SDK retries: they are unbounded by default and would retry non-idempotent commands on
      // DEADLINE_EXCEEDED. A failed call surfaces as a ZeebeDriverError; jobs are redelivered anyway.
      ZEEBE_GRPC_CLIENT_RETRY: false,
      ZEEBE_GRPC_CLIENT_MAX_RETRIES: 0,
      ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 1,
      ZEEBE_GRPC_CLIENT_INITIAL_CONNECTION_TOLERANCE_MS: 0,
      ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: 500,
      GRPC_KEEPALIVE_TIME_MS: 360_000,
      GRPC_KEEPALIVE_TIMEOUT_MS: 120_000,
      GRPC_INITIAL_RECONNECT_BACKOFF_MS: 1000,
      GRPC_MAX_RECONNECT_BACKOFF_MS: 10000,
      GRPC_MIN_RECONNECT_BACKOFF_MS: 5000,
      GRPC_HTTP2_MIN_TIME_BETWEEN_PINGS_MS: 90_000,
      GRPC_HTTP2_MIN_PING_INTERVAL_WITHOUT_DATA_MS: 90_000,
      GRPC_KEEPALIVE_PERMIT_WITHOUT_CALLS: 1,
      GRPC_HTTP2_MAX_PINGS_WITHOUT_DATA: 0,
      ZEEBE_CLIENT_LOG_TYPE: 'SIMPLE',
      ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS: Math.max(1, Math.round(o.workerLongPollMs / 1000)),
      ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 300,
    },
  } as const;
}

export type SdkConfig = ReturnType<typeof buildSdkConfig>;
