import fs from 'node:fs';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import type { Config } from '../config.js';

export type DbKind = 'sqlite' | 'mysql';

/** Open one database (group or a subsidiary). `name` is the SQLite file stem or the MySQL schema. */
export async function openDatabase(config: Config, name: string): Promise<Sequelize> {
  if (config.database.kind === 'sqlite') {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const storage = path.join(config.dataDir, `${name}.sqlite`);
    const seq = new Sequelize({
      dialect: 'sqlite',
      storage,
      logging: false,
      // Sequelize opens one SQLite connection per transaction: each needs the busy timeout.
      hooks: {
        afterConnect: (conn: unknown) => {
          (conn as { configure: (k: 'busyTimeout', ms: number) => void }).configure('busyTimeout', 10_000);
        },
      },
      retry: { max: 3 },
    });
    // WAL lets readers proceed during a write; the busy timeout queues writers instead of failing.
    await seq.query('PRAGMA journal_mode = WAL');
    await seq.query('PRAGMA busy_timeout = 10000');
    await seq.query('PRAGMA foreign_keys = ON');
    await seq.query('PRAGMA synchronous = NORMAL');
    return seq;
  }
  const url = new URL(config.database.url);
  url.pathname = `/${name}`;
  return new Sequelize(url.toString(), {
    dialect: 'mysql',
    logging: false,
    timezone: '+00:00',
    pool: { max: config.dbPoolMax, min: 0, idle: 30_000, acquire: 30_000 },
    dialectOptions: { charset: 'utf8mb4', dateStrings: false, supportBigNumbers: true },
    define: { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
  });
}

/** Create the database if the server needs it created (MySQL schema); SQLite files appear on open. */
export async function createDatabaseIfMissing(config: Config, name: string): Promise<void> {
  if (config.database.kind === 'sqlite') return;
  assertSafeName(name);
  const admin = await openAdminConnection(config);
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.close();
  }
}

export async function dropDatabase(config: Config, name: string): Promise<void> {
  assertSafeName(name);
  if (config.database.kind === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) {
      fs.rmSync(path.join(config.dataDir, `${name}.sqlite${suffix}`), { force: true });
    }
    return;
  }
  const admin = await openAdminConnection(config);
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await admin.close();
  }
}

async function openAdminConnection(config: Config): Promise<Sequelize> {
  if (config.database.kind !== 'mysql') throw new Error('not mysql');
  const url = new URL(config.database.url);
  url.pathname = '/';
  return new Sequelize(url.toString(), { dialect: 'mysql', logging: false, pool: { max: 1 } });
}

function assertSafeName(name: string) {
  if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
}

export const dialectOf = (seq: Sequelize): DbKind => (seq.getDialect() === 'sqlite' ? 'sqlite' : 'mysql');
