import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { invalid } from '../../core/app-error.js';

export type PhoneKind = 'mobile' | 'landline';

export interface NormalizedPhone {
  /**
   * The one spelling stored and searched: mainland mobiles as 11 digits (`13812345678`), mainland
   * landlines with their area code and trunk 0 (`043188888888`), 400/800 and service numbers as
   * dialled (`4008108888`, `95598`), foreign numbers in E.164 (`+85291234567`).
   */
  normalized: string;
  kind: PhoneKind;
}

export const PHONE_FORMAT_MESSAGE = '电话号码格式不正确';

/** Separators people type inside a number; anything else (letters, extensions) is refused. */
const SEPARATORS = /[\s\-().\u00a0]/g;
/** Short service numbers: 110, 12345, 10086, 95598, 96777 … (never valid for libphonenumber). */
const SERVICE = /^(1\d{2,4}|9\d{4,5})$/;
/** A local landline dialled without its area code: 7–8 digits, not starting with 0 or 1. */
const LOCAL = /^[2-9]\d{6,7}$/;
/** Mainland mobile ranges, accepted even when the library's metadata lags behind a new range. */
const CN_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Normalise a phone number as entered or as delivered by the switch (caller id).
 * `areaCode` is the subsidiary's landline area code (e.g. `0431`), used for local numbers.
 * Returns null for anything that is not a phone number.
 */
export function normalizePhone(raw: string, areaCode?: string | null): NormalizedPhone | null {
  const text = raw.normalize('NFKC').trim();
  if (!text || text.length > 40) return null;
  const compact = text.replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return null;
  const plus = compact.startsWith('+');
  const digits = plus ? compact.slice(1) : compact;

  if (!plus && SERVICE.test(digits)) return { normalized: digits, kind: 'landline' };
  if (!plus && CN_MOBILE.test(digits)) return { normalized: digits, kind: 'mobile' };
  if (!plus && LOCAL.test(digits)) {
    if (!areaCode) return null;
    return fromLibrary(`${areaCode}${digits}`);
  }
  return fromLibrary(compact);
}

function fromLibrary(input: string): NormalizedPhone | null {
  const p = parsePhoneNumberFromString(input, 'CN');
  if (!p) return null;
  if (p.country === 'CN' || p.countryCallingCode === '86') {
    const national = p.nationalNumber;
    if (CN_MOBILE.test(national)) return { normalized: national, kind: 'mobile' };
    if (!p.isValid()) return null;
    const kind: PhoneKind = p.getType() === 'MOBILE' ? 'mobile' : 'landline';
    return { normalized: p.formatNational().replace(/\D/g, ''), kind };
  }
  if (!p.isValid()) return null;
  return { normalized: p.number, kind: p.getType() === 'MOBILE' ? 'mobile' : 'landline' };
}

/** Like normalizePhone, but a bad number is a 400 with `field` and the standard message. */
export function requirePhone(raw: string, areaCode: string | null | undefined, field: string): NormalizedPhone {
  const n = normalizePhone(raw, areaCode);
  if (!n) throw invalid(field, PHONE_FORMAT_MESSAGE);
  return n;
}

/** Split a cell holding several numbers (`138…/0431-…`, also `、` `,` `;`) into trimmed parts. */
export function splitPhoneList(cell: string): string[] {
  return cell
    .split(/[/／、,，;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
