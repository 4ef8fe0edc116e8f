import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  /** Shipped console page schemas (`<key>.json`), synced into the group database at start; default `<repo>/admin/pages`. */
  WARMLINE_PAGES_DIR: z.string().optional(),
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
  /** Embedded engine: instances kept loaded between actions per server process (0 = off; decision 0017). */
  WARMLINE_ENGINE_HOT_INSTANCES: z.coerce.number().int().min(0).max(100_000).default(200),
  /** Embedded engine: a loaded instance unused this long is unloaded (seconds). */
  WARMLINE_ENGINE_HOT_IDLE_SECONDS: z.coerce.number().min(0.05).max(86_400).default(60),
  /** Embedded engine: estimated heap the loaded instances may take (MB; a ticket instance ≈ 3 MB). */
  WARMLINE_ENGINE_HOT_MB: z.coerce.number().min(0).max(65_536).default(32),
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
  /** Attachment storage: `local` (files under WARMLINE_STORAGE_DIR) or `minio` (any S3-compatible server, MINIO_*). */
  WARMLINE_STORAGE_DRIVER: z.enum(['local', 'minio']).default('local'),
  /** Folder of the `local` storage driver; default `<WARMLINE_DATA_DIR>/attachments`. */
  WARMLINE_STORAGE_DIR: z.string().optional(),
  /** MinIO / S3 endpoint host name (driver `minio`), its port, TLS, credentials, bucket (created if missing) and region. */
  MINIO_ENDPOINT: z.string().optional(),
  MINIO_PORT: z.coerce.number().int().min(1).max(65535).default(9000),
  MINIO_USE_SSL: z.enum(['true', 'false']).default('false'),
  MINIO_ACCESS_KEY: z.string().optional(),
  MINIO_SECRET_KEY: z.string().optional(),
  MINIO_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
    .default('warmline'),
  MINIO_REGION: z.string().default('us-east-1'),
  /** Largest ticket attachment per kind, in bytes (images, videos, voice recordings, signatures, other files). */
  WARMLINE_ATTACHMENT_MAX_IMAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(15 * 1_048_576),
  WARMLINE_ATTACHMENT_MAX_VIDEO_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(200 * 1_048_576),
  WARMLINE_ATTACHMENT_MAX_AUDIO_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(30 * 1_048_576),
  WARMLINE_ATTACHMENT_MAX_SIGNATURE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1_048_576),
  WARMLINE_ATTACHMENT_MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1_048_576),
  /** Largest uploaded file (xlsx imports), in bytes. */
  WARMLINE_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1_048_576),
  /**
   * SMS provider: `keep` (stored in the outbox for admins to read, nothing leaves the server), `webhook`
   * (POST JSON to a gateway), `aliyun` (Alibaba Cloud SMS `SendSms` on approved templates) or `off`.
   */
  WARMLINE_SMS_PROVIDER: z.enum(['keep', 'webhook', 'aliyun', 'off']).default('keep'),
  /** `aliyun` SMS: AccessKey (from the deployment's environment, never the repository), sign name and templates. */
  WARMLINE_SMS_ALIYUN_ACCESS_KEY_ID: z.string().min(1).optional(),
  WARMLINE_SMS_ALIYUN_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  WARMLINE_SMS_ALIYUN_SIGN_NAME: z.string().min(1).optional(),
  /** Template code per notification kind, `kind:SMS_123,kind2:SMS_456,default:SMS_789` (variables `${no}` and `${title}`). */
  WARMLINE_SMS_ALIYUN_TEMPLATES: z.string().optional(),
  WARMLINE_SMS_ALIYUN_ENDPOINT: z.url().default('https://dysmsapi.aliyuncs.com'),
  /** Gateway URL for `webhook` SMS (credentials belong in the deployment's environment, never in the repository). */
  WARMLINE_SMS_WEBHOOK_URL: z.url().optional(),
  /** Bearer token sent to the SMS webhook (optional). */
  WARMLINE_SMS_WEBHOOK_TOKEN: z.string().optional(),
  /** Notification kinds also sent by SMS (comma-separated; see decision 0008). */
  WARMLINE_SMS_KINDS: z.string().default('task_assigned,reassigned,overdue'),
  /** WeChat provider: `keep`, `webhook` or `off`. Users have no WeChat binding yet, so `keep` stores messages per user. */
  WARMLINE_WECHAT_PROVIDER: z.enum(['keep', 'webhook', 'off']).default('off'),
  WARMLINE_WECHAT_WEBHOOK_URL: z.url().optional(),
  WARMLINE_WECHAT_WEBHOOK_TOKEN: z.string().optional(),
  /** Notification kinds also sent by WeChat (comma-separated). */
  WARMLINE_WECHAT_KINDS: z.string().default(''),
  /** The outbox dispatcher's poll interval and the attempts before a message is marked failed. */
  WARMLINE_NOTIFY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  WARMLINE_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Real-time push (SSE): heartbeat interval and how often a process looks for other processes' notifications of its connected users. */
  WARMLINE_SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(25_000),
  WARMLINE_SSE_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /** Run the scheduler (node-cron jobs) in this process. Safe on several processes: each run is claimed once. */
  WARMLINE_SCHEDULER: z.enum(['on', 'off']).default('on'),
  /** Cron expressions (node-cron, seconds optional) in the scheduler's time zone. */
  WARMLINE_CRON_DUE_SOON: z.string().default('* * * * *'),
  WARMLINE_CRON_OVERDUE: z.string().default('* * * * *'),
  WARMLINE_CRON_DAILY_SUMMARY: z.string().default('0 8 * * *'),
  WARMLINE_SCHEDULER_TIMEZONE: z.string().default('Asia/Shanghai'),
  /** The overdue scan leaves a ticket to the SLA clock this long after its due time, then acts itself. */
  WARMLINE_OVERDUE_GRACE_MINUTES: z.coerce.number().min(0).max(1440).default(2),
  /** An overdue ticket escalates one more level (priority up again) every this many hours. */
  WARMLINE_OVERDUE_ESCALATE_HOURS: z.coerce.number().min(0.01).max(720).default(24),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** Folder of the shipped console page files (docs/decisions/0010-page-schemas.md). */
  pagesDir: string;
  /** Where ticket attachments are stored (server/src/storage). */
  storage: StorageConfig;
  /** Largest attachment per kind, in bytes. */
  attachmentLimits: AttachmentLimits;
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
  notifications: NotificationConfig;
  scheduler: SchedulerConfig;
  engine:
    | { driver: 'embedded'; hotInstances: { maxInstances: number; idleMs: number; maxMb: number } }
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

/** `admin/pages` of this repository (config.ts is `server/src/config.ts`, or `server/dist/config.js` when built). */
const SHIPPED_PAGES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../admin/pages');

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
    pagesDir: path.resolve(e.WARMLINE_PAGES_DIR ?? SHIPPED_PAGES_DIR),
    storage: parseStorage(e),
    attachmentLimits: {
      image: e.WARMLINE_ATTACHMENT_MAX_IMAGE_BYTES,
      video: e.WARMLINE_ATTACHMENT_MAX_VIDEO_BYTES,
      audio: e.WARMLINE_ATTACHMENT_MAX_AUDIO_BYTES,
      signature: e.WARMLINE_ATTACHMENT_MAX_SIGNATURE_BYTES,
      file: e.WARMLINE_ATTACHMENT_MAX_FILE_BYTES,
    },
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
    notifications: parseNotifications(e),
    scheduler: {
      enabled: e.WARMLINE_SCHEDULER === 'on',
      timezone: e.WARMLINE_SCHEDULER_TIMEZONE,
      cron: { dueSoon: e.WARMLINE_CRON_DUE_SOON, overdue: e.WARMLINE_CRON_OVERDUE, dailySummary: e.WARMLINE_CRON_DAILY_SUMMARY },
      overdueGraceMinutes: e.WARMLINE_OVERDUE_GRACE_MINUTES,
      overdueEscalateHours: e.WARMLINE_OVERDUE_ESCALATE_HOURS,
    },
  };
}

export type ChannelProviderConfig =
  { kind: 'keep' } | { kind: 'off' } | { kind: 'webhook'; url: string; token?: string } | { kind: 'aliyun'; aliyun: AliyunSmsSettings };

export interface AliyunSmsSettings {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templates: Record<string, string>;
}

export interface NotificationConfig {
  sms: ChannelProviderConfig;
  wechat: ChannelProviderConfig;
  /** Notification kinds sent on each extra channel (in-app gets every kind). */
  smsKinds: string[];
  wechatKinds: string[];
  pollMs: number;
  maxAttempts: number;
  sseHeartbeatMs: number;
  ssePollMs: number;
}

export interface SchedulerConfig {
  enabled: boolean;
  timezone: string;
  cron: { dueSoon: string; overdue: string; dailySummary: string };
  overdueGraceMinutes: number;
  overdueEscalateHours: number;
}

function parseNotifications(e: z.infer<typeof envSchema>): NotificationConfig {
  const provider = (name: string, kind: 'keep' | 'webhook' | 'off', url?: string, token?: string): ChannelProviderConfig => {
    if (kind !== 'webhook') return { kind };
    if (!url) throw new Error(`Invalid configuration:\n  WARMLINE_${name}_WEBHOOK_URL: required when WARMLINE_${name}_PROVIDER=webhook`);
    return { kind, url, ...(token ? { token } : {}) };
  };
  const list = (v: string) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const smsKinds = list(e.WARMLINE_SMS_KINDS);
  return {
    sms:
      e.WARMLINE_SMS_PROVIDER === 'aliyun'
        ? { kind: 'aliyun', aliyun: parseAliyunSms(e, smsKinds) }
        : provider('SMS', e.WARMLINE_SMS_PROVIDER, e.WARMLINE_SMS_WEBHOOK_URL, e.WARMLINE_SMS_WEBHOOK_TOKEN),
    wechat: provider('WECHAT', e.WARMLINE_WECHAT_PROVIDER, e.WARMLINE_WECHAT_WEBHOOK_URL, e.WARMLINE_WECHAT_WEBHOOK_TOKEN),
    smsKinds,
    wechatKinds: list(e.WARMLINE_WECHAT_KINDS),
    pollMs: e.WARMLINE_NOTIFY_POLL_MS,
    maxAttempts: e.WARMLINE_NOTIFY_MAX_ATTEMPTS,
    sseHeartbeatMs: e.WARMLINE_SSE_HEARTBEAT_MS,
    ssePollMs: e.WARMLINE_SSE_POLL_MS,
  };
}

/** `WARMLINE_SMS_ALIYUN_*`: every SMS kind must have a template (its own or `default`). */
function parseAliyunSms(e: z.infer<typeof envSchema>, smsKinds: string[]): AliyunSmsSettings {
  const problems: string[] = [];
  const need = (name: string, v: string | undefined) => {
    if (!v) problems.push(`  ${name}: required when WARMLINE_SMS_PROVIDER=aliyun`);
    return v ?? '';
  };
  const accessKeyId = need('WARMLINE_SMS_ALIYUN_ACCESS_KEY_ID', e.WARMLINE_SMS_ALIYUN_ACCESS_KEY_ID);
  const accessKeySecret = need('WARMLINE_SMS_ALIYUN_ACCESS_KEY_SECRET', e.WARMLINE_SMS_ALIYUN_ACCESS_KEY_SECRET);
  const signName = need('WARMLINE_SMS_ALIYUN_SIGN_NAME', e.WARMLINE_SMS_ALIYUN_SIGN_NAME);
  const templates: Record<string, string> = {};
  for (const pair of (e.WARMLINE_SMS_ALIYUN_TEMPLATES ?? '').split(',')) {
    const [kind, code] = pair.split(':').map((s) => s.trim());
    if (kind && code) templates[kind] = code;
    else if (pair.trim()) problems.push(`  WARMLINE_SMS_ALIYUN_TEMPLATES: "${pair.trim()}" is not kind:TEMPLATE_CODE`);
  }
  const missing = smsKinds.filter((k) => !templates[k] && !templates.default);
  if (missing.length) problems.push(`  WARMLINE_SMS_ALIYUN_TEMPLATES: no template for ${missing.join(', ')} (and no default)`);
  if (problems.length) throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  return { endpoint: e.WARMLINE_SMS_ALIYUN_ENDPOINT, accessKeyId, accessKeySecret, signName, templates };
}

function parseEngine(e: z.infer<typeof envSchema>): Config['engine'] {
  if (e.WARMLINE_ENGINE_DRIVER === 'embedded') {
    return {
      driver: 'embedded',
      hotInstances: {
        maxInstances: e.WARMLINE_ENGINE_HOT_INSTANCES,
        idleMs: Math.round(e.WARMLINE_ENGINE_HOT_IDLE_SECONDS * 1000),
        maxMb: e.WARMLINE_ENGINE_HOT_MB,
      },
    };
  }
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

export type StorageConfig =
  | { driver: 'local'; dir: string }
  | {
      driver: 'minio';
      endPoint: string;
      port: number;
      useSSL: boolean;
      accessKey: string;
      secretKey: string;
      bucket: string;
      region: string;
    };

export type AttachmentLimits = Record<'image' | 'video' | 'audio' | 'signature' | 'file', number>;

function parseStorage(e: z.infer<typeof envSchema>): StorageConfig {
  if (e.WARMLINE_STORAGE_DRIVER === 'local') {
    return { driver: 'local', dir: path.resolve(e.WARMLINE_STORAGE_DIR ?? path.join(e.WARMLINE_DATA_DIR, 'attachments')) };
  }
  const missing = (name: string) => new Error(`Invalid configuration:\n  ${name}: required when WARMLINE_STORAGE_DRIVER=minio`);
  if (!e.MINIO_ENDPOINT) throw missing('MINIO_ENDPOINT');
  if (!e.MINIO_ACCESS_KEY) throw missing('MINIO_ACCESS_KEY');
  if (!e.MINIO_SECRET_KEY) throw missing('MINIO_SECRET_KEY');
  return {
    driver: 'minio',
    endPoint: e.MINIO_ENDPOINT,
    port: e.MINIO_PORT,
    useSSL: e.MINIO_USE_SSL === 'true',
    accessKey: e.MINIO_ACCESS_KEY,
    secretKey: e.MINIO_SECRET_KEY,
    bucket: e.MINIO_BUCKET,
    region: e.MINIO_REGION,
  };
}
