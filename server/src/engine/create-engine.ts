import { createProcessEngine, type ProcessEngine } from '@warmline/engine';
import type { Config } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { DatabaseManager } from '../db/database-manager.js';
import type { OrgRegistry } from '../tenancy/org-registry.js';

/**
 * The process engine chosen by configuration. Engine tenants are subsidiary codes; the embedded
 * driver keeps its state in each subsidiary's database (opened through the database manager).
 */
export async function createEngine(config: Config, logger: Logger, dbs: DatabaseManager, orgs: OrgRegistry): Promise<ProcessEngine> {
  const engineLogger = logger.child({ component: 'engine' });
  if (config.engine.driver === 'zeebe') {
    const { driver: _driver, ...zeebe } = config.engine;
    return createProcessEngine({ driver: 'zeebe', ...zeebe, logger: engineLogger });
  }
  const subsidiaryByCode = async (code: string) => {
    const sub = (await orgs.all()).find((o) => o.type === 'subsidiary' && o.code === code);
    if (!sub?.db_name) {
      await orgs.refresh();
      const again = (await orgs.all()).find((o) => o.type === 'subsidiary' && o.code === code);
      if (!again?.db_name) throw new Error(`unknown engine tenant ${code}`);
      return again.db_name;
    }
    return sub.db_name;
  };
  return createProcessEngine({
    driver: 'embedded',
    logger: engineLogger,
    hotInstances: config.engine.hotInstances,
    databases: {
      group: dbs.group,
      tenant: async (tenantId) => dbs.tenant(await subsidiaryByCode(tenantId)),
      tenantIds: async () => (await orgs.all()).filter((o) => o.type === 'subsidiary' && o.enabled && o.db_name).map((o) => o.code),
    },
  });
}
