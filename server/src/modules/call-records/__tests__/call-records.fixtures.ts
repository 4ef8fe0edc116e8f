import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';
import { createCustomer, createHouse, type HouseSetup } from '../../houses/__tests__/house-fixture-helpers.js';
import { uniqueMobile } from '../../../testing/unique-hex.js';

const setup = (env: FixtureEnv): HouseSetup => ({
  admin: env.server.admin,
  subsidiaryId: env.target.id,
  marker: env.marker,
  unique: env.unique,
});
const base = (env: FixtureEnv) => `/api/subsidiaries/${env.target.id}/call-records`;
/** A mobile number unique enough for one test run: 136 + 8 digits. */
export const freshCaller = () => uniqueMobile('136');

/** A customer with one number and one house in the target subsidiary, and a registered call from that number. */
async function registeredCall(env: FixtureEnv): Promise<{ id: number; phone: string; customerId: number }> {
  const phone = freshCaller();
  const s = setup(env);
  const c = await createCustomer(s, [phone]);
  await createHouse(s, { customerId: c.id });
  const res = await env.server.admin.post(base(env), { callerNumber: phone, note: `来电${env.marker}` });
  if (res.status !== 201) throw new Error(`fixture call record: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, phone, customerId: c.id };
}

/** A ticket in the target subsidiary whose processes have started (its dispatch task waits). */
async function ticket(env: FixtureEnv): Promise<number> {
  const phone = freshCaller();
  const s = setup(env);
  const c = await createCustomer(s, [phone]);
  await createHouse(s, { customerId: c.id });
  const res = await env.server.admin.post(`/api/subsidiaries/${env.target.id}/tickets`, {
    callerPhone: phone,
    typeCode: 'repair',
    urgency: 'normal',
    source: 'phone',
    title: `暖气不热${env.marker}`,
  });
  if (res.status !== 201) throw new Error(`fixture ticket: ${res.status} ${JSON.stringify(res.body)}`);
  const path = `/api/subsidiaries/${env.target.id}/tickets/${res.body.id}`;
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const t = await env.server.admin.get(path);
    if (t.status === 200 && t.body.dueAt && t.body.status === 'pending_dispatch') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 300));
  return res.body.id as number;
}

/** Fixtures for the call-record routes (see testing/route-fixture.ts). */
export const callRecordFixtures: RouteFixtures = {
  'callRecords.list': async (env) => {
    const call = await registeredCall(env);
    return { path: `${base(env)}?phone=${call.phone}` };
  },
  'callRecords.create': async (env) => {
    const phone = freshCaller();
    await createCustomer(setup(env), [phone]);
    return { path: base(env), body: { callerNumber: phone, calleeNumber: '96000', note: `来电${env.marker}` } };
  },
  'callRecords.update': async (env) => {
    const call = await registeredCall(env);
    return { path: `${base(env)}/${call.id}`, body: { endedAt: new Date(Date.now() + 60_000).toISOString(), note: `已处理${env.marker}` } };
  },
  'callRecords.link': async (env) => {
    const call = await registeredCall(env);
    return { path: `${base(env)}/${call.id}/link`, body: { ticketId: await ticket(env), reason: '补录关联' } };
  },
};
