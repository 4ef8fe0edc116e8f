import { DEFAULT_TICKET_PROCESS_ID } from '@warmline/contracts';
import { EXTENSION_POINTS, type ExtensionPoint } from '@warmline/process-models';
import type { InstanceRef } from '@warmline/engine';
import { invalid } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { ticketStartSchema, superviseSchema, type SuperviseInput, type TicketStart } from './ticket-start.schema.js';
import { supervisionModel } from './supervision.model.js';

/** The SLA clock as the ticket processes need it (implemented by the sla module). */
export interface SlaClockPort {
  start(
    tenantId: string,
    input: {
      ticketId: number;
      ticketInstanceKey: string;
      ticketType: string;
      urgency: string;
      source: string;
      priority: string;
      startedAt: string;
      agreedDueAt?: string | null;
    },
  ): Promise<unknown>;
  stop(tenantId: string, ticketId: number): Promise<unknown>;
}

/** Approval chains per operation for one subsidiary (implemented by the approval-chains module). */
export type ApprovalChainsPort = (subsidiaryId: number) => Promise<Record<string, string[]>>;

export interface TicketProcesses {
  ticketInstanceKey: string;
}

/**
 * Which extension points the subsidiary has its own process for: `{beforeHandle: "wl-ext-before-handle"}`.
 * Points without one are left out, so the template's FEEL falls back to the pass-through.
 */
export async function extensionsOf(services: Services, tenantId: string): Promise<Partial<Record<ExtensionPoint, string>>> {
  const own = new Set((await services.engine.listDefinitions(tenantId)).map((d) => d.processId));
  const out: Partial<Record<ExtensionPoint, string>> = {};
  for (const point of Object.keys(EXTENSION_POINTS) as ExtensionPoint[])
    if (own.has(EXTENSION_POINTS[point])) out[point] = EXTENSION_POINTS[point];
  return out;
}

/**
 * Starts a ticket's processes in its subsidiary's tenant: its lifecycle — the group template
 * `wl-ticket` unless the ticket type is bound to another group process — with the subsidiary's
 * extension processes and approval chains as variables, and its SLA clock. Idempotent (business key
 * `ticket:<id>`): a second start of the same ticket answers the first instance.
 */
export async function startTicketProcesses(
  services: Services,
  tenant: TenantHandle,
  input: TicketStart,
  deps: { clock: SlaClockPort; approvalChains: ApprovalChainsPort },
  processId: string = DEFAULT_TICKET_PROCESS_ID,
): Promise<TicketProcesses> {
  const t = ticketStartSchema.parse(input);
  const startedAt = t.startedAt ?? new Date().toISOString();
  const ref: InstanceRef = await services.engine.startInstance({
    tenantId: tenant.code,
    processId,
    businessKey: `ticket:${t.ticketId}`,
    variables: {
      ...t,
      startedAt,
      subsidiaryCode: tenant.code,
      extensions: await extensionsOf(services, tenant.code),
      approvalChains: await deps.approvalChains(tenant.subsidiaryId),
    },
  });
  await deps.clock.start(tenant.code, {
    ticketId: t.ticketId,
    ticketInstanceKey: ref.instanceKey,
    ticketType: t.ticketType,
    urgency: t.urgency,
    source: t.source,
    priority: t.priority,
    startedAt,
    agreedDueAt: t.agreedDueAt,
  });
  return { ticketInstanceKey: ref.instanceKey };
}

/**
 * The group orders a ticket supervised (督办): a `wl-supervision` instance in the ticket's tenant with
 * its own deadline, a kept record, and `supervised = true` on the ticket's instance.
 */
export async function superviseTicket(
  services: Services,
  tenant: TenantHandle,
  input: SuperviseInput,
): Promise<{ supervisionId: number; instanceKey: string }> {
  const s = superviseSchema.parse(input);
  if (Date.parse(s.deadline) <= Date.now()) throw invalid('deadline', '督办期限必须晚于当前时间');
  const Supervisions = supervisionModel(tenant.db);
  const round = (await Supervisions.count({ where: { ticket_id: s.ticketId } })) + 1;
  const ref = await services.engine.startInstance({
    tenantId: tenant.code,
    processId: 'wl-supervision',
    businessKey: `supervision:${s.ticketId}:${round}`,
    variables: {
      ticketId: s.ticketId,
      ticketInstanceKey: s.ticketInstanceKey,
      requirement: s.requirement,
      supervisionDeadline: s.deadline,
      supervisionReports: [],
    },
  });
  // One plain insert (no read-then-write transaction: SQLite would refuse it next to the engine's writes);
  // a retried call finds the row of the same instance.
  const row =
    (await Supervisions.findOne({ where: { instance_key: ref.instanceKey } })) ??
    (await Supervisions.create({
      ticket_id: s.ticketId,
      instance_key: ref.instanceKey,
      requirement: s.requirement,
      deadline: new Date(s.deadline),
      status: 'active',
      reports: '[]',
      ordered_by: s.orderedBy,
    }));
  await services.engine.setVariables(tenant.code, s.ticketInstanceKey, { supervised: true });
  return { supervisionId: row.id, instanceKey: ref.instanceKey };
}
