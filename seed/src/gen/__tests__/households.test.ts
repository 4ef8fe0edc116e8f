import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizePhone, type SeedCustomerInput, type SeedHouseInput, type SeedNode, type SeedNodeInput } from '@warmline/server/seeding';
import { CITY_PROFILE, DEMO_PROFILE, generateHouseholds, type HouseholdPlan, type HouseholdSink } from '../households.js';
import { chineseNumber } from '../names.js';
import { Prng } from '../prng.js';

/** Records what the generator adds, with ids and paths like the BulkWriter's. */
function recorder() {
  const nodes: (SeedNodeInput & SeedNode)[] = [];
  const customers: SeedCustomerInput[] = [];
  const houses: SeedHouseInput[] = [];
  const sink: HouseholdSink = {
    addNode: (input) => {
      const id = nodes.length + 1;
      const node = {
        ...input,
        id,
        path: `${input.parent?.path ?? '/'}${id}/`,
        depth: (input.parent?.depth ?? 0) + 1,
        address: input.type === 'community' ? input.name : input.parent?.address ? `${input.parent.address} ${input.name}` : '',
      };
      nodes.push(node);
      return node;
    },
    addCustomer: (input) => customers.push(input),
    addHouse: (input) => houses.push(input),
    flushFull: async () => undefined,
  };
  return { sink, nodes, customers, houses };
}

const plan = (over: Partial<HouseholdPlan> = {}): HouseholdPlan => ({
  households: 1_000,
  profile: DEMO_PROFILE,
  codePrefix: 'CC',
  areaCode: '0431',
  stationIds: [11, 12, 13],
  existing: { heatSources: 0, communities: 0, customers: 0, houses: 0 },
  ...over,
});

test('given one seed, when households are generated twice, then the data is identical; another seed gives other data', async () => {
  const a = recorder();
  const b = recorder();
  const c = recorder();
  await generateHouseholds(a.sink, plan(), new Prng(42));
  await generateHouseholds(b.sink, plan(), new Prng(42));
  await generateHouseholds(c.sink, plan(), new Prng(43));
  assert.deepEqual(a.customers, b.customers);
  assert.deepEqual(
    a.nodes.map((n) => n.name),
    b.nodes.map((n) => n.name),
  );
  assert.notDeepEqual(
    a.customers.map((x) => x.name),
    c.customers.map((x) => x.name),
  );
});

test('given a plan, when generated, then exactly that many houses with one customer each, unique numbers, rooms and valid phones', async () => {
  const r = recorder();
  const result = await generateHouseholds(r.sink, plan({ households: 2_345, profile: CITY_PROFILE }), new Prng(1));
  assert.equal(result.households, 2_345);
  assert.equal(r.houses.length, 2_345);
  assert.equal(r.customers.length, 2_345);
  assert.equal(new Set(r.customers.map((c) => c.customerNo)).size, 2_345);
  assert.equal(new Set(r.houses.map((h) => h.billingNo)).size, 2_345);
  assert.equal(new Set(r.houses.map((h) => `${h.unit.id}/${h.roomNo}`)).size, 2_345);
  const phones = r.customers.flatMap((c) => c.phones);
  assert.ok(r.customers.every((c) => c.phones.length >= 1 && c.phones.length <= 3));
  assert.ok(phones.length / r.customers.length > 1.15 && phones.length / r.customers.length < 1.45, `${phones.length} phones`);
  assert.ok(
    phones.every((p) => normalizePhone(p.number, '0431')),
    'every number normalises',
  );
  assert.ok(phones.some((p) => p.number.startsWith('+86 ')) && phones.some((p) => /^\d{8}$/.test(p.number)), 'varied spellings');
  assert.ok(r.customers.every((c) => /^[\u4e00-\u9fa5]{2,3}$/.test(c.name)));
});

test('given a plan, when generated, then the tree is strict and siblings have unique names, communities take stations in turn', async () => {
  const r = recorder();
  await generateHouseholds(r.sink, plan({ households: 3_000 }), new Prng(5));
  const order = ['heat_source', 'substation', 'community', 'building', 'unit'];
  for (const n of r.nodes) assert.equal(order.indexOf(n.type), (n.parent ? order.indexOf(n.parent.type) : -1) + 1);
  const siblings = r.nodes.map((n) => `${n.parent?.id ?? 0}/${n.name}`);
  assert.equal(new Set(siblings).size, siblings.length);
  const communities = r.nodes.filter((n) => n.type === 'community');
  assert.deepEqual(
    communities.slice(0, 4).map((c) => c.stationId),
    [11, 12, 13, 11],
  );
  assert.equal(new Set(communities.map((c) => c.name)).size, communities.length, 'community names unique in a subsidiary');
  assert.equal(r.houses[0].unit.address, `${communities[0].name} 1号楼 1单元`);
});

test('given existing data, when more is generated, then names, codes and numbers continue after it', async () => {
  const r = recorder();
  await generateHouseholds(
    r.sink,
    plan({ households: 10, existing: { heatSources: 2, communities: 5, customers: 100, houses: 200 } }),
    new Prng(5),
  );
  assert.equal(r.nodes[0].code, 'CC-H03');
  assert.equal(r.customers[0].customerNo, '4310000101');
  assert.equal(r.houses[0].billingNo, 'JF43100000201');
});

test('chineseNumber writes ordinals the Chinese way', () => {
  assert.deepEqual([1, 10, 12, 20, 21, 100, 105, 110, 999].map(chineseNumber), [
    '一',
    '十',
    '十二',
    '二十',
    '二十一',
    '一百',
    '一百零五',
    '一百一十',
    '九百九十九',
  ]);
});
