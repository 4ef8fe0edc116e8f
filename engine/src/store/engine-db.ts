import { AsyncLocalStorage } from 'node:async_hooks';
import { QueryTypes, Transaction, type Sequelize } from 'sequelize';
import type { Row } from './sql.js';

/** A unit of work on one engine database; opaque to callers. */
export interface EngineTx {
  readonly engineTx: true;
}

/**
 * The engine's access to one tenant database: plain SQL (`?` placeholders) that runs on SQLite and
 * MySQL/MariaDB, and transactions. Every engine statement goes through here, so the driver-level
 * tuning lives in one place:
 * - MySQL/MariaDB: statements go straight to mysql2 connections of the Sequelize pool (no Sequelize
 *   query machinery per statement);
 * - SQLite: the engine writes on ONE dedicated connection, one transaction at a time (SQLite allows
 *   one writer anyway; Sequelize would open a new connection for every transaction).
 */
export abstract class EngineDb {
  readonly dialect: string;

  constructor(readonly seq: Sequelize) {
    this.dialect = seq.getDialect();
  }

  abstract select<T extends object = Row>(sql: string, params?: unknown[], tx?: EngineTx): Promise<T[]>;

  /** An UPDATE or DELETE; answers the number of affected rows. */
  abstract execute(sql: string, params?: unknown[], tx?: EngineTx): Promise<number>;

  /** Run `fn` in one transaction. */
  abstract transaction<T>(fn: (tx: EngineTx) => Promise<T>): Promise<T>;

  /** INSERT one row, or several rows with the same columns in one statement. */
  async insert(table: string, rows: Row | Row[], tx?: EngineTx): Promise<void> {
    const list = Array.isArray(rows) ? rows : [rows];
    if (!list.length) return;
    const cols = Object.keys(list[0]);
    const one = `(${cols.map(() => '?').join(', ')})`;
    await this.execute(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${list.map(() => one).join(', ')}`,
      list.flatMap((r) => cols.map((c) => r[c])),
      tx,
    );
  }

  /** The engine access fitting the Sequelize's dialect. */
  static for(seq: Sequelize): EngineDb {
    const cm = (seq as unknown as { connectionManager?: Partial<RawConnectionManager> }).connectionManager;
    if (seq.getDialect() === 'sqlite' && cm?.getConnection) return new SqliteEngineDb(seq);
    if ((seq.getDialect() === 'mysql' || seq.getDialect() === 'mariadb') && cm?.getConnection && cm.releaseConnection) {
      return new MysqlEngineDb(seq);
    }
    return new SequelizeEngineDb(seq);
  }
}

interface RawConnectionManager {
  getConnection(options?: object): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void> | void;
}

interface MysqlConnection {
  query(sql: string, values: unknown[], cb: (err: Error | null, result: unknown) => void): void;
}

interface MysqlTx extends EngineTx {
  conn: MysqlConnection;
}

const affectedOf = (result: unknown): number => Number((result as { affectedRows?: number })?.affectedRows ?? 0);

/** MySQL/MariaDB through the mysql2 connections of the Sequelize pool. */
class MysqlEngineDb extends EngineDb {
  private readonly cm: RawConnectionManager;

  constructor(seq: Sequelize) {
    super(seq);
    this.cm = (seq as unknown as { connectionManager: RawConnectionManager }).connectionManager;
  }

  private run(conn: MysqlConnection, sql: string, params: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => conn.query(sql, params, (err, result) => (err ? reject(err) : resolve(result))));
  }

  private async withConnection<T>(tx: EngineTx | undefined, fn: (conn: MysqlConnection) => Promise<T>): Promise<T> {
    if (tx) return fn((tx as MysqlTx).conn);
    const conn = (await this.cm.getConnection({ type: 'write' })) as MysqlConnection;
    try {
      return await fn(conn);
    } finally {
      await this.cm.releaseConnection(conn);
    }
  }

  select<T extends object = Row>(sql: string, params: unknown[] = [], tx?: EngineTx): Promise<T[]> {
    return this.withConnection(tx, async (conn) => (await this.run(conn, sql, params)) as T[]);
  }

  execute(sql: string, params: unknown[] = [], tx?: EngineTx): Promise<number> {
    return this.withConnection(tx, async (conn) => affectedOf(await this.run(conn, sql, params)));
  }

  async transaction<T>(fn: (tx: EngineTx) => Promise<T>): Promise<T> {
    const conn = (await this.cm.getConnection({ type: 'write' })) as MysqlConnection;
    try {
      await this.run(conn, 'START TRANSACTION', []);
      let result: T;
      try {
        result = await fn({ engineTx: true, conn } as MysqlTx);
      } catch (err) {
        await this.run(conn, 'ROLLBACK', []).catch(() => undefined);
        throw err;
      }
      await this.run(conn, 'COMMIT', []);
      return result;
    } finally {
      await this.cm.releaseConnection(conn);
    }
  }
}

interface SqliteConnection {
  all(sql: string, params: unknown[], cb: (err: Error | null, rows: unknown[]) => void): void;
  run(sql: string, params: unknown[], cb: (this: { changes: number }, err: Error | null) => void): void;
  configure?(option: 'busyTimeout', ms: number): void;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Dates as Sequelize stores them on SQLite (`YYYY-MM-DD HH:MM:SS.mmm +00:00`), so both agree on order and format. */
function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) {
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}.${pad(v.getUTCMilliseconds(), 3)} +00:00`;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v === undefined ? null : v;
}

/**
 * SQLite on one dedicated connection of the Sequelize: statements and transactions run one after
 * the other (a transaction holds the connection from BEGIN IMMEDIATE to COMMIT; the statements of
 * the transaction itself run inside it).
 */
class SqliteEngineDb extends EngineDb {
  private conn: Promise<SqliteConnection> | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly inside = new AsyncLocalStorage<boolean>();

  private connection(): Promise<SqliteConnection> {
    this.conn ??= (async () => {
      const cm = (this.seq as unknown as { connectionManager: RawConnectionManager }).connectionManager;
      const conn = (await cm.getConnection({ uuid: 'warmline-engine' })) as SqliteConnection;
      conn.configure?.('busyTimeout', 10_000);
      return conn;
    })();
    return this.conn;
  }

  /** Run `fn` when every earlier statement or transaction of the engine on this database is done. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return fn();
    const next = this.tail.then(() => this.inside.run(true, fn));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private all(sql: string, params: unknown[]): Promise<unknown[]> {
    return this.connection().then(
      (c) => new Promise((resolve, reject) => c.all(sql, params.map(sqliteValue), (err, rows) => (err ? reject(err) : resolve(rows)))),
    );
  }

  private run(sql: string, params: unknown[]): Promise<number> {
    return this.connection().then(
      (c) =>
        new Promise((resolve, reject) =>
          c.run(sql, params.map(sqliteValue), function done(err) {
            if (err) reject(err);
            else resolve(this.changes);
          }),
        ),
    );
  }

  select<T extends object = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.exclusive(() => this.all(sql, params) as Promise<T[]>);
  }

  execute(sql: string, params: unknown[] = []): Promise<number> {
    return this.exclusive(() => this.run(sql, params));
  }

  transaction<T>(fn: (tx: EngineTx) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.run('BEGIN IMMEDIATE', []);
      let result: T;
      try {
        result = await fn({ engineTx: true });
      } catch (err) {
        await this.run('ROLLBACK', []).catch(() => undefined);
        throw err;
      }
      await this.run('COMMIT', []);
      return result;
    });
  }
}

interface SequelizeTx extends EngineTx {
  transaction: Transaction;
}

/** Any other dialect: through Sequelize. */
class SequelizeEngineDb extends EngineDb {
  private txOf(tx?: EngineTx): Transaction | undefined {
    return (tx as SequelizeTx | undefined)?.transaction;
  }

  select<T extends object = Row>(sql: string, params: unknown[] = [], tx?: EngineTx): Promise<T[]> {
    return this.seq.query<T>(sql, { replacements: params, type: QueryTypes.SELECT, transaction: this.txOf(tx) });
  }

  async execute(sql: string, params: unknown[] = [], tx?: EngineTx): Promise<number> {
    const isDelete = /^\s*delete/i.test(sql);
    const result = (await this.seq.query(sql, {
      replacements: params,
      type: isDelete ? QueryTypes.DELETE : /^\s*insert/i.test(sql) ? QueryTypes.INSERT : QueryTypes.UPDATE,
      transaction: this.txOf(tx),
    })) as unknown;
    if (typeof result === 'number') return result;
    if (Array.isArray(result) && typeof result[1] === 'number') return result[1];
    return affectedOf(Array.isArray(result) ? result[1] : result);
  }

  transaction<T>(fn: (tx: EngineTx) => Promise<T>): Promise<T> {
    return this.seq.transaction((transaction) => fn({ engineTx: true, transaction } as SequelizeTx));
  }
}
