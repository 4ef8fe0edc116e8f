import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { findUnit } from '../../buildings/index.js';
import { bulkInsertHouseholds, type HouseholdSeed } from '../house-bulk.js';
import { createUnit, type HouseSetup } from './house-fixture-helpers.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

describeEachDb('bulk household loading (seeding)', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'hbk');
  });

  test('given 2,500 households, when bulk inserted, then they are listed and each phone pops its customer', async () => {
    const s: HouseSetup = { admin: ctx.server.admin, subsidiaryId: world.a.id, marker: '批', unique: uid };
    const u = await createUnit(s);
    const tenant = await ctx.server.services.tenants.byId(world.a.id);
    const unit = (await findUnit(tenant.db, u.unitId))!;
    const tag = uid();
    const households: HouseholdSeed[] = Array.from({ length: 2500 }, (_, i) => ({
      unitId: unit.id,
      unitAddress: unit.address,
      roomNo: String(1000 + i),
      billingNo: `BK${tag}${i}`,
      areaM2: 80 + (i % 40),
      customer: {
        name: `批量${i}`,
        customerNo: `CK${tag}${i}`,
        phones: [`1880000${String(i).padStart(4, '0')}`, `8${String(i).padStart(7, '0')}`],
      },
    }));
    const result = await bulkInsertHouseholds(tenant.db, tenant.areaCode, households);
    assert.deepEqual(result, { houses: 2500, customers: 2500, phones: 5000 });

    const list = await ctx.server.admin.get(`/api/subsidiaries/${world.a.id}/houses?unitId=${u.unitId}&pageSize=1`);
    assert.equal(list.body.total, 2500);
    const pop = await ctx.server.admin.get(`/api/subsidiaries/${world.a.id}/phone-lookup?phone=0431-80001234`);
    assert.equal(pop.body.matches.length, 1);
    assert.equal(pop.body.matches[0].customer.name, '批量1234');
    assert.equal(pop.body.matches[0].phones[0].normalized, '18800001234');
    assert.equal(pop.body.matches[0].phones[0].isPrimary, true);
    assert.equal(pop.body.matches[0].houses[0].address, `${unit.address} 2234`);
  });
});
