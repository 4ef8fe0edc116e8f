import { AsyncLocalStorage } from 'node:async_hooks';
import type { Sequelize } from 'sequelize';

/**
 * One write transaction at a time per SQLite database, queued in this process (decision 0009).
 *
 * SQLite has one writer. A transaction waiting for the write lock waits inside sqlite3 on one of
 * libuv's worker threads (4 by default); with four such waiters every thread is taken and the
 * transaction holding the lock cannot run its next statement — all of them time out with
 * SQLITE_BUSY. Queuing the server's write transactions here means at most one of them waits in
 * sqlite3 at a time. MySQL/MariaDB transactions are not queued. Nested use on the same database
 * in the same async context runs directly (it is already inside the queue).
 */
const tails = new WeakMap<Sequelize, Promise<unknown>>();
const inside = new AsyncLocalStorage<ReadonlySet<Sequelize>>();

export function serializeSqliteWrites<T>(db: Sequelize, fn: () => Promise<T>): Promise<T> {
  if (db.getDialect() !== 'sqlite') return fn();
  const held = inside.getStore();
  if (held?.has(db)) return fn();
  const run = () => inside.run(new Set([...(held ?? []), db]), fn);
  const next = (tails.get(db) ?? Promise.resolve()).then(run, run);
  tails.set(
    db,
    next.catch(() => undefined),
  );
  return next;
}
