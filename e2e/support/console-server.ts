import { seedDemo } from '@warmline/seed';
import { startTestServer, type TestServer } from '@warmline/server/testing';
import { ensureConsoleBuilt } from './console-build.js';

export type ConsoleDialect = 'sqlite' | 'mariadb';

/** The databases the browser tests that run on both run on: SQLite and MariaDB (127.0.0.1:3306 root). */
export const CONSOLE_DIALECTS: ConsoleDialect[] = ['sqlite', 'mariadb'];

/**
 * A real server (fresh data directory; SQLite by default, or MariaDB in its own `wlt_<random>`
 * databases dropped by `destroy()`) serving the built console at its root, optionally with the demo
 * data set so the demo accounts (docs/demo-accounts.md) can sign in.
 */
export async function startConsoleServer(options: { demo?: boolean; dialect?: ConsoleDialect } = {}): Promise<TestServer> {
  ensureConsoleBuilt();
  const server = await startTestServer(options.dialect ?? 'sqlite');
  if (options.demo) await seedDemo(server.services);
  return server;
}
