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
