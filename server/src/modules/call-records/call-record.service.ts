import { Op, type Transaction } from 'sequelize';
import type { z } from 'zod';
import type {
  CallRecordItem,
  callRecordCreateBody,
  callRecordLinkBody,
  callRecordListQuery,
  callRecordUpdateBody,
} from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { invalid, notFound } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { customerModel } from '../customers/customer.model.js';
import { customerPhoneModel } from '../customers/customer.model.js';
import { houseModel } from '../houses/house.model.js';
import { requirePhone } from '../phones/phone-normalize.js';
import { ticketScopeOf } from '../tickets/ticket-scope.js';
import { assertTicketInScope } from '../tickets/ticket-scope.check.js';
import { ticketModel } from '../tickets/ticket.model.js';
import { userModel } from '../users/user.model.js';
import { linkCallToTicket } from './call-record.link.js';
import { callRecordModel, type CallRecordRow } from './call-record.model.js';

export interface CallCtx {
  services: Services;
  tenant: TenantHandle;
  user: AuthUser;
  tx: Transaction;
  audit: (e: AuditEntry) => Promise<void>;
}

const iso = (d: Date | string | null) => (d === null || d === undefined ? null : new Date(d).toISOString());
const num = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));
const ENTITY = 'call_record';

/** Records as the API shows them, with customer names and ticket numbers looked up in two queries. */
export async function toCallItems(tenant: TenantHandle, rows: CallRecordRow[], tx?: Transaction): Promise<CallRecordItem[]> {
  const customerIds = [...new Set(rows.map((r) => r.customer_id).filter((x): x is number => x !== null))];
  const ticketIds = [...new Set(rows.map((r) => r.ticket_id).filter((x): x is number => x !== null))];
  const [customers, tickets] = await Promise.all([
    customerIds.length
      ? customerModel(tenant.db).findAll({
          where: { id: { [Op.in]: customerIds } },
          attributes: ['id', 'name'],
          raw: true,
          transaction: tx,
        })
      : [],
    ticketIds.length
      ? ticketModel(tenant.db).findAll({
          where: { id: { [Op.in]: ticketIds } },
          attributes: ['id', 'ticket_no'],
          raw: true,
          transaction: tx,
        })
      : [],
  ]);
  const names = new Map(customers.map((c) => [Number(c.id), c.name]));
  const numbers = new Map(tickets.map((t) => [Number(t.id), t.ticket_no]));
  return rows.map((r) => ({
    id: Number(r.id),
    direction: r.direction,
    callerNumber: r.caller_number,
    calleeNumber: r.callee_number ?? null,
    agentId: num(r.agent_id),
    agentName: r.agent_name ?? null,
    startedAt: iso(r.started_at)!,
    endedAt: iso(r.ended_at),
    customerId: num(r.customer_id),
    customerName: r.customer_id === null ? null : (names.get(Number(r.customer_id)) ?? null),
    houseId: num(r.house_id),
    ticketId: num(r.ticket_id),
    ticketNo: r.ticket_id === null ? null : (numbers.get(Number(r.ticket_id)) ?? null),
    note: r.note ?? null,
    createdAt: iso(r.created_at)!,
  }));
}

async function oneItem(c: Pick<CallCtx, 'tenant' | 'tx'>, id: number): Promise<CallRecordItem> {
  const row = await callRecordModel(c.tenant.db).findByPk(id, { raw: true, transaction: c.tx });
  if (!row) throw notFound('通话记录');
  return (await toCallItems(c.tenant, [row], c.tx))[0]!;
}

/**
 * Who the call is from: the customer the agent named (the house must be theirs), else the single
 * customer the number belongs to (with their house when they have exactly one), else nobody.
 */
async function resolveParty(c: CallCtx, normalized: string, customerId?: number, houseId?: number) {
  const db = c.tenant.db;
  if (houseId) {
    const house = await houseModel(db).findByPk(houseId, { raw: true, transaction: c.tx });
    if (!house) throw invalid('body.houseId', '房屋不存在');
    if (customerId && house.customer_id !== customerId) throw invalid('body.houseId', '该房屋不属于所选热用户');
    return { customerId: customerId ?? house.customer_id ?? null, houseId };
  }
  if (customerId) {
    if (!(await customerModel(db).findByPk(customerId, { raw: true, transaction: c.tx }))) throw invalid('body.customerId', '热用户不存在');
    const houses = await houseModel(db).findAll({ where: { customer_id: customerId }, attributes: ['id'], raw: true, transaction: c.tx });
    return { customerId, houseId: houses.length === 1 ? Number(houses[0]!.id) : null };
  }
  const owners = await customerPhoneModel(db).findAll({
    where: { normalized },
    attributes: ['customer_id'],
    limit: 2,
    raw: true,
    transaction: c.tx,
  });
  const ids = [...new Set(owners.map((o) => Number(o.customer_id)))];
  if (ids.length !== 1) return { customerId: null, houseId: null };
  const houses = await houseModel(db).findAll({
    where: { customer_id: ids[0] },
    attributes: ['id'],
    limit: 2,
    raw: true,
    transaction: c.tx,
  });
  return { customerId: ids[0]!, houseId: houses.length === 1 ? Number(houses[0]!.id) : null };
}

/** 来电登记: an agent registers the call they took (or made); the agent is the caller of the API. */
export async function registerCall(c: CallCtx, body: z.output<typeof callRecordCreateBody>): Promise<CallRecordItem> {
  const n = requirePhone(body.callerNumber, c.tenant.areaCode, 'body.callerNumber');
  const startedAt = body.startedAt ? new Date(body.startedAt) : new Date();
  const endedAt = body.endedAt ? new Date(body.endedAt) : null;
  if (endedAt && endedAt < startedAt) throw invalid('body.endedAt', '结束时间不能早于开始时间');
  const party = await resolveParty(c, n.normalized, body.customerId, body.houseId);
  let callee = body.calleeNumber ?? null;
  if (!callee) {
    const me = await userModel(c.services.dbs.group).findByPk(c.user.id, { attributes: ['agent_no', 'ip_phone'], raw: true });
    callee = me?.agent_no ?? me?.ip_phone ?? null;
  }
  const now = new Date();
  const created = await callRecordModel(c.tenant.db).create(
    {
      direction: body.direction,
      caller_number: n.normalized,
      caller_raw: body.callerNumber.trim(),
      callee_number: callee,
      agent_id: c.user.id,
      agent_name: c.user.displayName,
      started_at: startedAt,
      ended_at: endedAt,
      customer_id: party.customerId,
      house_id: party.houseId,
      ticket_id: null,
      note: body.note || null,
      source: 'workspace',
      external_id: null,
      created_at: now,
      updated_at: now,
    },
    { transaction: c.tx },
  );
  const row = created.get({ plain: true });
  await c.audit({ action: 'call-record.create', entityType: ENTITY, entityId: row.id, orgId: c.tenant.subsidiaryId, after: row });
  return oneItem(c, row.id);
}

/** The end of the call or the agent's note. */
export async function updateCall(c: CallCtx, id: number, body: z.output<typeof callRecordUpdateBody>): Promise<CallRecordItem> {
  const row = await callRecordModel(c.tenant.db).findByPk(id, { transaction: c.tx });
  if (!row) throw notFound('通话记录');
  const before = row.get({ plain: true });
  if (body.endedAt && new Date(body.endedAt) < new Date(row.started_at)) throw invalid('body.endedAt', '结束时间不能早于开始时间');
  await row.update(
    {
      ...(body.endedAt !== undefined && { ended_at: new Date(body.endedAt) }),
      ...(body.note !== undefined && { note: body.note || null }),
    },
    { transaction: c.tx },
  );
  await c.audit({
    action: 'call-record.update',
    entityType: ENTITY,
    entityId: id,
    orgId: c.tenant.subsidiaryId,
    before,
    after: row.get({ plain: true }),
  });
  return oneItem(c, id);
}

/** Link a call to a ticket after the fact (intake links it itself through `callRecordId`). */
export async function linkCall(c: CallCtx, id: number, body: z.output<typeof callRecordLinkBody>): Promise<CallRecordItem> {
  const db = c.tenant.db;
  const record = await callRecordModel(db).findByPk(id, { raw: true, transaction: c.tx });
  if (!record) throw notFound('通话记录');
  const ticket = await ticketModel(db).findByPk(body.ticketId, { raw: true, transaction: c.tx });
  if (!ticket) throw invalid('body.ticketId', '工单不存在');
  await assertTicketInScope(c.services, c.tenant, await ticketScopeOf(c.user, c.services.orgs), ticket);
  const linked = await linkCallToTicket(db, c.tx, record, ticket, { id: c.user.id, name: c.user.displayName }, 'body.ticketId');
  await c.audit({
    action: 'call-record.link',
    entityType: ENTITY,
    entityId: id,
    orgId: c.tenant.subsidiaryId,
    before: { ticketId: record.ticket_id },
    after: { ticketId: ticket.id, changed: linked },
    reason: body.reason,
  });
  return oneItem(c, id);
}

/**
 * Calls by number (the number's calls and those of the customers it belongs to), by customer or
 * by ticket — filters combine with AND; newest first.
 */
export async function listCalls(tenant: TenantHandle, query: z.output<typeof callRecordListQuery>) {
  const db = tenant.db;
  const where: Record<string | symbol, unknown>[] = [];
  if (query.phone) {
    const n = requirePhone(query.phone, tenant.areaCode, 'query.phone');
    const owners = await customerPhoneModel(db).findAll({ where: { normalized: n.normalized }, attributes: ['customer_id'], raw: true });
    const ids = [...new Set(owners.map((o) => Number(o.customer_id)))];
    where.push(
      ids.length ? { [Op.or]: [{ caller_number: n.normalized }, { customer_id: { [Op.in]: ids } }] } : { caller_number: n.normalized },
    );
  }
  if (query.customerId) where.push({ customer_id: query.customerId });
  if (query.ticketId) where.push({ ticket_id: query.ticketId });
  const { rows, count } = await callRecordModel(db).findAndCountAll({
    where: { [Op.and]: where },
    order: [
      ['started_at', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
    raw: true,
  });
  return { items: await toCallItems(tenant, rows), total: count, page: query.page, pageSize: query.pageSize };
}
