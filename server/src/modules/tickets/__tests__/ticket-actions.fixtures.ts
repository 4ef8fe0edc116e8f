import type { Variables } from '@warmline/engine';
import { dbFingerprint, type FixtureEnv, type FixtureRequest, type RouteFixtures } from '../../../testing/index.js';
import { superviseTicket } from '../../ticket-process/ticket-process.service.js';
import { createTicket, openTaskOf, type NewTicket } from './ticket-actions.harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const adminIds = new WeakMap<object, number>();

/** The group admin's user id: the matrices' positive control calls `ticket:act` routes as the group admin. */
async function adminId(env: FixtureEnv): Promise<number> {
  const known = adminIds.get(env.server);
  if (known) return known;
  const me = await env.server.admin.get('/api/auth/me');
  adminIds.set(env.server, (me.body as { id: number }).id);
  return (me.body as { id: number }).id;
}

/** A ticket of the target subsidiary driven on the engine (no forms) until `elementId` is open. */
async function ticketAt(env: FixtureEnv, path: [string, Variables][], opts: NewTicket = {}): Promise<number> {
  const id = await createTicket(env.server, env.target, { chains: {}, ...opts });
  for (const [elementId, variables] of path) {
    const task = await openTaskOf(env.server, env.target, id, elementId);
    await env.server.services.engine.completeUserTask(env.target.code, task.taskKey, variables);
  }
  return id;
}

/** Give the open task `elementId` of the ticket to the group admin (so the positive control is its person). */
async function toAdmin(env: FixtureEnv, id: number, elementId: string): Promise<string> {
  const task = await openTaskOf(env.server, env.target, id, elementId);
  await env.server.services.engine.assignUserTask(env.target.code, task.taskKey, String(await adminId(env)));
  return task.taskKey;
}

/** Wait until the target's database stops changing (engine jobs, projector, notifications), so the matrices compare a still picture. */
async function still(env: FixtureEnv): Promise<void> {
  const db = (await env.server.services.tenants.byId(env.target.id)).db;
  let last = JSON.stringify(await dbFingerprint(db));
  for (let i = 0, calm = 0; i < 60 && calm < 3; i++) {
    await sleep(80);
    const now = JSON.stringify(await dbFingerprint(db));
    calm = now === last ? calm + 1 : 0;
    last = now;
  }
}

const dispatched = (env: FixtureEnv): [string, Variables] => ['dispatch', { stationId: env.target.stationId }];
const assigned = (env: FixtureEnv): [string, Variables] => [
  'station-confirm',
  { confirmDecision: 'assign', workerId: env.target.userIds.repair_worker },
];
const accepted: [string, Variables] = ['worker-accept', { acceptDecision: 'accept' }];

const at = (env: FixtureEnv, id: number, verb: string, body: unknown): FixtureRequest => ({
  path: `/api/subsidiaries/${env.target.id}/tickets/${id}/${verb}`,
  body,
  // The subsidiary's own service desk reports on supervision (task:work); every other step was given to the group admin.
  asGroupAdmin: verb !== 'supervision-report',
});

/** One ticket per request, in the state the action needs, its step given to the group admin. */
function fixture(verb: string, body: (env: FixtureEnv) => unknown, prepare: (env: FixtureEnv) => Promise<number>) {
  return async (env: FixtureEnv): Promise<FixtureRequest> => {
    const id = await prepare(env);
    await still(env);
    return at(env, id, verb, body(env));
  };
}

const withTask =
  (elementId: string, path: (env: FixtureEnv) => [string, Variables][], opts: NewTicket = {}) =>
  async (env: FixtureEnv) => {
    const id = await ticketAt(env, path(env), opts);
    await toAdmin(env, id, elementId);
    return id;
  };

const supervised = async (env: FixtureEnv, reportDone: boolean) => {
  const id = await ticketAt(env, [dispatched(env)]);
  const tenant = await env.server.services.tenants.byId(env.target.id);
  const task = await openTaskOf(env.server, env.target, id, 'station-confirm');
  await superviseTicket(env.server.services, tenant, {
    ticketId: id,
    ticketInstanceKey: task.instanceKey,
    requirement: `督办${env.marker}`,
    deadline: new Date(Date.now() + 3_600_000).toISOString(),
    orderedBy: await adminId(env),
  });
  if (reportDone) {
    const report = await openTaskOf(env.server, env.target, id, 'supervision-report');
    await env.server.services.engine.completeUserTask(env.target.code, report.taskKey, {
      progress: '已处理',
      done: true,
      result: '已恢复',
    });
    await openTaskOf(env.server, env.target, id, 'supervision-review');
  }
  return id;
};

const reason = '现场情况需要';

/** Ticket action routes (see testing/route-fixture.ts). */
export const ticketActionFixtures: RouteFixtures = {
  'ticket-actions.dispatch': fixture(
    'dispatch',
    (env) => ({ stationId: env.target.stationId, note: `派单${env.marker}` }),
    withTask('dispatch', () => []),
  ),
  'ticket-actions.confirm-assign': fixture(
    'confirm-assign',
    (env) => ({ workerId: env.target.userIds.repair_worker, note: '派工' }),
    withTask('station-confirm', (env) => [dispatched(env)]),
  ),
  'ticket-actions.return': fixture(
    'return',
    () => ({ reason }),
    withTask('station-confirm', (env) => [dispatched(env)]),
  ),
  'ticket-actions.close-directly': fixture(
    'close-directly',
    () => ({ note: '电话指导' }),
    withTask('station-confirm', (env) => [dispatched(env)]),
  ),
  'ticket-actions.reassign': fixture(
    'reassign',
    (env) => ({ workerId: env.target.userIds.grid_worker, reason }),
    (env) => ticketAt(env, [dispatched(env), assigned(env)]),
  ),
  'ticket-actions.accept': fixture(
    'accept',
    () => ({}),
    withTask('worker-accept', (env) => [dispatched(env), assigned(env)]),
  ),
  'ticket-actions.reject': fixture(
    'reject',
    () => ({ reason }),
    withTask('worker-accept', (env) => [dispatched(env), assigned(env)]),
  ),
  'ticket-actions.handle': fixture(
    'handle',
    () => ({ result: 'resolved', resultDescription: '更换阀门', durationMinutes: 30, indoorTemperatures: [20], satisfaction: 'satisfied' }),
    withTask('handle', (env) => [dispatched(env), assigned(env), accepted]),
  ),
  'ticket-actions.request-delay': fixture(
    'request-delay',
    () => ({ minutes: 60, reason }),
    withTask('handle', (env) => [dispatched(env), assigned(env), accepted]),
  ),
  'ticket-actions.request-void': fixture(
    'request-void',
    () => ({ reason }),
    (env) => ticketAt(env, [dispatched(env)]),
  ),
  'ticket-actions.request-cancel': fixture(
    'request-cancel',
    () => ({ reason }),
    (env) => ticketAt(env, [dispatched(env)]),
  ),
  'ticket-actions.waiting-customer': fixture(
    'waiting-customer',
    () => ({ reason: '用户不在家' }),
    (env) => ticketAt(env, [dispatched(env)]),
  ),
  'ticket-actions.customer-back': fixture(
    'customer-back',
    () => ({ note: '用户已回家' }),
    async (env) => {
      const id = await ticketAt(env, [dispatched(env)]);
      const task = await openTaskOf(env.server, env.target, id, 'station-confirm');
      await env.server.services.engine.setVariables(env.target.code, task.instanceKey, { waitingCustomer: true });
      return id;
    },
  ),
  'ticket-actions.callback': fixture(
    'callback',
    () => ({ outcome: 'satisfied', note: '已回访' }),
    withTask('callback', (env) => [dispatched(env), ['station-confirm', { confirmDecision: 'closeDirectly' }]]),
  ),
  'ticket-actions.skip-level': fixture(
    'skip-level',
    () => ({ decision: 'resolved', note: '集团已协调' }),
    (env) => ticketAt(env, [], { type: 'skip_level_complaint', skipLevel: true }),
  ),
  'ticket-actions.supervise': fixture(
    'supervise',
    (env) => ({ requirement: `督办${env.marker}`, deadline: new Date(Date.now() + 3_600_000).toISOString() }),
    (env) => ticketAt(env, [dispatched(env)]),
  ),
  'ticket-actions.supervision-report': fixture(
    'supervision-report',
    () => ({ progress: '已安排上门', done: false }),
    (env) => supervised(env, false),
  ),
  'ticket-actions.supervision-review': fixture(
    'supervision-review',
    () => ({ decision: 'accept', comment: '同意' }),
    (env) => supervised(env, true),
  ),
  'ticket-actions.approval-decide': async (env) => {
    const id = await ticketAt(env, [dispatched(env)], { chains: { void: ['subsidiary'] } });
    await env.server.services.engine.publishMessage({
      tenantId: env.target.code,
      name: 'wl-ticket-void-requested',
      correlationKey: String(id),
      variables: { requestReason: reason },
    });
    const task = await openTaskOf(env.server, env.target, id, 'approve');
    await still(env);
    return {
      path: `/api/subsidiaries/${env.target.id}/tickets/${id}/approvals/${task.taskKey}/decide`,
      body: { decision: 'approve' },
    };
  },
};
