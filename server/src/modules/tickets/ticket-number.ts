import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** `YYYYMMDD` of `at` in Asia/Shanghai (business days are local, storage is UTC). */
export const shanghaiDay = (at: Date): string => SHANGHAI_DAY.format(at).replace(/-/g, '');

/** `CC-20261124-0042`: subsidiary code upper case, the Shanghai day, a 4-digit (or longer) sequence. */
export const formatTicketNo = (subsidiaryCode: string, day: string, seq: number): string =>
  `${subsidiaryCode.toUpperCase()}-${day}-${String(seq).padStart(4, '0')}`;

const isUniqueViolation = (err: unknown) => (err as { name?: string }).name === 'SequelizeUniqueConstraintError';

/**
 * The day's counter row, created outside any transaction (autocommit) when missing: two intakes
 * inserting the same day inside their transactions could deadlock on InnoDB's gap locks.
 */
export async function ensureCounterRow(db: Sequelize, day: string): Promise<void> {
  const found = await db.query('SELECT day FROM ticket_number_counters WHERE day = ?', { replacements: [day], type: QueryTypes.SELECT });
  if (found.length) return;
  try {
    await db.getQueryInterface().bulkInsert('ticket_number_counters', [{ day, last_no: 0 }]);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}

/**
 * The next ticket number of the day (decision 0007), taken from `ticket_number_counters` inside the
 * creating transaction: the UPDATE locks the day's row (InnoDB row lock; SQLite's single writer), so
 * concurrent intakes get consecutive numbers and a rolled-back intake gives its number back.
 * Call `ensureCounterRow` first (outside the transaction), and this as the transaction's FIRST
 * statement, so SQLite takes the write lock before anything else.
 */
export async function nextTicketNo(db: Sequelize, subsidiaryCode: string, day: string, tx: Transaction): Promise<string> {
  await db.query('UPDATE ticket_number_counters SET last_no = last_no + 1 WHERE day = ?', { replacements: [day], transaction: tx });
  const [row] = await db.query<{ last_no: number | string }>('SELECT last_no FROM ticket_number_counters WHERE day = ?', {
    replacements: [day],
    type: QueryTypes.SELECT,
    transaction: tx,
  });
  if (!row) throw new Error(`ticket number counter: no row for ${day}`);
  return formatTicketNo(subsidiaryCode, day, Number(row.last_no));
}
