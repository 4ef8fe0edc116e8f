import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sequelize } from 'sequelize';
import { startTestServer, type TestServer } from '../../testing/index.js';

/**
 * SQLite has one writer. A request's transaction must wait for the write lock another connection
 * (the engine, a worker) holds, not fail with SQLITE_BUSY (docs/decisions/0009).
 */
describe('route transactions on SQLite while another connection writes', () => {
  let server: TestServer;
  let other: Sequelize;

  before(async () => {
    server = await startTestServer('sqlite');
    other = new Sequelize({ dialect: 'sqlite', storage: path.join(server.services.config.dataDir, 'group.sqlite'), logging: false });
    await other.query('PRAGMA busy_timeout = 10000');
  });

  after(async () => {
    await other.close();
    await server.destroy();
  });

  it('given another connection holds the write lock for a while, when a mutating route runs, then it waits and succeeds', async () => {
    // given another connection in the middle of a write transaction on the group database
    const held = other.transaction(async (tx) => {
      await other.query("UPDATE roles SET name = name WHERE code = 'agent'", { transaction: tx });
      await new Promise((r) => setTimeout(r, 600));
    });
    await new Promise((r) => setTimeout(r, 100));
    // when a route that reads and then writes runs meanwhile
    const res = await server.admin.post('/api/dictionaries', { code: 'lock_wait_test', name: '锁等待测试', reason: '测试写锁等待' });
    await held;
    // then it waited for the lock instead of failing
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const list = await server.admin.get('/api/dictionaries');
    assert.ok((list.body as { code: string }[]).some((d) => d.code === 'lock_wait_test'));
  });

  it('given another connection holds the write lock, when 16 mutating requests arrive at once, then every one waits its turn and succeeds', async () => {
    // given: more waiting transactions than libuv has worker threads (4) — without the in-process
    // queue each waiter blocks a thread inside sqlite3 and the lock holder cannot finish
    const held = other.transaction(async (tx) => {
      await other.query("UPDATE roles SET name = name WHERE code = 'agent'", { transaction: tx });
      await new Promise((r) => setTimeout(r, 300));
    });
    await new Promise((r) => setTimeout(r, 50));
    // when
    const codes = Array.from({ length: 16 }, (_, i) => `burst_${i}`);
    const answers = await Promise.all(
      codes.map((code) => server.admin.post('/api/dictionaries', { code, name: `并发写入${code}`, reason: '并发写入测试' })),
    );
    await held;
    // then
    assert.deepEqual(
      answers.map((r) => r.status),
      codes.map(() => 201),
      JSON.stringify(answers.filter((r) => r.status !== 201).map((r) => r.body)),
    );
    const list = (await server.admin.get('/api/dictionaries')).body as { code: string }[];
    for (const code of codes)
      assert.ok(
        list.some((d) => d.code === code),
        code,
      );
  });
});
