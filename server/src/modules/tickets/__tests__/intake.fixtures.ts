import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';
import { createCustomer, createHouse, type HouseSetup } from '../../houses/__tests__/house-fixture-helpers.js';
import { uniqueMobile } from '../../../testing/unique-hex.js';

const setup = (env: FixtureEnv): HouseSetup => ({
  admin: env.server.admin,
  subsidiaryId: env.target.id,
  marker: env.marker,
  unique: env.unique,
});
/** A mobile number unique enough for one test run: 137 + 8 digits. */
export const freshMobile = () => uniqueMobile('137');

/** A customer with one phone and one house in the target subsidiary. */
async function caller(env: FixtureEnv): Promise<{ phone: string; customerId: number; houseId: number }> {
  const phone = freshMobile();
  const s = setup(env);
  const c = await createCustomer(s, [phone]);
  const h = await createHouse(s, { customerId: c.id });
  return { phone, customerId: c.id, houseId: h.id };
}

/**
 * Wait until a new ticket's processes have done their first writes (the SLA clock's due time is on
 * the row), so a matrix fingerprint taken afterwards does not see the engine still working.
 */
async function settle(env: FixtureEnv, path: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const res = await env.server.admin.get(path);
    if (res.status === 200 && res.body.dueAt && res.body.status === 'pending_dispatch') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 300));
}

const intakeBody = (env: FixtureEnv, phone: string) => ({
  callerPhone: phone,
  typeCode: 'repair',
  urgency: 'normal',
  source: 'phone',
  title: `暖气不热${env.marker}`,
  description: '卧室暖气片不热，已排气无效',
});

/** Fixtures for intake, the detail read and the caller context (see testing/route-fixture.ts). */
export const intakeFixtures: RouteFixtures = {
  'tickets.create': async (env) => ({
    path: `/api/subsidiaries/${env.target.id}/tickets`,
    body: intakeBody(env, (await caller(env)).phone),
  }),
  'tickets.get': async (env) => {
    const res = await env.server.admin.post(`/api/subsidiaries/${env.target.id}/tickets`, intakeBody(env, (await caller(env)).phone));
    if (res.status !== 201) throw new Error(`fixture ticket: ${res.status} ${JSON.stringify(res.body)}`);
    const path = `/api/subsidiaries/${env.target.id}/tickets/${res.body.id}`;
    await settle(env, path);
    return { path };
  },
  'tickets.callerContext': async (env) => ({
    path: `/api/subsidiaries/${env.target.id}/caller-context?phone=${(await caller(env)).phone}`,
  }),
};
