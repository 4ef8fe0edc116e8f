import type { Services } from '@warmline/server';
import { seedGroup, stationIdsOf, tenantCounts, withTenantWriter, type OrgSeed } from '@warmline/server/seeding';
import { CITY_PROFILE, generateHouseholds } from '../gen/households.js';
import { chineseNumber } from '../gen/names.js';
import { Prng } from '../gen/prng.js';

export const LARGE_SEED_ACTION = 'seed.large';

/** Subsidiaries the large seed creates when there are fewer than asked for (Jilin province cities). */
export const LARGE_SUBSIDIARIES = [
  { code: 'changchun', name: '长春分公司', city: '长春', areaCode: '0431' },
  { code: 'jilin', name: '吉林分公司', city: '吉林', areaCode: '0432' },
  { code: 'yanbian', name: '延边分公司', city: '延边', areaCode: '0433' },
  { code: 'siping', name: '四平分公司', city: '四平', areaCode: '0434' },
  { code: 'tonghua', name: '通化分公司', city: '通化', areaCode: '0435' },
  { code: 'baicheng', name: '白城分公司', city: '白城', areaCode: '0436' },
  { code: 'liaoyuan', name: '辽源分公司', city: '辽源', areaCode: '0437' },
  { code: 'songyuan', name: '松原分公司', city: '松原', areaCode: '0438' },
  { code: 'baishan', name: '白山分公司', city: '白山', areaCode: '0439' },
] as const;

const STATIONS_PER_SUBSIDIARY = 6;

export interface LargeSeedOptions {
  /** Total houses (= households with a heating customer) wanted across the subsidiaries. */
  households: number;
  /** How many subsidiaries hold them (created when missing). */
  subsidiaries: number;
  /** Households per transaction. */
  chunk?: number;
  /** Rows per INSERT statement. */
  batchSize?: number;
  onProgress?: (line: string) => void;
}

export interface LargeSeedSummary {
  households: number;
  customers: number;
  phones: number;
  seconds: number;
  /** Households written by this run (0 when the target was already there). */
  added: number;
  subsidiaryIds: number[];
}

const seedOf = (text: string) => [...text].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0, 7);

/** The subsidiaries to fill, creating the missing ones (with stations) through the seeding export. */
async function ensureSubsidiaries(services: Services, wanted: number) {
  if (wanted < 1 || wanted > LARGE_SUBSIDIARIES.length) throw new Error(`--subsidiaries 须在 1–${LARGE_SUBSIDIARIES.length} 之间`);
  const present = () =>
    services.orgs.all().then((all) => all.filter((o) => o.type === 'subsidiary' && o.enabled).sort((a, b) => a.id - b.id));
  let subs = await present();
  if (subs.length < wanted) {
    const taken = new Set((await services.orgs.all()).map((o) => o.code));
    const orgs: OrgSeed[] = [];
    for (const s of LARGE_SUBSIDIARIES.filter((x) => !taken.has(x.code)).slice(0, wanted - subs.length)) {
      orgs.push({ code: s.code, parentCode: null, type: 'subsidiary', name: s.name, areaCode: s.areaCode });
      for (let i = 1; i <= STATIONS_PER_SUBSIDIARY; i += 1) {
        orgs.push({ code: `${s.code}_st${i}`, parentCode: s.code, type: 'station', name: `${s.city}${chineseNumber(i)}站`, sort: i });
      }
    }
    await seedGroup(services, { orgs, users: [], audit: { action: LARGE_SEED_ACTION, reason: '压测数据：分公司' } });
    subs = await present();
  }
  return subs.slice(0, wanted);
}

/**
 * Load data: `households` houses with heating customers (~1.3 phones each) under city-sized building
 * trees, spread evenly over the subsidiaries, written with multi-row INSERTs in transactions of
 * `chunk` households. Counts what is there first and only adds the difference.
 */
export async function seedLarge(services: Services, options: LargeSeedOptions): Promise<LargeSeedSummary> {
  const started = performance.now();
  const log = options.onProgress ?? (() => undefined);
  const chunk = options.chunk ?? 50_000;
  const subs = await ensureSubsidiaries(services, options.subsidiaries);
  const counts = await Promise.all(subs.map((s) => tenantCounts(services, s.id)));
  const present = counts.reduce((n, c) => n + c.houses, 0);
  const elapsed = () => (performance.now() - started) / 1000;

  const share = Math.ceil(options.households / subs.length);
  let remaining = Math.max(0, options.households - present);
  const total = remaining;
  let added = 0;
  if (remaining === 0) log(`已有 ${present.toLocaleString('en-US')} 户（目标 ${options.households.toLocaleString('en-US')}），无需生成`);
  else log(`已有 ${present.toLocaleString('en-US')} 户，生成 ${remaining.toLocaleString('en-US')} 户到 ${subs.length} 个分公司…`);

  for (const [i, sub] of subs.entries()) {
    const have = counts[i];
    let todo = Math.min(remaining, Math.max(0, share - have.houses));
    if (i === subs.length - 1) todo = remaining;
    remaining -= todo;
    const stationIds = await stationIdsOf(services, sub.id);
    while (todo > 0) {
      const n = Math.min(chunk, todo);
      const { counts: written, result } = await withTenantWriter(
        services,
        sub.id,
        async (writer, tenant) => {
          const generated = await generateHouseholds(
            writer,
            {
              households: n,
              profile: CITY_PROFILE,
              codePrefix: sub.code.toUpperCase(),
              areaCode: tenant.areaCode ?? '0431',
              stationIds,
              existing: { heatSources: have.heatSources, communities: have.communities, customers: have.customers, houses: have.houses },
            },
            new Prng(seedOf(`${sub.code}:${have.houses}`)),
          );
          await writer.audit({
            action: LARGE_SEED_ACTION,
            entityType: 'seed',
            orgId: sub.id,
            reason: '压测数据',
            after: { ...writer.counts, ...generated },
          });
          return generated;
        },
        { batchSize: options.batchSize },
      );
      have.heatSources += result.heatSources;
      have.communities += result.communities;
      have.customers += written.customers;
      have.houses += written.houses;
      have.phones += written.phones;
      have.buildingNodes += written.buildingNodes;
      todo -= n;
      added += n;
      const s = elapsed();
      log(
        `${sub.name}: ${have.houses.toLocaleString('en-US')} 户 | 合计 ${added.toLocaleString('en-US')}/${total.toLocaleString('en-US')}` +
          ` | ${s.toFixed(1)} s | ${Math.round(added / s).toLocaleString('en-US')} 户/s`,
      );
    }
  }
  const after = await Promise.all(subs.map((s) => tenantCounts(services, s.id)));
  return {
    households: after.reduce((n, c) => n + c.houses, 0),
    customers: after.reduce((n, c) => n + c.customers, 0),
    phones: after.reduce((n, c) => n + c.phones, 0),
    seconds: Math.round(elapsed() * 10) / 10,
    added,
    subsidiaryIds: subs.map((s) => s.id),
  };
}
