import type { Prng } from './prng.js';

/** Mainland mobile prefixes in use (China Mobile, Unicom, Telecom, Broadnet). */
const MOBILE_PREFIXES = [
  ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '145', '147', '150', '151', '152', '153', '155', '156'],
  ...['157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189'],
  ...['191', '193', '195', '198', '199'],
];

/** First digit of local landline numbers per area code (8 digits everywhere in Jilin province). */
const LOCAL_FIRST_DIGIT: Record<string, string[]> = {
  '0431': ['8', '8', '8', '5', '6'],
  '0432': ['6', '6', '6', '3'],
  '0433': ['2', '2', '6'],
};

export const mobileNumber = (rng: Prng) => rng.pick(MOBILE_PREFIXES) + rng.digits(8);

/** A local landline number (without area code), e.g. 85123456. */
export const localLandline = (rng: Prng, areaCode: string) => rng.pick(LOCAL_FIRST_DIGIT[areaCode] ?? ['5', '6', '8']) + rng.digits(7);

/** A mobile as people type it: 13812345678, 138-1234-5678, +86 138 1234 5678, 138 1234 5678. */
export function typedMobile(rng: Prng, n: string): string {
  const r = rng.next();
  if (r < 0.7) return n;
  if (r < 0.85) return `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`;
  if (r < 0.95) return `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
  return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
}

/** A landline as people type it: 0431-85123456, (0431)85123456, or just 85123456 (local). */
export function typedLandline(rng: Prng, areaCode: string, local: string): string {
  const r = rng.next();
  if (r < 0.5) return `${areaCode}-${local}`;
  if (r < 0.7) return `(${areaCode})${local}`;
  return local;
}

/**
 * Ways a switch or an agent may present a stored (normalised) number: used by the benchmark to
 * query with varied spellings. `areaCode` is the caller's subsidiary's, for the local spelling.
 */
export function callerSpellings(normalized: string, kind: 'mobile' | 'landline', areaCode: string | null): string[] {
  if (kind === 'mobile') {
    const n = normalized;
    return [n, `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`, `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`, `+86${n}`];
  }
  const area = areaCode && normalized.startsWith(areaCode) ? areaCode : normalized.slice(0, 4);
  const local = normalized.slice(area.length);
  const out = [normalized, `${area}-${local}`, `+86 ${area.slice(1)} ${local.slice(0, 4)} ${local.slice(4)}`];
  if (areaCode && area === areaCode) out.push(local);
  return out;
}
