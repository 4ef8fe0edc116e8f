import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Sequelize } from 'sequelize';
import { createProcessEngine } from '../../../factory.js';
import { processEngineContract } from '../../../testing/contract-suite.js';

processEngineContract('embedded on SQLite', {
  async create() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wle-'));
    const group = new Sequelize({ dialect: 'sqlite', storage: path.join(dir, 'group.sqlite'), logging: false });
    const tenant = new Sequelize({ dialect: 'sqlite', storage: path.join(dir, 'A.sqlite'), logging: false });
    const engine = await createProcessEngine({
      driver: 'embedded',
      ensureSchema: true,
      timerPollMs: 100,
      databases: { group, tenant: async () => tenant, tenantIds: async () => ['A'] },
    });
    return {
      engine,
      tenantId: 'A',
      async cleanup() {
        await group.close();
        await tenant.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

processEngineContract('embedded on MariaDB', {
  async create() {
    const name = `wle_${randomBytes(4).toString('hex')}`;
    const admin = new Sequelize('mysql://root@127.0.0.1:3306/', { dialect: 'mysql', logging: false });
    await admin.query(`CREATE DATABASE \`${name}\``);
    const db = new Sequelize(`mysql://root@127.0.0.1:3306/${name}`, {
      dialect: 'mysql',
      logging: false,
      timezone: '+00:00',
      pool: { max: 10 },
    });
    const engine = await createProcessEngine({
      driver: 'embedded',
      ensureSchema: true,
      timerPollMs: 100,
      databases: { group: db, tenant: async () => db, tenantIds: async () => ['A'] },
    });
    return {
      engine,
      tenantId: 'A',
      async cleanup() {
        await db.close();
        await admin.query(`DROP DATABASE \`${name}\``);
        await admin.close();
      },
    };
  },
});
