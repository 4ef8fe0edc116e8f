import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';

export type MigrationFn = (ctx: { qi: QueryInterface; sequelize: Sequelize }) => Promise<void>;
export interface MigrationModule {
  up: MigrationFn;
  down?: MigrationFn;
}

const migrationsRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Run the pending migrations of one database kind (`group` or `tenant`).
 * Migration files are `migrations/<kind>/NNNN-name.ts`, applied in file-name order.
 */
export async function migrate(sequelize: Sequelize, kind: 'group' | 'tenant'): Promise<string[]> {
  const dir = path.join(migrationsRoot, kind);
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}-.+\.(ts|js)$/.test(f))
    .sort();
  const umzug = new Umzug({
    migrations: files.map((file) => ({
      name: file.replace(/\.(ts|js)$/, ''),
      up: async () => {
        const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as MigrationModule;
        await mod.up({ qi: sequelize.getQueryInterface(), sequelize });
      },
      down: async () => {
        const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as MigrationModule;
        await mod.down?.({ qi: sequelize.getQueryInterface(), sequelize });
      },
    })),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
  const done = await umzug.up();
  return done.map((m) => m.name);
}
