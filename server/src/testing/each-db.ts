import { after, before, describe } from 'node:test';
import { startTestServer, TEST_DIALECTS, type TestDialect, type TestServer } from './test-server.js';

/**
 * Run the same suite against SQLite and MariaDB, each with a fresh server and fresh databases.
 * `ctx.server` is ready inside the tests.
 */
export function describeEachDb(
  name: string,
  suite: (ctx: { readonly server: TestServer; dialect: TestDialect }) => void,
  env: Record<string, string> = {},
  dialects: readonly TestDialect[] = TEST_DIALECTS,
) {
  for (const dialect of dialects) {
    describe(`${name} [${dialect}]`, () => {
      let server: TestServer | undefined;
      const ctx = {
        dialect,
        get server(): TestServer {
          if (!server) throw new Error('server not started');
          return server;
        },
      };
      before(async () => {
        server = await startTestServer(dialect, env);
      });
      after(async () => {
        await server?.destroy();
      });
      suite(ctx);
    });
  }
}
