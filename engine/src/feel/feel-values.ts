import { FeelError } from './feel-error.js';

/**
 * Values crossing the FEEL boundary. In: variables become plain JSON (no functions, no class
 * instances, no getters) so an expression can never reach a host object. Out: FEEL temporal values
 * become ISO strings and anything not representable in JSON becomes null, as Zeebe stores them.
 */

const MAX_DEPTH = 200;

interface LuxonDateTimeLike {
  isLuxonDateTime: true;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offset: number;
  zone: { type: string };
  toISO(opts?: object): string | null;
  toISODate(): string | null;
  toFormat(fmt: string): string;
}

interface LuxonDurationLike {
  isLuxonDuration: true;
  toISO(): string | null;
}

export const isDateTimeValue = (v: unknown): v is LuxonDateTimeLike =>
  typeof v === 'object' && v !== null && (v as { isLuxonDateTime?: unknown }).isLuxonDateTime === true;

export const isDurationValue = (v: unknown): v is LuxonDurationLike =>
  typeof v === 'object' && v !== null && (v as { isLuxonDuration?: unknown }).isLuxonDuration === true;

export const isPlainContext = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** The FEEL type of a luxon value, with the same rules as @bpmn-io/feelin. */
export function temporalKind(v: LuxonDateTimeLike): 'time' | 'date' | 'date time' {
  if (v.year === 1900 && v.month === 1 && v.day === 1) return 'time';
  if (v.hour === 0 && v.minute === 0 && v.second === 0 && v.millisecond === 0 && v.zone.type === 'fixed' && v.offset === 0) {
    return 'date';
  }
  return 'date time';
}

/** Variables → a plain JSON copy (the only thing an expression ever sees). */
export function toFeelContext(variables: Record<string, unknown> | undefined, expression: string): Record<string, unknown> {
  if (variables === undefined || variables === null) return {};
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(variables));
  } catch (err) {
    throw new FeelError(`variables are not JSON-serialisable: ${(err as Error).message}`, expression);
  }
  return isPlainContext(copy) ? copy : {};
}

/** A FEEL result → a JSON value (dates and durations as ISO strings, functions and ranges as null). */
export function toJsonValue(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new FeelError('result nested too deeply', '');
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      break;
    default:
      return null;
  }
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v, depth + 1));
  if (isDateTimeValue(value)) {
    const kind = temporalKind(value);
    if (kind === 'date') return value.toISODate();
    if (kind === 'time') return value.toFormat('HH:mm:ss');
    return value.toISO({ suppressMilliseconds: true });
  }
  if (isDurationValue(value)) return value.toISO();
  if (isPlainContext(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty: a key named `__proto__` stays a plain entry instead of replacing the prototype.
      Object.defineProperty(out, k, { value: toJsonValue(v, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return null;
}
