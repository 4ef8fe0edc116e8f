/**
 * Fresh databases for the embedded driver's own tests: SQLite in a temp directory, and MariaDB
 * (127.0.0.1:3306 root) in a uniquely named `wle_<random>` database dropped afterwards.
 */
import { mariaTestDbs, sqliteTestDbs, type EngineTestDbs } from '../../../testing/test-databases.js';
import { EmbeddedEngine, type EmbeddedEngineOptions } from '../embedded-engine.js';

export type TestDbs = EngineTestDbs;

export const sqliteDbs = (): Promise<TestDbs> => sqliteTestDbs();
export const mariaDbs = (): Promise<TestDbs> => mariaTestDbs();

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
