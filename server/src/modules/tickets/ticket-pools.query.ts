import { Op, literal, type Order, type WhereOptions } from 'sequelize';
import {
  OPEN_TICKET_STATUSES,
  TICKET_POOLS,
  TICKET_STATUS_LABELS,
  type Page,
  type TicketPool,
  type TicketPoolCounts,
  type TicketPoolItem,
  type TicketPoolQuery,
  type TicketStatus,
} from '@warmline/contracts';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { userModel } from '../users/user.model.js';
import { ticketModel, type Ticket } from './ticket.model.js';
import { scopeWhere, type TicketScope } from './ticket-scope.js';

const AGENT_ASSIGNED: TicketStatus[] = ['pending_confirm', 'pending_accept', 'in_progress', 'pending_callback'];
const STATION_ASSIGNED: TicketStatus[] = ['pending_accept', 'in_progress'];
const open = { [Op.in]: [...OPEN_TICKET_STATUSES] };

/** Which rows each pool holds (decision 0007, 工单池). */
export const POOL_WHERE: Record<TicketPool, WhereOptions<Ticket>> = {
  unassigned: { status: 'pending_dispatch' },
  assigned: { status: { [Op.in]: AGENT_ASSIGNED } },
  returned: { status: 'returned' },
  supervised: { supervised: true, status: open },
  skip_level: { skip_level: true, status: open },
  to_confirm: { status: 'pending_confirm' },
  station_assigned: { status: { [Op.in]: STATION_ASSIGNED } },
};

/** The pool's count expression per row, for the one-query counts. */
const POOL_CASE: Record<TicketPool, string> = {
  unassigned: "status = 'pending_dispatch'",
  assigned: `status IN (${AGENT_ASSIGNED.map((s) => `'${s}'`).join(', ')})`,
  returned: "status = 'returned'",
  supervised: 'supervised = 1',
  skip_level: 'skip_level = 1',
  to_confirm: "status = 'pending_confirm'",
  station_assigned: `status IN (${STATION_ASSIGNED.map((s) => `'${s}'`).join(', ')})`,
};

function filterWhere(q: TicketPoolQuery): WhereOptions<Ticket>[] {
  const and: WhereOptions<Ticket>[] = [];
  if (q.ticketNo) and.push({ ticket_no: { [Op.like]: `${q.ticketNo.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
  if (q.status) and.push({ status: q.status });
  if (q.typeCode) and.push({ type_code: q.typeCode });
  if (q.source) and.push({ source: q.source });
  if (q.supervised !== undefined) and.push({ supervised: q.supervised });
  if (q.skipLevel !== undefined) and.push({ skip_level: q.skipLevel });
  if (q.slaFlag) and.push({ sla_flag: q.slaFlag === 'none' ? null : q.slaFlag });
  if (q.stationId) and.push({ station_id: q.stationId });
  if (q.workerId) and.push({ worker_id: q.workerId });
  if (q.dueBefore) and.push({ due_at: { [Op.lt]: new Date(q.dueBefore) } });
  if (q.dueAfter) and.push({ due_at: { [Op.gte]: new Date(q.dueAfter) } });
  return and;
}

function orderOf(q: TicketPoolQuery): Order {
  const dir = q.order === 'desc' ? 'DESC' : 'ASC';
  if (q.sort === 'priority') {
    return [
      [literal("CASE priority WHEN 'critical' THEN 3 WHEN 'urgent' THEN 2 ELSE 1 END"), dir],
      ['due_at', 'ASC'],
      ['id', 'ASC'],
    ];
  }
  if (q.sort === 'createdAt')
    return [
      ['created_at', dir],
      ['id', dir],
    ];
  // Plain column order so (status, due_at) serves it (tenant migration 0009); a ticket whose clock
  // has not computed yet (no due time, a moment after intake) sorts where the database puts NULL.
  return [
    ['due_at', dir],
    ['id', dir],
  ];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Station and worker names for a page of rows (the org registry and one user query). */
async function namesFor(services: Services, rows: Ticket[]) {
  const workerIds = [...new Set(rows.map((r) => r.worker_id).filter((id): id is number => id !== null))];
  const workers = workerIds.length
    ? await userModel(services.dbs.group).findAll({ where: { id: { [Op.in]: workerIds } }, attributes: ['id', 'display_name'], raw: true })
    : [];
  const workerName = new Map(workers.map((u) => [Number(u.id), u.display_name]));
  const stationName = new Map<number, string>();
  for (const id of new Set(rows.map((r) => r.station_id).filter((x): x is number => x !== null))) {
    const org = await services.orgs.get(Number(id));
    if (org) stationName.set(Number(id), org.name);
  }
  return { workerName, stationName };
}

export function toPoolItem(r: Ticket, names: Awaited<ReturnType<typeof namesFor>>): TicketPoolItem {
  const stationId = r.station_id === null ? null : Number(r.station_id);
  const workerId = r.worker_id === null ? null : Number(r.worker_id);
  return {
    id: Number(r.id),
    ticketNo: r.ticket_no,
    typeCode: r.type_code,
    categoryCode: r.category_code,
    urgency: r.urgency,
    source: r.source,
    status: r.status,
    statusLabel: TICKET_STATUS_LABELS[r.status] ?? r.status,
    priority: r.priority,
    title: r.title,
    address: r.address,
    callerPhone: r.caller_phone,
    contactName: r.contact_name,
    stationId,
    stationName: stationId === null ? null : (names.stationName.get(stationId) ?? null),
    workerId,
    workerName: workerId === null ? null : (names.workerName.get(workerId) ?? null),
    agentId: Number(r.agent_id),
    supervised: Boolean(r.supervised),
    skipLevel: Boolean(r.skip_level),
    slaFlag: r.sla_flag === 'red' || r.sla_flag === 'yellow' ? r.sla_flag : null,
    dueAt: iso(r.due_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** One page of a pool, within the user's scope, filtered and sorted. */
export async function listPool(
  services: Services,
  tenant: TenantHandle,
  scope: TicketScope,
  pool: TicketPool,
  q: TicketPoolQuery,
): Promise<Page<TicketPoolItem>> {
  const where = { [Op.and]: [POOL_WHERE[pool], scopeWhere(scope), ...filterWhere(q)] };
  const { rows, count } = await ticketModel(tenant.db).findAndCountAll({
    where,
    order: orderOf(q),
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const names = await namesFor(services, rows);
  return { items: rows.map((r) => toPoolItem(r, names)), total: count, page: q.page, pageSize: q.pageSize };
}

/** How many tickets each pool holds for the user: one query over the open tickets of the scope. */
export async function poolCounts(tenant: TenantHandle, scope: TicketScope): Promise<TicketPoolCounts> {
  const sums = TICKET_POOLS.map(
    (p) => [literal(`SUM(CASE WHEN ${POOL_CASE[p]} THEN 1 ELSE 0 END)`), p] as [ReturnType<typeof literal>, string],
  );
  const [row] = (await ticketModel(tenant.db).findAll({
    attributes: sums,
    where: { [Op.and]: [{ status: open }, scopeWhere(scope)] },
    raw: true,
  })) as unknown as Record<string, number | string | null>[];
  return Object.fromEntries(TICKET_POOLS.map((p) => [p, Number(row?.[p] ?? 0)])) as TicketPoolCounts;
}
