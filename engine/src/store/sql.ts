/** Values read back from SQLite and MySQL/MariaDB, normalised. */
export type Row = Record<string, unknown>;

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
