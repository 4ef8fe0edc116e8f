import type { BulkWriter, SeedNode, SeedPhoneInput } from '@warmline/server/seeding';
import {
  buildingName,
  CommunityNames,
  CUSTOMER_REMARKS,
  EXTRA_PHONE_LABELS,
  heatSourceName,
  personName,
  substationName,
  unitName,
} from './names.js';
import { localLandline, mobileNumber, typedLandline, typedMobile } from './phones.js';
import { Prng } from './prng.js';

type Range = readonly [min: number, max: number];

/** The shape of a building tree: how many children each level gets. */
export interface TreeProfile {
  substationsPerHeatSource: Range;
  communitiesPerSubstation: Range;
  buildingsPerCommunity: Range;
  unitsPerBuilding: Range;
  floors: Range;
  /** Share of communities built as high-rises, and their floor counts. */
  highRiseShare: number;
  highRiseFloors: Range;
  roomsPerFloor: Range;
  /** Probability of 1, 2, 3 phone numbers per customer. */
  phoneCounts: readonly [one: number, two: number, three: number];
}

/** Small, readable trees for the demo: a dozen communities per subsidiary, 1–3 phones per customer. */
export const DEMO_PROFILE: TreeProfile = {
  substationsPerHeatSource: [2, 3],
  communitiesPerSubstation: [1, 3],
  buildingsPerCommunity: [3, 6],
  unitsPerBuilding: [2, 3],
  floors: [5, 6],
  highRiseShare: 0.15,
  highRiseFloors: [11, 15],
  roomsPerFloor: [2, 2],
  phoneCounts: [0.6, 0.3, 0.1],
};

/** City scale for load data: a heat source feeds tens of substations; ~1.3 phones per customer. */
export const CITY_PROFILE: TreeProfile = {
  substationsPerHeatSource: [10, 30],
  communitiesPerSubstation: [1, 3],
  buildingsPerCommunity: [6, 18],
  unitsPerBuilding: [2, 4],
  floors: [5, 7],
  highRiseShare: 0.3,
  highRiseFloors: [11, 18],
  roomsPerFloor: [2, 3],
  phoneCounts: [0.75, 0.2, 0.05],
};

export interface HouseholdPlan {
  /** Houses (each with its heating customer) to add. */
  households: number;
  profile: TreeProfile;
  /** Prefix of node codes, e.g. `CC`. */
  codePrefix: string;
  areaCode: string;
  /** Stations the communities are assigned to, in turn. */
  stationIds: readonly number[];
  /** What the subsidiary already holds, so names, codes and numbers continue instead of clashing. */
  existing: { heatSources: number; communities: number; customers: number; houses: number };
}

/** What the generator needs of a BulkWriter (a recording fake in unit tests). */
export type HouseholdSink = Pick<BulkWriter, 'addNode' | 'addCustomer' | 'addHouse' | 'flushFull'>;

export interface HouseholdResult {
  heatSources: number;
  communities: number;
  households: number;
}

const seedOf = (text: string) => [...text].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16_777_619) >>> 0, 2_166_136_261);
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const between = (rng: Prng, [min, max]: Range) => rng.int(min, max);

const HEATING_STATUS = (rng: Prng) => {
  const r = rng.next();
  return r < 0.93 ? 'heating' : r < 0.98 ? 'suspended' : 'unconnected';
};

function phonesFor(rng: Prng, plan: HouseholdPlan): SeedPhoneInput[] {
  const [one, two] = plan.profile.phoneCounts;
  const r = rng.next();
  const count = r < one ? 1 : r < one + two ? 2 : 3;
  const phones: SeedPhoneInput[] = [];
  for (let i = 0; i < count; i += 1) {
    const mobile = i === 0 ? rng.chance(0.85) : rng.chance(0.5);
    if (mobile) phones.push({ number: typedMobile(rng, mobileNumber(rng)), label: i === 0 ? '本人' : rng.pick(EXTRA_PHONE_LABELS) });
    else phones.push({ number: typedLandline(rng, plan.areaCode, localLandline(rng, plan.areaCode)), label: '家庭座机' });
  }
  return phones;
}

/**
 * Add `plan.households` houses with their heating customers and phones to the writer, under newly
 * created heat sources → substations → communities → buildings → units. Deterministic for one `rng`.
 */
export async function generateHouseholds(writer: HouseholdSink, plan: HouseholdPlan, rng: Prng): Promise<HouseholdResult> {
  const p = plan.profile;
  const area = plan.areaCode.slice(1);
  // Community names follow one fixed order per subsidiary, so later runs continue with unused names.
  const names = new CommunityNames(new Prng(seedOf(plan.codePrefix)));
  names.skip(plan.existing.communities);
  let added = 0;
  let communities = 0;
  let heatSources = 0;
  const full = () => added >= plan.households;

  const addHousesOfUnit = (unit: SeedNode, floors: number, rooms: number) => {
    for (let floor = 1; floor <= floors && !full(); floor += 1) {
      for (let room = 1; room <= rooms && !full(); room += 1) {
        const customerSeq = plan.existing.customers + added + 1;
        const houseSeq = plan.existing.houses + added + 1;
        const customerId = writer.addCustomer({
          name: personName(rng),
          customerNo: `${area}${pad(customerSeq, 7)}`,
          idCardLast4: rng.chance(0.7) ? rng.digits(3) + (rng.chance(0.1) ? 'X' : rng.digits(1)) : null,
          remark: rng.chance(0.03) ? rng.pick(CUSTOMER_REMARKS) : null,
          phones: phonesFor(rng, plan),
        });
        writer.addHouse({
          unit,
          roomNo: `${floor}${pad(room, 2)}`,
          areaM2: 45 + Math.round(rng.next() * 11_000) / 100,
          heatingStatus: HEATING_STATUS(rng),
          billingNo: `JF${area}${pad(houseSeq, 8)}`,
          customerId,
        });
        added += 1;
      }
    }
  };

  for (let h = plan.existing.heatSources; !full(); h += 1) {
    const hsCode = `${plan.codePrefix}-H${pad(h + 1, 2)}`;
    const heatSource = writer.addNode({
      parent: null,
      type: 'heat_source',
      name: heatSourceName(h),
      code: hsCode,
      extra: { 类型: rng.chance(0.6) ? '热电联产' : '区域锅炉房', 装机容量MW: rng.int(6, 60) * 10 },
    });
    heatSources += 1;
    const substations = between(rng, p.substationsPerHeatSource);
    for (let s = 1; s <= substations && !full(); s += 1) {
      const ssCode = `${hsCode}-${pad(s, 2)}`;
      const substation = writer.addNode({ parent: heatSource, type: 'substation', name: substationName(s), code: ssCode });
      const perSubstation = between(rng, p.communitiesPerSubstation);
      for (let c = 1; c <= perSubstation && !full(); c += 1) {
        const cmCode = `${ssCode}-${pad(c, 2)}`;
        const stationId = plan.stationIds.length ? plan.stationIds[communities % plan.stationIds.length] : null;
        const community = writer.addNode({
          parent: substation,
          type: 'community',
          name: names.next(),
          code: cmCode,
          stationId,
          extra: { 建成年份: rng.int(1992, 2022) },
        });
        communities += 1;
        const highRise = rng.chance(p.highRiseShare);
        const floors = between(rng, highRise ? p.highRiseFloors : p.floors);
        const rooms = between(rng, p.roomsPerFloor);
        const buildings = between(rng, p.buildingsPerCommunity);
        for (let b = 1; b <= buildings && !full(); b += 1) {
          const bdCode = `${cmCode}-${pad(b, 2)}`;
          const building = writer.addNode({ parent: community, type: 'building', name: buildingName(b), code: bdCode });
          const units = between(rng, p.unitsPerBuilding);
          for (let u = 1; u <= units && !full(); u += 1) {
            const unit = writer.addNode({ parent: building, type: 'unit', name: unitName(u), code: `${bdCode}-${u}` });
            addHousesOfUnit(unit, floors, rooms);
            await writer.flushFull();
          }
        }
      }
    }
  }
  return { heatSources, communities, households: added };
}
