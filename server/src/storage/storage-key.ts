import { invalidKey } from './storage.errors.js';

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
export const MAX_KEY_LENGTH = 200;

/**
 * Accept only keys the storage itself chooses: `/`-separated segments of `[A-Za-z0-9._-]` that do not
 * start with a dot (no `.`, `..`, hidden names), no leading or trailing slash, at most 200 characters.
 * A client's file name never becomes a key; this check is the last line against path traversal.
 */
export function assertSafeKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) throw invalidKey(String(key), 'length');
  const segments = key.split('/');
  for (const s of segments) if (!SEGMENT.test(s)) throw invalidKey(key, `bad segment ${JSON.stringify(s)}`);
  return key;
}

/** A key segment made from arbitrary text (e.g. a subsidiary code): unsafe characters become `_`. */
export function keySegment(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return s.length > 0 ? s : '_';
}
