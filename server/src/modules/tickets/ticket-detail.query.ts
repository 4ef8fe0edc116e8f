import { Op, QueryTypes, type Sequelize } from 'sequelize';
import { OPEN_TICKET_STATUSES, type CallerContext, type TicketBrief, type TicketDetail } from '@warmline/contracts';
import type { AuthUser } from '../../auth/auth-user.js';
import { invalid, notFound } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { customerModel, type CustomerRow } from '../customers/customer.model.js';
import { lookupNormalized } from '../customers/phone-lookup.query.js';
import { houseModel, type HouseRow } from '../houses/house.model.js';
import { normalizePhone, PHONE_FORMAT_MESSAGE } from '../phones/phone-normalize.js';
import { ticketTypeModel } from '../ticket-types/ticket-type.model.js';
import { toTicketBrief, toTicketView } from './ticket-detail.view.js';
import { ticketScopeOf } from './ticket-scope.js';
import { assertTicketInScope } from './ticket-scope.check.js';
import { ticketModel, type Ticket } from './ticket.model.js';

const HISTORY = 10;
const SAME_UNIT = 20;
const BRIEF = ['id', 'ticket_no', 'type_code', 'status', 'title', 'house_id', 'address', 'created_at'] as const;

const customerSummary = (c: CustomerRow) => ({
  id: Number(c.id),
  name: c.name,
  customerNo: c.customer_no,
  blacklisted: Boolean(c.blacklisted),
  blacklistReason: c.blacklist_reason ?? null,
});

const houseSummary = (h: HouseRow) => ({
  id: Number(h.id),
  unitId: Number(h.unit_id),
  roomNo: h.room_no,
  address: h.address,
  billingNo: h.billing_no,
  heatingStatus: h.heating_status,
  customerId: h.customer_id === null ? null : Number(h.customer_id),
});

/** Latest tickets matching one indexed column (house_id, caller_phone, customer_id), newest first. */
async function latestBy(db: Sequelize, column: 'house_id' | 'caller_phone' | 'customer_id', values: (number | string)[], exceptId = 0) {
  if (!values.length) return [] as TicketBrief[];
  const rows = await ticketModel(db).findAll({
    attributes: [...BRIEF],
    where: { [column]: { [Op.in]: values }, id: { [Op.ne]: exceptId } },
    order: [['id', 'DESC']],
    limit: HISTORY,
    raw: true,
  });
  return rows.map(toTicketBrief);
}

/** Open tickets of the houses in these units (houses' unit index, then tickets' house index). */
async function openInUnits(db: Sequelize, unitIds: number[], exceptHouseIds: number[]): Promise<TicketBrief[]> {
  if (!unitIds.length) return [];
  const rows = await db.query<Pick<Ticket, (typeof BRIEF)[number]>>(
    `SELECT t.id, t.ticket_no, t.type_code, t.status, t.title, t.house_id, t.address, t.created_at
       FROM houses h JOIN tickets t ON t.house_id = h.id
      WHERE h.unit_id IN (:units) AND h.id NOT IN (:except) AND t.status IN (:open)
      ORDER BY t.id DESC LIMIT ${SAME_UNIT}`,
    {
      replacements: { units: unitIds, except: exceptHouseIds.length ? exceptHouseIds : [0], open: OPEN_TICKET_STATUSES },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map(toTicketBrief);
}

const dedupe = (list: TicketBrief[]) => [...new Map(list.map((t) => [t.id, t])).values()].sort((a, b) => b.id - a.id).slice(0, HISTORY);

/** The intake form's answers stored with the ticket (tenant migration 0011, decision 0014). */
function formAnswersOf(row: Pick<Ticket, 'form_id' | 'form_version' | 'form_data'>) {
  let formData: Record<string, unknown> | null = null;
  if (row.form_data) {
    try {
      formData = JSON.parse(row.form_data) as Record<string, unknown>;
    } catch {
      formData = null;
    }
  }
  return { formId: row.form_id ?? null, formVersion: row.form_version === null ? null : Number(row.form_version), formData };
}

/** `GET …/tickets/:ticketId`: the row, its type's name, customer and house, history and same-unit open tickets. */
export async function getTicketDetail(services: Services, tenant: TenantHandle, user: AuthUser, ticketId: number): Promise<TicketDetail> {
  const db = tenant.db;
  const row = await ticketModel(db).findByPk(ticketId, { raw: true });
  if (!row) throw notFound('工单');
  await assertTicketInScope(services, tenant, await ticketScopeOf(user, services.orgs), row);
  const [type, customer, house] = await Promise.all([
    ticketTypeModel(services.dbs.group).findOne({ where: { code: row.type_code }, raw: true }),
    row.customer_id ? customerModel(db).findByPk(row.customer_id, { raw: true }) : null,
    row.house_id ? houseModel(db).findByPk(row.house_id, { raw: true }) : null,
  ]);
  const history = row.house_id
    ? await latestBy(db, 'house_id', [row.house_id], row.id)
    : row.caller_phone
      ? await latestBy(db, 'caller_phone', [row.caller_phone], row.id)
      : await latestBy(db, 'customer_id', row.customer_id ? [row.customer_id] : [], row.id);
  return {
    ...toTicketView(row as Ticket, type?.name ?? null),
    ...formAnswersOf(row as Ticket),
    customer: customer ? customerSummary(customer) : null,
    house: house ? houseSummary(house) : null,
    history,
    sameUnitOpen: house ? await openInUnits(db, [house.unit_id], [house.id]) : [],
  };
}

/** `GET …/caller-context?phone=`: the screen-pop — matched customers and houses, their tickets, the same units' open ones. */
export async function getCallerContext(tenant: TenantHandle, phone: string): Promise<CallerContext> {
  const n = normalizePhone(phone, tenant.areaCode);
  if (!n) throw invalid('query.phone', PHONE_FORMAT_MESSAGE);
  const db = tenant.db;
  const { matches } = await lookupNormalized(db, n.normalized, { subsidiaryId: tenant.subsidiaryId, name: tenant.name });
  const houseIds = matches.flatMap((m) => m.houses.map((h) => h.id));
  const houses = houseIds.length ? await houseModel(db).findAll({ where: { id: { [Op.in]: houseIds } }, raw: true }) : [];
  const byId = new Map<number, HouseRow>(houses.map((h) => [Number(h.id), h]));
  const [byCaller, byHouse] = await Promise.all([latestBy(db, 'caller_phone', [n.normalized]), latestBy(db, 'house_id', houseIds)]);
  return {
    phone: n.normalized,
    customers: matches.map((m) => ({
      ...m.customer,
      phones: m.phones,
      houses: m.houses
        .map((h) => byId.get(h.id))
        .filter((h): h is HouseRow => Boolean(h))
        .map(houseSummary),
    })),
    blacklisted: matches.some((m) => m.customer.blacklisted),
    history: dedupe([...byCaller, ...byHouse]),
    sameUnitOpen: await openInUnits(db, [...new Set(houses.map((h) => Number(h.unit_id)))], houseIds),
  };
}
