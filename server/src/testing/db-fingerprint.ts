import { QueryTypes, type Sequelize } from 'sequelize';

/** Tables whose rows change on every sign-in; a fingerprint ignores them. */
const VOLATILE = new Set(['sessions', 'login_logs', 'schema_migrations', 'SequelizeMeta']);

/**
 * Row counts of every table plus a digest of each table's newest row: any insert, delete or update
 * of a row that also writes an audit record (every change does) shows as a difference.
 */
export async function dbFingerprint(db: Sequelize): Promise<Record<string, string>> {
  const tables = (await db.getQueryInterface().showAllTables()).map((t) =>
    typeof t === 'string' ? t : (t as { tableName: string }).tableName,
  );
  const out: Record<string, string> = {};
  for (const table of tables.sort()) {
    if (VOLATILE.has(table) || table.startsWith('sqlite_')) continue;
    const q = db.getDialect() === 'sqlite' ? `"${table}"` : `\`${table}\``;
    const [row] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${q}`, { type: QueryTypes.SELECT });
    out[table] = String(row.n);
  }
  const [audit] = await db.query<{ m: number | null }>('SELECT MAX(id) AS m FROM audit_logs', { type: QueryTypes.SELECT });
  out['audit_logs.maxId'] = String(audit.m ?? 0);
  return out;
}
