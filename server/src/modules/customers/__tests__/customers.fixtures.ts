import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';
import { createCustomer, createHouse, type HouseSetup } from '../../houses/__tests__/house-fixture-helpers.js';
import { uniqueMobile } from '../../../testing/unique-hex.js';

const setup = (env: FixtureEnv): HouseSetup => ({
  admin: env.server.admin,
  subsidiaryId: env.target.id,
  marker: env.marker,
  unique: env.unique,
});
const base = (env: FixtureEnv) => `/api/subsidiaries/${env.target.id}/customers`;
/** A mobile number unique enough for one test run: 139 + 8 digits. */
const freshMobile = () => uniqueMobile('139');

/** Fixtures for the customers and phone-lookup routes (see testing/route-fixture.ts). */
export const customerFixtures: RouteFixtures = {
  'customer.list': async (env) => {
    await createCustomer(setup(env));
    return { path: `${base(env)}?q=${encodeURIComponent(env.marker)}&pageSize=50` };
  },
  'customer.get': async (env) => {
    const s = setup(env);
    const c = await createCustomer(s);
    await createHouse(s, { customerId: c.id });
    return { path: `${base(env)}/${c.id}` };
  },
  'customer.create': async (env) => ({
    path: base(env),
    body: {
      name: `用户${env.marker}`,
      customerNo: `C${env.unique()}`,
      idCardLast4: '123X',
      remark: `备注${env.marker}`,
      phones: [
        { number: freshMobile(), label: '本人', isPrimary: true },
        { number: '8888-6666', kind: 'landline' },
      ],
      reason: '测试新增热用户',
    },
  }),
  'customer.update': async (env) => {
    const c = await createCustomer(setup(env));
    return { path: `${base(env)}/${c.id}`, body: { name: `改名用户${env.marker}`, remark: '已核实', reason: '测试修改热用户' } };
  },
  'customer.delete': async (env) => {
    const c = await createCustomer(setup(env));
    return { path: `${base(env)}/${c.id}`, body: { reason: '测试删除热用户' } };
  },
  'customer.phoneAdd': async (env) => {
    const c = await createCustomer(setup(env));
    return { path: `${base(env)}/${c.id}/phones`, body: { number: freshMobile(), label: '家属', reason: '测试绑定号码' } };
  },
  'customer.phoneRemove': async (env) => {
    const c = await createCustomer(setup(env), [freshMobile(), freshMobile()]);
    const detail = await env.server.admin.get(`${base(env)}/${c.id}`);
    const phoneId = (detail.body as { phones: { id: number }[] }).phones[1]!.id;
    return { path: `${base(env)}/${c.id}/phones/${phoneId}`, body: { reason: '测试解绑号码' } };
  },
  'customer.blacklist': async (env) => {
    const c = await createCustomer(setup(env));
    return { path: `${base(env)}/${c.id}/blacklist`, body: { blacklisted: true, reason: '恶意骚扰' } };
  },
  'phone.lookup': async (env) => {
    const phone = freshMobile();
    const s = setup(env);
    const c = await createCustomer(s, [phone]);
    await createHouse(s, { customerId: c.id });
    return { path: `/api/subsidiaries/${env.target.id}/phone-lookup?phone=${encodeURIComponent(phone)}` };
  },
  'phone.lookupAll': async (env) => {
    const phone = freshMobile();
    await createCustomer(setup(env), [phone]);
    return { path: `/api/phone-lookup?phone=${encodeURIComponent(phone)}` };
  },
};
