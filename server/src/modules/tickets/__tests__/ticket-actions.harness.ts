import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import type { UserTask } from '@warmline/engine';
import type { TicketActionResult } from '@warmline/contracts';
import type { ApiClient, ApiResponse, TestServer, WorldSubsidiary } from '../../../testing/index.js';
import type { TenantHandle } from '../../../tenancy/tenant-handle.js';
import { startTicketProcesses } from '../../ticket-process/ticket-process.service.js';
import { ticketProcessDeps } from '../../ticket-process/ticket-process.deps.js';
import type { ApprovalChainsPort } from '../../ticket-process/ticket-process.service.js';
import { ticketModel } from '../ticket.model.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

import { eventually } from '../../../testing/eventually.js';
import { uniqueMobile } from '../../../testing/unique-hex.js';

export { eventually };

let seq = 0;

export interface NewTicket {
  type?: string;
  isConsultation?: boolean;
  skipLevel?: boolean;
  /** Approval chains for this ticket only (else the subsidiary's configured chains). */
  chains?: Record<string, string[]>;
}

/**
 * A ticket as intake makes one — the row in the subsidiary's database, then its processes through
 * `startTicketProcesses` — until the intake route is there to call.
 */
export async function createTicket(server: TestServer, sub: WorldSubsidiary, opts: NewTicket = {}): Promise<number> {
  const services = server.services;
  const tenant: TenantHandle = await services.tenants.byId(sub.id);
  const now = new Date();
  const no = `TA${Date.now().toString(36)}${(seq++).toString(36)}`.slice(0, 32);
  const row = await ticketModel(tenant.db).create({
    ticket_no: no,
    type_code: opts.type ?? 'repair',
    urgency: 'normal',
    source: 'phone',
    status: opts.skipLevel ? 'skip_level' : 'pending_dispatch',
    priority: 'normal',
    title: '暖气不热',
    description: '卧室暖气片冰凉',
    agent_id: sub.userIds.agent,
    skip_level: opts.skipLevel ?? false,
    is_consultation: opts.isConsultation ?? false,
    created_at: now,
    updated_at: now,
  });
  const deps = ticketProcessDeps(services);
  const chains = opts.chains;
  const approvalChains: ApprovalChainsPort = chains ? async () => chains : deps.approvalChains;
  const started = await startTicketProcesses(
    services,
    tenant,
    {
      ticketId: row.id,
      ticketNo: no,
      ticketType: opts.type ?? 'repair',
      urgency: 'normal',
      source: 'phone',
      agentId: sub.userIds.agent,
      isConsultation: opts.isConsultation ?? false,
      skipLevel: opts.skipLevel ?? false,
    },
    { clock: deps.clock, approvalChains },
  );
  await ticketModel(tenant.db).update({ instance_key: started.ticketInstanceKey }, { where: { id: row.id } });
  return row.id;
}

/** The open task `elementId` of the ticket (its own, an approval's or a supervision's), once it exists. */
export async function openTaskOf(server: TestServer, sub: WorldSubsidiary, ticketId: number, elementId: string): Promise<UserTask> {
  return eventually(`open ${elementId} of ticket ${ticketId}`, async () => {
    const tasks = await server.services.engine.searchUserTasks({ tenantId: sub.code, state: 'created', elementId });
    return tasks.find((t) => t.variables.ticketId === ticketId);
  });
}

/** POST one action as `who`, optionally with an idempotency key. */
export function act(
  who: ApiClient,
  sub: WorldSubsidiary,
  ticketId: number,
  verb: string,
  body: unknown = {},
  key?: string,
): Promise<ApiResponse<TicketActionResult & { code?: string; message?: string }>> {
  const headers = key ? { 'idempotency-key': key } : undefined;
  return who.request('POST', `/api/subsidiaries/${sub.id}/tickets/${ticketId}/${verb}`, body, { headers });
}

/** Everything a refused action must leave as it was: open tasks, the instance, the row, timeline and audit. */
export async function snapshot(server: TestServer, sub: WorldSubsidiary, ticketId: number): Promise<string> {
  const tenant = await server.services.tenants.byId(sub.id);
  const row = await ticketModel(tenant.db).findByPk(ticketId, { raw: true });
  assert.ok(row);
  const instance = await server.services.engine.getInstance(sub.code, row.instance_key!);
  const open = (await server.services.engine.searchUserTasks({ tenantId: sub.code, state: 'created' }))
    .filter((t) => t.variables.ticketId === ticketId)
    .map((t) => `${t.elementId}:${t.taskKey}:${t.assignee ?? ''}`)
    .sort();
  const [events] = await tenant.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM ticket_events WHERE ticket_id = ?', {
    replacements: [ticketId],
    type: QueryTypes.SELECT,
  });
  const [audits] = await tenant.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM audit_logs', { type: QueryTypes.SELECT });
  const { updated_at: _u, status: _s, ...stable } = row as unknown as Record<string, unknown>;
  return JSON.stringify({
    stable,
    instance: { state: instance?.state, active: instance?.activeElementIds.sort(), vars: instance?.variables },
    open,
    events: Number(events.n),
    audits: Number(audits.n),
  });
}

/** Wait until the ticket's snapshot stops changing (engine and projector have settled). */
export async function settled(server: TestServer, sub: WorldSubsidiary, ticketId: number): Promise<string> {
  let last = await snapshot(server, sub, ticketId);
  for (let i = 0; i < 100; i++) {
    await sleep(60);
    const now = await snapshot(server, sub, ticketId);
    if (now === last) return now;
    last = now;
  }
  return last;
}

/** Timeline entries of the ticket, oldest first. */
export async function timeline(server: TestServer, sub: WorldSubsidiary, ticketId: number) {
  const tenant = await server.services.tenants.byId(sub.id);
  return tenant.db.query<{ kind: string; actor_id: number | null; reason: string | null; data: string }>(
    'SELECT kind, actor_id, reason, data FROM ticket_events WHERE ticket_id = ? ORDER BY id',
    { replacements: [ticketId], type: QueryTypes.SELECT },
  );
}

export function expectOk(res: ApiResponse, what: string): TicketActionResult {
  assert.equal(res.status, 200, `${what}: ${JSON.stringify(res.body)}`);
  return res.body as TicketActionResult;
}

const OPERATIONS = ['delay', 'return', 'void', 'redispatch', 'cancel', 'closeWithoutCallback'];

/**
 * A ticket through the API only: the subsidiary's approval chains set by the group admin
 * (`PUT …/approval-chains`, every operation not named needs no approval), then intake by the agent.
 */
export async function intakeTicket(server: TestServer, sub: WorldSubsidiary, opts: NewTicket = {}): Promise<number> {
  const chains = Object.fromEntries(OPERATIONS.map((op) => [op, opts.chains?.[op] ?? []]));
  const put = await server.admin.put(`/api/subsidiaries/${sub.id}/approval-chains`, { chains, reason: '动作测试设置审批链' });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const res = await sub.as.agent.post(`/api/subsidiaries/${sub.id}/tickets`, {
    callerPhone: uniqueMobile('139'),
    typeCode: opts.type ?? 'repair',
    urgency: 'normal',
    source: 'phone',
    title: '暖气不热',
    description: '卧室暖气片冰凉',
    ...(opts.skipLevel ? { skipLevel: true } : {}),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return (res.body as { id: number }).id;
}
