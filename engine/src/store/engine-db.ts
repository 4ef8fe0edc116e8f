import { QueryTypes, Transaction, type Sequelize } from 'sequelize';
import type { Row } from './sql.js';

/** A unit of work on one engine database; opaque to callers. */
export interface EngineTx {
  readonly engineTx: true;
}

interface SequelizeTx extends EngineTx {
  transaction: Transaction;
}

/**
 * The engine's access to one tenant database: plain SQL that runs on SQLite and MySQL/MariaDB, and
 * transactions. Every engine statement goes through here, so the dialect-specific tuning lives in
 * one place.
 */
export class EngineDb {
  readonly dialect: string;

  constructor(readonly seq: Sequelize) {
    this.dialect = seq.getDialect();
  }

  private txOf(tx?: EngineTx): Transaction | undefined {
    return (tx as SequelizeTx | undefined)?.transaction;
  }

  select<T extends object = Row>(sql: string, params: unknown[] = [], tx?: EngineTx): Promise<T[]> {
    return this.seq.query<T>(sql, { replacements: params, type: QueryTypes.SELECT, transaction: this.txOf(tx) });
  }

  /** An UPDATE or DELETE; answers the number of affected rows. */
  async execute(sql: string, params: unknown[] = [], tx?: EngineTx): Promise<number> {
    const isDelete = /^\s*delete/i.test(sql);
    const result = (await this.seq.query(sql, {
      replacements: params,
      type: isDelete ? QueryTypes.DELETE : QueryTypes.UPDATE,
      transaction: this.txOf(tx),
    })) as unknown;
    return affectedRows(result);
  }

  /** INSERT one row, or several rows with the same columns in one statement. */
  async insert(table: string, rows: Row | Row[], tx?: EngineTx): Promise<void> {
    const list = Array.isArray(rows) ? rows : [rows];
    if (!list.length) return;
    const cols = Object.keys(list[0]);
    const one = `(${cols.map(() => '?').join(', ')})`;
    await this.seq.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${list.map(() => one).join(', ')}`, {
      replacements: list.flatMap((r) => cols.map((c) => r[c])),
      type: QueryTypes.INSERT,
      transaction: this.txOf(tx),
    });
  }

  /** Run `fn` in one transaction (SQLite: `BEGIN IMMEDIATE`, so concurrent writers wait instead of failing). */
  transaction<T>(fn: (tx: EngineTx) => Promise<T>): Promise<T> {
    const options = this.dialect === 'sqlite' ? { type: Transaction.TYPES.IMMEDIATE } : {};
    return this.seq.transaction(options, (transaction) => fn({ engineTx: true, transaction } as SequelizeTx));
  }

  async close(): Promise<void> {
    /* the Sequelize belongs to the caller */
  }
}

function affectedRows(result: unknown): number {
  if (typeof result === 'number') return result;
  if (Array.isArray(result)) {
    const meta = result[1] as unknown;
    if (typeof meta === 'number') return meta;
    if (meta && typeof meta === 'object' && 'affectedRows' in meta) return Number((meta as { affectedRows: number }).affectedRows);
    if (meta && typeof meta === 'object' && 'changes' in meta) return Number((meta as { changes: number }).changes);
  }
  if (result && typeof result === 'object' && 'affectedRows' in result) return Number((result as { affectedRows: number }).affectedRows);
  return 0;
}
