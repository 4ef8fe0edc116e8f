import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

export type SqlValue = string | number | boolean | Date | null;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Build one multi-row `INSERT INTO table (a, b) VALUES (…), (…)` statement with every value escaped
 * by the database's own escaper (SQLite and MariaDB quote strings, booleans and dates differently).
 * No placeholders: thousands of rows would exceed SQLite's variable limit.
 */
export function insertStatement(db: Sequelize, table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): string {
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`unsafe identifier: ${name}`);
  const escape = (v: SqlValue) => db.escape(v as string);
  const values = rows.map((row) => {
    if (row.length !== columns.length) throw new Error(`${table}: row has ${row.length} values for ${columns.length} columns`);
    return `(${row.map(escape).join(',')})`;
  });
  return `INSERT INTO ${table} (${columns.join(',')}) VALUES ${values.join(',')}`;
}

/** Insert `rows` in statements of at most `batchSize` rows, inside `transaction` when given. */
export async function insertRows(
  db: Sequelize,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  options: { transaction?: Transaction; batchSize?: number } = {},
): Promise<void> {
  const size = options.batchSize ?? 2_000;
  for (let i = 0; i < rows.length; i += size) {
    const sql = insertStatement(db, table, columns, rows.slice(i, i + size));
    await db.query(sql, { type: QueryTypes.INSERT, transaction: options.transaction });
  }
}
