import { QueryTypes, Transaction, type Sequelize } from 'sequelize';

export type Row = Record<string, unknown>;

export async function select<T extends object = Row>(
  db: Sequelize,
  sql: string,
  replacements: unknown[] = [],
  transaction?: Transaction,
): Promise<T[]> {
  return db.query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction });
}

/** Run an UPDATE/DELETE and answer the number of affected rows on SQLite and MySQL/MariaDB. */
export async function execute(db: Sequelize, sql: string, replacements: unknown[] = [], transaction?: Transaction): Promise<number> {
  const isDelete = /^\s*delete/i.test(sql);
  const result = (await db.query(sql, { replacements, type: isDelete ? QueryTypes.DELETE : QueryTypes.UPDATE, transaction })) as unknown;
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

export async function insert(db: Sequelize, table: string, row: Row, transaction?: Transaction): Promise<void> {
  const cols = Object.keys(row);
  await db.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, {
    replacements: cols.map((c) => row[c]),
    type: QueryTypes.INSERT,
    transaction,
  });
}

export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  const direct = new Date(text);
  if (!Number.isNaN(direct.getTime()) && /Z|[+-]\d\d:?\d\d$/.test(text)) return direct;
  const d = new Date(`${text.replace(' ', 'T').replace(/ ?([+-]\d\d:\d\d)$/, '$1')}${/Z|[+-]\d\d:\d\d$/.test(text) ? '' : 'Z'}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function iso(value: unknown): string | null {
  const d = toDate(value);
  return d ? d.toISOString() : null;
}

export function toBuffer(value: unknown): Buffer | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  return Buffer.from(String(value), 'binary');
}

/** A transaction; on SQLite `BEGIN IMMEDIATE`, so concurrent writers queue on the busy timeout instead of failing. */
export function inTransaction<T>(db: Sequelize, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  if (db.getDialect() === 'sqlite') return db.transaction({ type: Transaction.TYPES.IMMEDIATE }, fn);
  return db.transaction(fn);
}
