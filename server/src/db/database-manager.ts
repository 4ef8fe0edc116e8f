import type { Sequelize } from 'sequelize';
import type { Config } from '../config.js';
import type { Logger } from '../core/logger.js';
import { migrate } from './migrator.js';
import { createDatabaseIfMissing, dropDatabase, openDatabase } from './open-database.js';

/**
 * Owns every database connection: the group database and one per subsidiary (按分公司分库).
 * Subsidiary databases open lazily and are migrated when first opened in this process.
 */
export class DatabaseManager {
  private readonly tenants = new Map<string, Promise<Sequelize>>();

  private constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    readonly group: Sequelize,
    readonly groupName: string,
  ) {}

  static async open(config: Config, logger: Logger): Promise<DatabaseManager> {
    const groupName = config.database.kind === 'sqlite' ? 'group' : config.database.groupDatabase;
    await createDatabaseIfMissing(config, groupName);
    const group = await openDatabase(config, groupName);
    const applied = await migrate(group, 'group');
    if (applied.length) logger.info({ applied }, 'group database migrated');
    return new DatabaseManager(config, logger, group, groupName);
  }

  get kind() {
    return this.config.database.kind;
  }

  /** The database name a new subsidiary gets. */
  tenantDatabaseName(subsidiaryCode: string): string {
    return this.config.database.kind === 'sqlite' ? `sub_${subsidiaryCode}` : `${this.groupName}_${subsidiaryCode}`;
  }

  /** Create (if needed), migrate and open a subsidiary database. Safe to call repeatedly. */
  tenant(dbName: string): Promise<Sequelize> {
    let pending = this.tenants.get(dbName);
    if (!pending) {
      pending = (async () => {
        await createDatabaseIfMissing(this.config, dbName);
        const seq = await openDatabase(this.config, dbName);
        const applied = await migrate(seq, 'tenant');
        if (applied.length) this.logger.info({ dbName, applied }, 'subsidiary database migrated');
        return seq;
      })();
      pending.catch(() => this.tenants.delete(dbName));
      this.tenants.set(dbName, pending);
    }
    return pending;
  }

  /** Close and remove a subsidiary database (used when its creation is rolled back, and by tests). */
  async dropTenant(dbName: string): Promise<void> {
    const open = this.tenants.get(dbName);
    this.tenants.delete(dbName);
    if (open) await (await open.catch(() => undefined))?.close();
    await dropDatabase(this.config, dbName);
  }

  /** Every database name this manager opened (group first). */
  async openTenantNames(): Promise<string[]> {
    return [...this.tenants.keys()];
  }

  async close(): Promise<void> {
    const all = await Promise.allSettled([...this.tenants.values()]);
    for (const r of all) if (r.status === 'fulfilled') await r.value.close();
    this.tenants.clear();
    await this.group.close();
  }
}
