import assert from 'node:assert/strict';
import {
  WORLD_PASSWORD,
  type ApiClient,
  type FixtureEnv,
  type TestServer,
  type World,
  type WorldSubsidiary,
} from '../../../testing/index.js';
import type { TicketStart } from '../../ticket-process/ticket-start.schema.js';
import { TicketScenario, eventually } from '../../ticket-process/__tests__/ticket-scenario.js';
import { ticketModel, type Ticket } from '../ticket.model.js';
import { ticketEventModel, type TicketEvent } from '../ticket-event.model.js';
import { ticketProjectorOf } from '../ticket-projector.js';

export { eventually };

/** Columns a test may preset on the ticket row. */
export type RowOverrides = Partial<Pick<Ticket, 'type_code' | 'category_code' | 'house_id' | 'title' | 'station_id' | 'address'>>;

/**
 * A ticket the way intake makes one: the row in the subsidiary's database (id = the scenario's
 * ticket id, number `T<id>`), then its processes started through `startTicketProcesses`. The
 * scenario's helpers drive it through the task API as the people whose steps they are.
 */
export async function startTicket(
  server: TestServer,
  world: World,
  sub: WorldSubsidiary,
  row: RowOverrides = {},
  start: Partial<TicketStart> = {},
  /** What intake records before the processes start (timeline entries, attachments). */
  beforeStart?: (t: TicketScenario) => Promise<void>,
): Promise<TicketScenario> {
  const t = new TicketScenario(server, world, sub);
  const tenant = await t.tenant();
  const now = new Date();
  await ticketModel(tenant.db).create({
    id: t.ticketId,
    ticket_no: `T${t.ticketId}`,
    type_code: start.ticketType ?? 'repair',
    urgency: start.urgency ?? 'normal',
    source: start.source ?? 'phone',
    status: 'pending_dispatch',
    priority: start.priority ?? 'normal',
    title: '暖气不热',
    description: '卧室暖气片冰凉',
    agent_id: sub.userIds.agent,
    skip_level: start.skipLevel ?? false,
    station_id: start.stationId ?? null,
    created_at: now,
    updated_at: now,
    ...row,
  });
  await beforeStart?.(t);
  await t.start({ ticketType: row.type_code ?? 'repair', ...start });
  await ticketModel(tenant.db).update({ instance_key: t.ticketInstanceKey }, { where: { id: t.ticketId } });
  return t;
}

/** The ticket row now. */
export async function rowOf(t: TicketScenario): Promise<Ticket> {
  const row = await ticketModel((await t.tenant()).db).findByPk(t.ticketId);
  assert.ok(row, `ticket row ${t.ticketId}`);
  return row;
}

/** Wait until the projector brought the row to `status` (and `more` holds); answers the row. */
export async function rowReaches(t: TicketScenario, status: string, more: (r: Ticket) => boolean = () => true): Promise<Ticket> {
  return eventually(`ticket ${t.ticketId} row ${status}`, async () => {
    await ticketProjectorOf(t.server.services).idle();
    const row = await rowOf(t);
    return row.status === status && more(row) ? row : undefined;
  });
}

/**
 * Wait until the ticket's real SLA clock has computed its due time and the row shows it: a test that
 * then plays a flag event of its own is not overtaken by the clock's first computation.
 */
export async function clockSettled(t: TicketScenario, status: string): Promise<Ticket> {
  return eventually(`ticket ${t.ticketId}: the clock's due time on the row`, async () => {
    const vars = (await t.server.services.engine.getInstance(t.tenantId, t.ticketInstanceKey))?.variables;
    const row = await rowReaches(t, status);
    return typeof vars?.dueAt === 'string' && row.due_at && new Date(row.due_at).toISOString() === vars.dueAt ? row : undefined;
  });
}

/** The ticket's timeline rows, in order. */
export async function eventsOf(t: TicketScenario): Promise<TicketEvent[]> {
  await ticketProjectorOf(t.server.services).idle();
  return ticketEventModel((await t.tenant()).db).findAll({ where: { ticket_id: t.ticketId }, order: [['id', 'ASC']] });
}

export interface ExtraStation {
  stationId: number;
  head: ApiClient;
  headId: number;
  worker: ApiClient;
  workerId: number;
}

/** A second station in `sub` with its own station head and repair worker, created through the API. */
export async function addStation(server: TestServer, world: World, sub: WorldSubsidiary, tag: string): Promise<ExtraStation> {
  const admin = server.admin;
  const station = await admin.post('/api/org-units', { parentId: sub.id, type: 'station', code: `${tag}_st2`, name: `第二站${tag}` });
  assert.equal(station.status, 201, JSON.stringify(station.body));
  const user = async (role: string, name: string) => {
    const username = `${tag}.${role}.2`.replace(/_/g, '.');
    const res = await admin.post('/api/users', {
      username,
      password: WORLD_PASSWORD,
      displayName: name,
      orgId: station.body.id,
      roleIds: [world.roleIds[role]],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.id as number, client: await server.login(username, WORLD_PASSWORD) };
  };
  const head = await user('station_head', `第二站站长${tag}`);
  const worker = await user('repair_worker', `第二站维修工${tag}`);
  return { stationId: station.body.id, head: head.client, headId: head.id, worker: worker.client, workerId: worker.id };
}

/** Dispatch to `stationId` as the agent (the scenario's `dispatch()` always picks the world's station). */
export const dispatchTo = (t: TicketScenario, stationId: number) =>
  t.complete('dispatch', { stationId, dispatchNote: '请尽快上门' }, t.as('agent'));

/** A ticket row of the target subsidiary (no process: the read side needs only the row and its timeline). */
export async function fixtureTicket(env: FixtureEnv, stationId: number | null = env.target.stationId) {
  const tenant = await env.server.services.tenants.byId(env.target.id);
  const now = new Date();
  const row = await ticketModel(tenant.db).create({
    ticket_no: `FX-${env.unique()}`,
    type_code: 'repair',
    urgency: 'normal',
    source: 'phone',
    status: 'pending_confirm',
    priority: 'normal',
    title: `暖气不热${env.marker}`,
    description: `卧室暖气片冰凉${env.marker}`,
    agent_id: env.target.userIds.agent,
    station_id: stationId,
    created_at: now,
    updated_at: now,
  });
  await ticketEventModel(tenant.db).create({
    ticket_id: row.id,
    kind: 'created',
    actor_id: env.target.userIds.agent,
    actor_name: `坐席${env.marker}`,
    reason: null,
    data: JSON.stringify({ note: env.marker }),
    task_key: null,
  });
  return row;
}
