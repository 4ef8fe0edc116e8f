import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import type { UserTask } from '@warmline/engine';
import type { ApiClient, TestServer, WorldSubsidiary } from '../../../testing/index.js';
import { startTicketProcesses } from '../../ticket-process/ticket-process.service.js';
import { ticketProcessDeps } from '../../ticket-process/ticket-process.deps.js';
import { ticketModel } from '../../tickets/ticket.model.js';
import type { RunningServer } from '../../../server.js';
import { SseReader } from './sse-reader.js';

import { eventually } from '../../../testing/eventually.js';

export { eventually };

let seq = 0;

/** A ticket row as intake writes it, then its processes (the way intake starts them). Answers id and number. */
export async function createTicket(
  server: TestServer,
  sub: WorldSubsidiary,
  opts: { dueAt?: Date; start?: boolean; title?: string } = {},
): Promise<{ id: number; no: string }> {
  const services = server.services;
  const tenant = await services.tenants.byId(sub.id);
  const now = new Date();
  const no = `NT-${Date.now().toString(36).toUpperCase()}-${String(seq++).padStart(4, '0')}`;
  const row = await ticketModel(tenant.db).create({
    ticket_no: no,
    type_code: 'repair',
    urgency: 'normal',
    source: 'phone',
    status: 'pending_dispatch',
    priority: 'normal',
    title: opts.title ?? '暖气不热',
    description: '卧室暖气片冰凉',
    address: '长春市朝阳区暖心小区3号楼2单元501',
    agent_id: sub.userIds.agent,
    station_id: opts.start === false ? sub.stationId : null,
    due_at: opts.dueAt ?? null,
    created_at: now,
    updated_at: now,
  });
  if (opts.start !== false) {
    const started = await startTicketProcesses(
      services,
      tenant,
      { ticketId: row.id, ticketNo: no, ticketType: 'repair', urgency: 'normal', source: 'phone', agentId: sub.userIds.agent },
      ticketProcessDeps(services),
    );
    await ticketModel(tenant.db).update({ instance_key: started.ticketInstanceKey }, { where: { id: row.id } });
  }
  return { id: row.id, no };
}

export async function openTask(server: TestServer, sub: WorldSubsidiary, ticketId: number, elementId: string): Promise<UserTask> {
  return eventually(`open ${elementId} of ticket ${ticketId}`, async () => {
    const tasks = await server.services.engine.searchUserTasks({ tenantId: sub.code, state: 'created', elementId });
    return tasks.find((t) => t.variables.ticketId === ticketId);
  });
}

export async function complete(
  server: TestServer,
  sub: WorldSubsidiary,
  ticketId: number,
  elementId: string,
  data: object,
  who: ApiClient,
) {
  const task = await openTask(server, sub, ticketId, elementId);
  const res = await who.post(`/api/subsidiaries/${sub.id}/tasks/${task.taskKey}/complete`, { data });
  assert.equal(res.status, 200, `${elementId}: ${JSON.stringify(res.body)}`);
}

/** Open the SSE stream as `who` (through a one-time ticket) on `server` (default: the one `who` talks to). */
export async function openStream(who: ApiClient, on?: Pick<RunningServer, 'url'>, extra = ''): Promise<SseReader> {
  const t = await who.post('/api/notifications/stream-ticket');
  assert.equal(t.status, 201, JSON.stringify(t.body));
  const reader = await SseReader.open(`${on?.url ?? who.baseUrl}${t.body.streamUrl as string}${extra}`);
  assert.equal(reader.status, 200);
  return reader;
}

export interface OutboxRow {
  id: number;
  user_id: number;
  channel: string;
  kind: string;
  title: string;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  provider: string | null;
  address: string | null;
  ticket_id: number | null;
  subsidiary_id: number | null;
}

/** Outbox rows (group database) matching a WHERE clause. */
export function outboxRows(server: Pick<RunningServer, 'services'>, where: string, replacements: unknown[]): Promise<OutboxRow[]> {
  return server.services.dbs.group.query<OutboxRow>(`SELECT * FROM notifications WHERE ${where} ORDER BY id`, {
    replacements,
    type: QueryTypes.SELECT,
  });
}
