import type { ApiClient } from '../../../testing/index.js';

/** What fixtures and tests need to create houses: a client, a subsidiary, a marker and a unique token. */
export interface HouseSetup {
  admin: ApiClient;
  subsidiaryId: number;
  marker: string;
  unique: () => string;
}

export interface FixtureUnit {
  unitId: number;
  communityId: number;
  buildingId: number;
  names: { community: string; building: string; unit: string };
}

async function must<T>(p: Promise<{ status: number; body: unknown }>, what: string): Promise<T> {
  const res = await p;
  if (res.status < 200 || res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** heat source → substation → community → building → unit, through the buildings API. */
export async function createUnit(s: HouseSetup, names: Partial<FixtureUnit['names']> = {}): Promise<FixtureUnit> {
  const base = `/api/subsidiaries/${s.subsidiaryId}/buildings`;
  const node = (parentId: number | null, type: string, name: string) =>
    must<{ id: number }>(s.admin.post(base, { parentId, type, name }), `create ${type}`);
  const u = s.unique();
  const full = {
    community: names.community ?? `小区${s.marker}${u}`,
    building: names.building ?? '1号楼',
    unit: names.unit ?? '1单元',
  };
  const hs = await node(null, 'heat_source', `热源${s.marker}${u}`);
  const sub = await node(hs.id, 'substation', `换热站${s.marker}${u}`);
  const community = await node(sub.id, 'community', full.community);
  const building = await node(community.id, 'building', full.building);
  const unit = await node(building.id, 'unit', full.unit);
  return { unitId: unit.id, communityId: community.id, buildingId: building.id, names: full };
}

/** A unit under an existing building. */
export async function createUnitIn(s: HouseSetup, buildingId: number, name: string): Promise<number> {
  const body = await must<{ id: number }>(
    s.admin.post(`/api/subsidiaries/${s.subsidiaryId}/buildings`, { parentId: buildingId, type: 'unit', name }),
    'create unit',
  );
  return body.id;
}

export async function createCustomer(s: HouseSetup, phones: string[] = ['13800000000']): Promise<{ id: number; customerNo: string }> {
  const customerNo = `C${s.unique()}`;
  const body = await must<{ id: number }>(
    s.admin.post(`/api/subsidiaries/${s.subsidiaryId}/customers`, {
      name: `用户${s.marker}`,
      customerNo,
      phones: phones.map((number) => ({ number })),
    }),
    'create customer',
  );
  return { id: body.id, customerNo };
}

export async function createHouse(
  s: HouseSetup,
  opts: { unitId?: number; customerId?: number | null; roomNo?: string } = {},
): Promise<{ id: number; unitId: number; billingNo: string }> {
  const unitId = opts.unitId ?? (await createUnit(s)).unitId;
  const billingNo = `B${s.unique()}`;
  const body = await must<{ id: number }>(
    s.admin.post(`/api/subsidiaries/${s.subsidiaryId}/houses`, {
      unitId,
      roomNo: opts.roomNo ?? `${s.unique()}`,
      areaM2: 88.5,
      billingNo,
      customerId: opts.customerId ?? null,
    }),
    'create house',
  );
  return { id: body.id, unitId, billingNo };
}
