import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';
import { buildXlsx } from '../../../xlsx/xlsx-table.js';
import { HOUSE_COLUMNS } from '../house-xlsx.js';
import { createCustomer, createHouse, createUnit, type HouseSetup } from './house-fixture-helpers.js';

const setup = (env: FixtureEnv): HouseSetup => ({
  admin: env.server.admin,
  subsidiaryId: env.target.id,
  marker: env.marker,
  unique: env.unique,
});
const base = (env: FixtureEnv) => `/api/subsidiaries/${env.target.id}/houses`;

/** Fixtures for the houses routes (see testing/route-fixture.ts). */
export const houseFixtures: RouteFixtures = {
  'house.list': async (env) => {
    const s = setup(env);
    const unit = await createUnit(s);
    const customer = await createCustomer(s);
    await createHouse(s, { unitId: unit.unitId, customerId: customer.id });
    return { path: `${base(env)}?communityId=${unit.communityId}&pageSize=50` };
  },
  'house.export': async (env) => {
    const s = setup(env);
    const unit = await createUnit(s);
    await createHouse(s, { unitId: unit.unitId, customerId: (await createCustomer(s)).id });
    return { path: `${base(env)}/export?communityId=${unit.communityId}` };
  },
  'house.importTemplate': async (env) => ({ path: `${base(env)}/import-template` }),
  'house.import': async (env) => {
    const s = setup(env);
    const unit = await createUnit(s);
    const u = env.unique();
    const content = await buildXlsx(HOUSE_COLUMNS, [
      {
        ...unit.names,
        roomNo: '101',
        areaM2: 90.5,
        heatingStatus: '供热',
        billingNo: `IB${u}`,
        customerNo: `IC${u}`,
        customerName: `导入用户${env.marker}`,
        phones: '13911112222/8888-0001',
      },
    ]);
    return { path: `${base(env)}/import`, upload: { field: 'file', fileName: '房屋.xlsx', content } };
  },
  'house.get': async (env) => {
    const s = setup(env);
    const house = await createHouse(s, { customerId: (await createCustomer(s)).id });
    return { path: `${base(env)}/${house.id}` };
  },
  'house.create': async (env) => {
    const s = setup(env);
    const unit = await createUnit(s);
    const customer = await createCustomer(s);
    return {
      path: base(env),
      body: {
        unitId: unit.unitId,
        roomNo: '302',
        areaM2: 102.35,
        heatingStatus: 'heating',
        billingNo: `B${env.unique()}`,
        customerId: customer.id,
        reason: '测试新增房屋',
      },
    };
  },
  'house.update': async (env) => {
    const s = setup(env);
    const house = await createHouse(s);
    return { path: `${base(env)}/${house.id}`, body: { heatingStatus: 'suspended', areaM2: 77, reason: '测试修改房屋' } };
  },
  'house.delete': async (env) => {
    const house = await createHouse(setup(env));
    return { path: `${base(env)}/${house.id}`, body: { reason: '测试删除房屋' } };
  },
};
