/**
 * Fresh engine databases for tests and benchmarks: SQLite files in a temp directory, or a uniquely
 * named `<prefix>_<random>` database on a MySQL/MariaDB server (`url`, e.g. mysql://root@127.0.0.1:3306)
 * dropped by `cleanup`. Group and tenant `A` share the MariaDB database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Sequelize } from 'sequelize';

export interface EngineTestDbs {
  dialect: 'sqlite' | 'mariadb';
  group: Sequelize;
  tenant: Sequelize;
  cleanup(): Promise<void>;
}

export const DEFAULT_MARIADB_URL = 'mysql://root@127.0.0.1:3306';

/** SQLite in a temp directory; `tuned`: WAL, synchronous NORMAL and a busy timeout (benchmarks). */
export async function sqliteTestDbs(options: { prefix?: string; tuned?: boolean } = {}): Promise<EngineTestDbs> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.prefix ?? 'wle'}-`));
  const open = async (file: string) => {
    const s = new Sequelize({
      dialect: 'sqlite',
      storage: path.join(dir, file),
      logging: false,
      ...(options.tuned && {
        hooks: {
          afterConnect: (c: unknown) => (c as { configure: (k: 'busyTimeout', ms: number) => void }).configure('busyTimeout', 10_000),
        },
      }),
    });
    if (options.tuned) {
      await s.query('PRAGMA journal_mode = WAL');
      await s.query('PRAGMA synchronous = NORMAL');
    }
    return s;
  };
  const group = await open('group.sqlite');
  const tenant = await open('A.sqlite');
  return {
    dialect: 'sqlite',
    group,
    tenant,
    async cleanup() {
      await group.close();
      await tenant.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the MySQL/MariaDB server at `url` (no trailing slash, no database name). */
export async function mariaTestDbs(url = DEFAULT_MARIADB_URL, options: { prefix?: string; poolMax?: number } = {}): Promise<EngineTestDbs> {
  const name = `${options.prefix ?? 'wle'}_${randomBytes(4).toString('hex')}`;
  const admin = new Sequelize(`${url}/`, { dialect: 'mysql', logging: false });
  await admin.query(`CREATE DATABASE \`${name}\``);
  const db = new Sequelize(`${url}/${name}`, {
    dialect: 'mysql',
    logging: false,
    timezone: '+00:00',
    pool: { max: options.poolMax ?? 10 },
  });
  return {
    dialect: 'mariadb',
    group: db,
    tenant: db,
    async cleanup() {
      await db.close();
      await admin.query(`DROP DATABASE \`${name}\``);
      await admin.close();
    },
  };
}
