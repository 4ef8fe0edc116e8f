import type { TicketBrief, TicketView } from '@warmline/contracts';
import type { Ticket } from './ticket.model.js';

const iso = (d: Date | string | null) => (d === null || d === undefined ? null : new Date(d).toISOString());
const num = (v: number | null) => (v === null || v === undefined ? null : Number(v));

/** A ticket row as the API shows it. */
export function toTicketView(r: Ticket, typeName: string | null): TicketView {
  return {
    id: Number(r.id),
    ticketNo: r.ticket_no,
    typeCode: r.type_code,
    typeName,
    categoryCode: r.category_code ?? null,
    urgency: r.urgency,
    source: r.source,
    status: r.status,
    priority: r.priority,
    title: r.title,
    description: r.description ?? null,
    customerId: num(r.customer_id),
    houseId: num(r.house_id),
    callerPhone: r.caller_phone ?? null,
    contactName: r.contact_name ?? null,
    contactPhone: r.contact_phone ?? null,
    address: r.address ?? null,
    stationId: num(r.station_id),
    workerId: num(r.worker_id),
    agentId: Number(r.agent_id),
    skipLevel: Boolean(r.skip_level),
    supervised: Boolean(r.supervised),
    isConsultation: Boolean(r.is_consultation),
    slaFlag: r.sla_flag ?? null,
    dueAt: iso(r.due_at),
    instanceKey: r.instance_key ?? null,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

export function toTicketBrief(
  r: Pick<Ticket, 'id' | 'ticket_no' | 'type_code' | 'status' | 'title' | 'house_id' | 'address' | 'created_at'>,
): TicketBrief {
  return {
    id: Number(r.id),
    ticketNo: r.ticket_no,
    typeCode: r.type_code,
    status: r.status,
    title: r.title,
    houseId: num(r.house_id),
    address: r.address ?? null,
    createdAt: iso(r.created_at)!,
  };
}
