import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads process.env. Every setting is documented here and in the README.
 * Defaults give the embedded set-up: SQLite files under ./data, one port.
 */
const envSchema = z.object({
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind. */
  HOST: z.string().default('0.0.0.0'),
  /** Folder for SQLite files and local attachments. */
  WARMLINE_DATA_DIR: z.string().default('./data'),
  /**
   * Database: `sqlite` (files under the data dir) or a MySQL/MariaDB URL such as
   * `mysql://root@127.0.0.1:3306/warmline`. The URL's database name is the group database;
   * each subsidiary gets `<name>_<subsidiary code>` beside it.
   */
  WARMLINE_DATABASE_URL: z.string().default('sqlite'),
  /** Connections per database pool (MySQL only). */
  WARMLINE_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Password of the initial `admin` user, used only when the group database is created. */
  WARMLINE_ADMIN_PASSWORD: z.string().min(8).default('Warmline@2026'),
  /** Seed the demo data set on first start (empty group database). */
  WARMLINE_SEED_DEMO: z.enum(['true', 'false']).default('true'),
  /** Session lifetime in hours. */
  WARMLINE_SESSION_TTL_HOURS: z.coerce.number().min(0.01).max(720).default(12),
  /** Failed logins before the account is locked, and for how long (minutes). */
  WARMLINE_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  WARMLINE_LOCKOUT_MINUTES: z.coerce.number().min(0.01).max(1440).default(15),
  /** bcrypt cost factor. */
  WARMLINE_BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(10),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest JSON body accepted, in bytes. */
  WARMLINE_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Process engine: `embedded` (bpmn-engine, state in the subsidiary databases) or `zeebe` (Camunda 8.8). */
  WARMLINE_ENGINE_DRIVER: z.enum(['embedded', 'zeebe']).default('embedded'),
  /** Zeebe gRPC gateway, `host:26500` or `grpc://…` / `grpcs://…` (driver `zeebe` only). */
  ZEEBE_ADDRESS: z.string().optional(),
  /** Camunda 8.8 orchestration REST API, e.g. `http://zeebe:8080` (user tasks, incidents, instance reads). */
  ZEEBE_REST_ADDRESS: z.string().optional(),
  /** Zeebe authentication: `none`, `oauth` (client id/secret/token URL) or `basic` (client id = user, secret = password). */
  ZEEBE_AUTH: z.enum(['none', 'oauth', 'basic']).default('none'),
  ZEEBE_CLIENT_ID: z.string().optional(),
  ZEEBE_CLIENT_SECRET: z.string().optional(),
  ZEEBE_TOKEN_URL: z.string().optional(),
  ZEEBE_TOKEN_AUDIENCE: z.string().optional(),
  /** TLS to the gateway when ZEEBE_ADDRESS has no scheme. */
  ZEEBE_TLS: z.enum(['true', 'false']).default('false'),
  /** Every Zeebe call fails after this many milliseconds. */
  ZEEBE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Largest uploaded file (xlsx imports), in bytes. */
  WARMLINE_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1_048_576),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite' } | { kind: 'mysql'; url: string; groupDatabase: string };
  dbPoolMax: number;
  adminPassword: string;
  seedDemo: boolean;
  sessionTtlMs: number;
  lockout: { threshold: number; durationMs: number };
  bcryptRounds: number;
  logLevel: string;
  maxBodyBytes: number;
  maxUploadBytes: number;
  engine:
    | { driver: 'embedded' }
    | {
        driver: 'zeebe';
        gatewayAddress: string;
        restAddress: string;
        tls: boolean;
        auth:
          | { kind: 'none' }
          | { kind: 'oauth'; clientId: string; clientSecret: string; tokenUrl: string; audience?: string }
          | { kind: 'basic'; username: string; password: string };
        requestTimeoutMs: number;
      };
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.WARMLINE_DATA_DIR),
    database: parseDatabaseUrl(e.WARMLINE_DATABASE_URL),
    dbPoolMax: e.WARMLINE_DB_POOL_MAX,
    adminPassword: e.WARMLINE_ADMIN_PASSWORD,
    seedDemo: e.WARMLINE_SEED_DEMO === 'true',
    sessionTtlMs: e.WARMLINE_SESSION_TTL_HOURS * 3_600_000,
    lockout: { threshold: e.WARMLINE_LOCKOUT_THRESHOLD, durationMs: e.WARMLINE_LOCKOUT_MINUTES * 60_000 },
    bcryptRounds: e.WARMLINE_BCRYPT_ROUNDS,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.WARMLINE_MAX_BODY_BYTES,
    maxUploadBytes: e.WARMLINE_MAX_UPLOAD_BYTES,
    engine: parseEngine(e),
  };
}

function parseEngine(e: z.infer<typeof envSchema>): Config['engine'] {
  if (e.WARMLINE_ENGINE_DRIVER === 'embedded') return { driver: 'embedded' };
  const missing = (name: string) => new Error(`Invalid configuration:\n  ${name}: required when WARMLINE_ENGINE_DRIVER=zeebe`);
  if (!e.ZEEBE_ADDRESS) throw missing('ZEEBE_ADDRESS');
  if (!e.ZEEBE_REST_ADDRESS) throw missing('ZEEBE_REST_ADDRESS');
  let auth: Extract<Config['engine'], { driver: 'zeebe' }>['auth'] = { kind: 'none' };
  if (e.ZEEBE_AUTH !== 'none') {
    if (!e.ZEEBE_CLIENT_ID) throw missing('ZEEBE_CLIENT_ID');
    if (!e.ZEEBE_CLIENT_SECRET) throw missing('ZEEBE_CLIENT_SECRET');
    if (e.ZEEBE_AUTH === 'basic') auth = { kind: 'basic', username: e.ZEEBE_CLIENT_ID, password: e.ZEEBE_CLIENT_SECRET };
    else {
      if (!e.ZEEBE_TOKEN_URL) throw missing('ZEEBE_TOKEN_URL');
      auth = {
        kind: 'oauth',
        clientId: e.ZEEBE_CLIENT_ID,
        clientSecret: e.ZEEBE_CLIENT_SECRET,
        tokenUrl: e.ZEEBE_TOKEN_URL,
        ...(e.ZEEBE_TOKEN_AUDIENCE ? { audience: e.ZEEBE_TOKEN_AUDIENCE } : {}),
      };
    }
  }
  return {
    driver: 'zeebe',
    gatewayAddress: e.ZEEBE_ADDRESS,
    restAddress: e.ZEEBE_REST_ADDRESS,
    tls: e.ZEEBE_TLS === 'true',
    auth,
    requestTimeoutMs: e.ZEEBE_REQUEST_TIMEOUT_MS,
  };
}

function parseDatabaseUrl(raw: string): Config['database'] {
  if (raw === 'sqlite') return { kind: 'sqlite' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('Invalid configuration:\n  WARMLINE_DATABASE_URL: not "sqlite" and not a URL');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new Error('Invalid configuration:\n  WARMLINE_DATABASE_URL: only sqlite and mysql:// are supported');
  }
  const groupDatabase = url.pathname.replace(/^\//, '') || 'warmline';
  if (!/^[A-Za-z0-9_]{1,40}$/.test(groupDatabase)) {
    throw new Error('Invalid configuration:\n  WARMLINE_DATABASE_URL: database name must be [A-Za-z0-9_]');
  }
  url.protocol = 'mysql:';
  return { kind: 'mysql', url: url.toString(), groupDatabase };
}
