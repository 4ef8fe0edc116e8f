import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { ApiClient } from './api-client.js';

export type TestDialect = 'sqlite' | 'mariadb';

/** MariaDB for tests: 127.0.0.1:3306, root, no password, unless WARMLINE_TEST_MYSQL_URL says otherwise. */
// eslint-disable-next-line no-restricted-syntax -- test-only setting, not product configuration
const MYSQL_BASE = process.env.WARMLINE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
/** Test servers are silent unless WARMLINE_TEST_LOG_LEVEL asks for their log lines (CI: `error`). */
// eslint-disable-next-line no-restricted-syntax -- test-only setting, not product configuration
const TEST_LOG_LEVEL = process.env.WARMLINE_TEST_LOG_LEVEL ?? 'silent';

export const TEST_DIALECTS: TestDialect[] = ['sqlite', 'mariadb'];
export const ADMIN_PASSWORD = 'Admin@12345';

export interface TestServer extends RunningServer {
  dialect: TestDialect;
  /** An API client signed in as the group admin. */
  admin: ApiClient;
  client: (token?: string) => ApiClient;
  login: (username: string, password: string) => Promise<ApiClient>;
  /** Stop the server and drop every database it created. */
  destroy: () => Promise<void>;
}

/** A real server on a random port with its own fresh databases (SQLite files or MariaDB schemas). */
export async function startTestServer(dialect: TestDialect, env: Record<string, string> = {}): Promise<TestServer> {
  const suffix = crypto.randomBytes(4).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `warmline-test-${dialect}-`));
  const groupDb = `wlt_${suffix}`;
  const dbUrl = dialect === 'sqlite' ? 'sqlite' : `${MYSQL_BASE.replace(/\/?$/, '/')}${groupDb}`;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    WARMLINE_DATA_DIR: dataDir,
    WARMLINE_DATABASE_URL: dbUrl,
    WARMLINE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    WARMLINE_BCRYPT_ROUNDS: '4',
    WARMLINE_SEED_DEMO: 'false',
    LOG_LEVEL: TEST_LOG_LEVEL,
    // Cron jobs would change data under tests that compare fingerprints; tests that need them turn them on.
    WARMLINE_SCHEDULER: 'off',
    ...env,
  });
  const running = await startServer(config);
  const client = (token?: string) => new ApiClient(running.url, token);
  const login = async (username: string, password: string) => {
    const res = await client().post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client((res.body as { token: string }).token);
  };
  const admin = await login('admin', ADMIN_PASSWORD);
  return {
    ...running,
    dialect,
    admin,
    client,
    login,
    destroy: async () => {
      await running.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (dialect === 'mariadb') await dropMysqlDatabases(groupDb);
    },
  };
}

async function dropMysqlDatabases(prefix: string) {
  const seq = new Sequelize(MYSQL_BASE, { dialect: 'mysql', logging: false });
  try {
    const [rows] = (await seq.query(`SHOW DATABASES LIKE '${prefix}%'`)) as [Record<string, string>[], unknown];
    for (const row of rows) {
      const name = Object.values(row)[0];
      if (/^wlt_[0-9a-f]{8}(_[a-z0-9_]+)?$/.test(name)) await seq.query(`DROP DATABASE \`${name}\``);
    }
  } finally {
    await seq.close();
  }
}
