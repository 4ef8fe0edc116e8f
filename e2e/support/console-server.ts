import { seedDemo } from '@warmline/seed';
import { startTestServer, type TestServer } from '@warmline/server/testing';
import { ensureConsoleBuilt } from './console-build.js';

/**
 * A real server (SQLite, fresh data directory) serving the built console at its root, optionally
 * with the demo data set so the demo accounts (docs/demo-accounts.md) can sign in.
 */
export async function startConsoleServer(options: { demo?: boolean } = {}): Promise<TestServer> {
  ensureConsoleBuilt();
  const server = await startTestServer('sqlite');
  if (options.demo) await seedDemo(server.services);
  return server;
}
