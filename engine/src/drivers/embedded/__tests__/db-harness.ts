/**
 * Fresh databases for the embedded driver's own tests: SQLite in a temp directory, and MariaDB
 * (127.0.0.1:3306 root) in a uniquely named `wle_<random>` database dropped afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Sequelize } from 'sequelize';
import { EmbeddedEngine, type EmbeddedEngineOptions } from '../embedded-engine.js';

export interface TestDbs {
  dialect: 'sqlite' | 'mariadb';
  group: Sequelize;
  tenant: Sequelize;
  cleanup(): Promise<void>;
}

export async function sqliteDbs(): Promise<TestDbs> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wle-'));
  const group = new Sequelize({ dialect: 'sqlite', storage: path.join(dir, 'group.sqlite'), logging: false });
  const tenant = new Sequelize({ dialect: 'sqlite', storage: path.join(dir, 'A.sqlite'), logging: false });
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

export async function mariaDbs(): Promise<TestDbs> {
  const name = `wle_${randomBytes(4).toString('hex')}`;
  const admin = new Sequelize('mysql://root@127.0.0.1:3306/', { dialect: 'mysql', logging: false });
  await admin.query(`CREATE DATABASE \`${name}\``);
  const db = new Sequelize(`mysql://root@127.0.0.1:3306/${name}`, {
    dialect: 'mysql',
    logging: false,
    timezone: '+00:00',
    pool: { max: 10 },
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

export const eachDb: [string, () => Promise<TestDbs>][] = [
  ['SQLite', sqliteDbs],
  ['MariaDB', mariaDbs],
];

/** An embedded engine serving tenant `A` on the given databases. */
export function engineOn(dbs: TestDbs, options: Partial<EmbeddedEngineOptions> = {}): EmbeddedEngine {
  const engine = new EmbeddedEngine({
    ensureSchema: true,
    timerPollMs: 100,
    ...options,
    databases: { group: dbs.group, tenant: async () => dbs.tenant, tenantIds: async () => ['A'] },
  });
  engine.start();
  return engine;
}
