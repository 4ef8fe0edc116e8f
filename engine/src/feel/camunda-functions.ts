import crypto from 'node:crypto';
import { date as feelDate, evaluate } from '@bpmn-io/feelin';
import { FeelError } from './feel-error.js';
import { isDateTimeValue, isPlainContext, toJsonValue } from './feel-values.js';

/**
 * Camunda's extensions to the FEEL built-ins (docs.camunda.io → FEEL → built-in functions, "Camunda
 * Extension"), for the embedded engine. They are handed to @bpmn-io/feelin as context entries, which
 * take precedence over its own built-ins; where Camunda widens a standard function (`string join`
 * with prefix/suffix, `get value` with a key path, `date and time` with a time zone) the override
 * falls back to feelin's own implementation for the standard signatures.
 *
 * FEEL is null-friendly: a call with arguments of the wrong type answers null. Only `assert` fails.
 */

type FeelFunction = ((...args: unknown[]) => unknown) & { $args: string[] };

/** A function with FEEL parameter names (for named invocation: `trim(string: x)`). */
const fn = (params: string[], impl: (...args: never[]) => unknown): FeelFunction =>
  Object.assign(impl, { $args: params }) as unknown as FeelFunction;

/** feelin's built-in of that name (captured once, to delegate the standard signatures to). */
function builtin(name: string): (...args: unknown[]) => unknown {
  const found = evaluate(name, { [name]: undefined }).value;
  if (typeof found !== 'function') throw new Error(`FEEL built-in "${name}" not found`);
  return found as (...args: unknown[]) => unknown;
}

const feelinStringJoin = builtin('string join');
const feelinDateAndTime = builtin('date and time');

const isString = (v: unknown): v is string => typeof v === 'string';
const isNil = (v: unknown): v is null | undefined => v === null || v === undefined;
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function regexp(pattern: string, flags = ''): RegExp | null {
  try {
    return new RegExp(pattern, `u${flags}`);
  } catch {
    return null;
  }
}

/** Equality for list helpers: JSON values compared by their serialisation (dates as ISO strings). */
const keyOf = (v: unknown) => JSON.stringify(toJsonValue(v));

export const camundaFunctions: Record<string, FeelFunction> = {
  // --- boolean ---
  'is defined': fn(['value'], (...args: unknown[]) => {
    if (args.length !== 1) throw new FeelError('is defined() expects exactly one argument', '');
    return !isNil(args[0]);
  }),
  'get or else': fn(['value', 'default'], (value: unknown, fallback: unknown) => (isNil(value) ? (fallback ?? null) : value)),
  assert: fn(['value', 'condition', 'cause'], (value: unknown, condition: unknown, cause: unknown) => {
    if (condition !== true) {
      throw new FeelError(isString(cause) ? cause : 'The condition of assert() is not fulfilled', '');
    }
    return value;
  }),

  // --- context ---
  'get value': fn(['context', 'key', 'keys', 'm'], (context: unknown, key: unknown, keys: unknown, m: unknown) => {
    let target = context ?? m;
    const path = Array.isArray(key) ? key : Array.isArray(keys) ? keys : isString(key) ? [key] : null;
    if (!path || path.length === 0) return null;
    for (const k of path) {
      if (!isString(k) || !isPlainContext(target) || !own(target, k)) return null;
      target = target[k];
    }
    return target ?? null;
  }),

  // --- string ---
  'string join': fn(['list', 'delimiter', 'prefix', 'suffix'], (list: unknown, delimiter: unknown, prefix: unknown, suffix: unknown) => {
    if (isNil(prefix) && isNil(suffix)) return feelinStringJoin(list, delimiter ?? undefined);
    if (!Array.isArray(list) || ![delimiter, prefix, suffix].every((v) => isNil(v) || isString(v))) return null;
    if (list.some((e) => !isNil(e) && !isString(e))) return null;
    return `${prefix ?? ''}${list.filter((e) => !isNil(e)).join((delimiter as string | null) ?? '')}${suffix ?? ''}`;
  }),
  extract: fn(['string', 'pattern'], (string: unknown, pattern: unknown) => {
    if (!isString(string) || !isString(pattern)) return null;
    const re = regexp(pattern, 'g');
    if (!re) return null;
    return Array.from(string.matchAll(re), (m) => m[0]);
  }),
  trim: fn(['string'], (string: unknown) => (isString(string) ? string.trim() : null)),
  'is blank': fn(['string'], (string: unknown) => (isString(string) ? string.trim() === '' : null)),
  uuid: fn([], () => crypto.randomUUID()),
  'to base64': fn(['value'], (value: unknown) => (isString(value) ? Buffer.from(value, 'utf8').toString('base64') : null)),
  'from base64': fn(['value'], (value: unknown) => {
    if (!isString(value) || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return null;
    return Buffer.from(value, 'base64').toString('utf8');
  }),

  // --- conversion ---
  'from json': fn(['value'], (value: unknown) => {
    if (!isString(value)) return null;
    try {
      return JSON.parse(value);
    } catch {
      return null;
    }
  }),
  'to json': fn(['value'], (value: unknown) => JSON.stringify(toJsonValue(value))),

  // --- list ---
  'is empty': fn(['list'], (list: unknown) => (Array.isArray(list) ? list.length === 0 : null)),
  'duplicate values': fn(['list'], (list: unknown) => {
    if (!Array.isArray(list)) return null;
    const seen = new Map<string, number>();
    const firsts = new Map<string, unknown>();
    for (const v of list) {
      const k = keyOf(v);
      seen.set(k, (seen.get(k) ?? 0) + 1);
      if (!firsts.has(k)) firsts.set(k, v);
    }
    return [...firsts.entries()].filter(([k]) => seen.get(k)! > 1).map(([, v]) => v);
  }),
  partition: fn(['list', 'size'], (list: unknown, size: unknown) => {
    if (!Array.isArray(list) || typeof size !== 'number' || !Number.isInteger(size) || size <= 0) return null;
    const out: unknown[][] = [];
    for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
    return out;
  }),

  // --- numeric ---
  'random number': fn([], () => crypto.randomBytes(6).readUIntBE(0, 6) / 2 ** 48),

  // --- temporal ---
  // Camunda answers a date (feelin a date-time at midnight): today in the engine's time zone.
  today: fn([], () => feelDate(feelDate().toISODate() ?? undefined)),
  'date and time': fn(['date', 'time', 'from', 'timezone'], (...args: unknown[]) => {
    const [d, second] = args;
    if (args.length === 2 && isDateTimeValue(d) && isString(second)) {
      const zoned = (d as unknown as { setZone(z: string): { isValid: boolean } }).setZone(second);
      return zoned.isValid ? zoned : null;
    }
    const [, time, from, timezone] = args;
    if (isDateTimeValue(d) && isString(timezone)) {
      const zoned = (d as unknown as { setZone(z: string): { isValid: boolean } }).setZone(timezone);
      return zoned.isValid ? zoned : null;
    }
    return feelinDateAndTime(d, time, from);
  }),
  'last day of month': fn(['date'], (value: unknown) => {
    if (!isDateTimeValue(value)) return null;
    const last = (value as unknown as { endOf(unit: 'month'): { toISODate(): string | null } }).endOf('month').toISODate();
    return last ? feelDate(last) : null;
  }),
};

/** The names, for parsing expressions that call them (names with spaces must be known to the parser). */
export const camundaFunctionNames = Object.keys(camundaFunctions);
