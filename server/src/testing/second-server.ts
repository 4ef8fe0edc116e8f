import { startServer, type RunningServer } from '../server.js';
import { ApiClient } from './api-client.js';
import type { TestServer } from './test-server.js';

export interface SecondServer extends RunningServer {
  client: (token?: string) => ApiClient;
  login: (username: string, password: string) => Promise<ApiClient>;
}

/**
 * A second server process (in this test process) on the databases of `first`, on its own port, as a
 * second node behind a load balancer would run. `first.destroy()` still drops the databases: close
 * this one before it.
 */
export async function startSecondServer(
  first: TestServer,
  overrides: Partial<RunningServer['services']['config']> = {},
): Promise<SecondServer> {
  const running = await startServer({ ...first.services.config, port: 0, ...overrides });
  const client = (token?: string) => new ApiClient(running.url, token);
  const login = async (username: string, password: string) => {
    const res = await client().post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client((res.body as { token: string }).token);
  };
  return { ...running, client, login };
}
