import { z } from 'zod';
import { idSchema, subsidiaryParams } from './common.js';
import { customerPhone } from './customers.js';
import { TICKET_PRIORITIES, TICKET_STATUSES } from './tickets.js';

/**
 * Ticket intake (受理) and the ticket detail / caller context reads (docs/decisions/0007).
 * Type, urgency, source and category are codes validated on the server against the ticket types,
 * the `urgency` / `ticket_source` dictionaries and the knowledge base.
 */

const code = (max: number) => z.string().trim().min(1).max(max);

export const ticketIntakeBody = z
  .strictObject({
    /** The caller id or the number the customer gave: matched against customers' phones. */
    callerPhone: z.string().trim().min(1).max(40).optional(),
    customerId: idSchema.optional(),
    /** Required when the number or the customer has several houses. */
    houseId: idSchema.optional(),
    typeCode: code(64),
    urgency: code(32),
    source: code(32),
    /** A knowledge-base category code. */
    categoryCode: code(64).nullable().optional(),
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).optional(),
    /** Override what the match fills in. */
    contactName: z.string().trim().min(1).max(64).optional(),
    contactPhone: z.string().trim().min(1).max(32).optional(),
    address: z.string().trim().min(1).max(300).optional(),
    /** The station, when the agent already knows it (else dispatch picks it). */
    stationId: idSchema.optional(),
    /** 督办: the group's supervision starts with this requirement and deadline. */
    supervised: z.boolean().optional(),
    supervision: z
      .strictObject({
        requirement: z.string().trim().min(1).max(1000),
        deadline: z.iso.datetime({ offset: true }),
      })
      .optional(),
    /** 越级投诉: implied by the `skip_level_complaint` type. */
    skipLevel: z.boolean().optional(),
    /** An agreed due time replacing the SLA rule's (kept on the row, see the intake service). */
    dueAt: z.iso.datetime({ offset: true }).optional(),
    /**
     * The answers to the type's intake form (a form-js schema, the type's `intakeFormId`), checked
     * against it on the server (422 FORM_INVALID naming `body.formData.<key>`); refused for a type
     * without an intake form. Stored with the ticket (decision 0014).
     */
    formData: z.record(z.string(), z.unknown()).optional(),
    /** The call record (来电登记) this ticket comes of: linked in the intake's transaction. */
    callRecordId: idSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.callerPhone && !v.customerId && !v.houseId) {
      ctx.addIssue({ code: 'custom', path: ['callerPhone'], message: '请提供来电号码，或选择热用户 / 房屋' });
    }
    if (v.supervised && !v.supervision) {
      ctx.addIssue({ code: 'custom', path: ['supervision'], message: '督办工单须填写督办要求和督办期限' });
    }
  });
export type TicketIntakeBody = z.infer<typeof ticketIntakeBody>;

export const ticketParams = z.strictObject({ subsidiaryId: idSchema, ticketId: idSchema });
export const callerContextParams = subsidiaryParams;
export const callerContextQuery = z.strictObject({ phone: z.string().trim().min(1).max(40) });

/** A ticket as lists and the intake answer show it. */
export const ticketView = z.object({
  id: z.number().int(),
  ticketNo: z.string(),
  typeCode: z.string(),
  typeName: z.string().nullable(),
  categoryCode: z.string().nullable(),
  urgency: z.string(),
  source: z.string(),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  title: z.string(),
  description: z.string().nullable(),
  customerId: z.number().int().nullable(),
  houseId: z.number().int().nullable(),
  callerPhone: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  address: z.string().nullable(),
  stationId: z.number().int().nullable(),
  workerId: z.number().int().nullable(),
  agentId: z.number().int(),
  skipLevel: z.boolean(),
  supervised: z.boolean(),
  isConsultation: z.boolean(),
  slaFlag: z.enum(['yellow', 'red']).nullable(),
  dueAt: z.string().nullable(),
  instanceKey: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TicketView = z.infer<typeof ticketView>;

/** A ticket in a history list (same house, same caller, same unit). */
export const ticketBrief = z.object({
  id: z.number().int(),
  ticketNo: z.string(),
  typeCode: z.string(),
  status: z.enum(TICKET_STATUSES),
  title: z.string(),
  houseId: z.number().int().nullable(),
  address: z.string().nullable(),
  createdAt: z.string(),
});
export type TicketBrief = z.infer<typeof ticketBrief>;

export const ticketCustomerSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  customerNo: z.string(),
  blacklisted: z.boolean(),
  blacklistReason: z.string().nullable(),
});

export const ticketHouseSummary = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  roomNo: z.string(),
  address: z.string(),
  billingNo: z.string(),
  heatingStatus: z.string(),
  customerId: z.number().int().nullable(),
});

export const ticketDetail = ticketView.extend({
  /** The intake form the answers were checked against (decision 0014), null without one. */
  formId: z.string().nullable(),
  /** Its version at intake; null when the form was read from the shipped file (no stored versions). */
  formVersion: z.number().int().nullable(),
  /** The answers to the type's intake form, as validated; null without a form. */
  formData: z.record(z.string(), z.unknown()).nullable(),
  customer: ticketCustomerSummary.nullable(),
  house: ticketHouseSummary.nullable(),
  /** The same house's (or else the same caller's) last 10 other tickets, newest first. */
  history: z.array(ticketBrief),
  /** Open tickets of other houses in the same unit (楼单元), newest first. */
  sameUnitOpen: z.array(ticketBrief),
});
export type TicketDetail = z.infer<typeof ticketDetail>;

/** What the agent sees when a call rings (来电弹屏). */
export const callerContext = z.object({
  phone: z.string(),
  customers: z.array(
    ticketCustomerSummary.extend({
      houses: z.array(ticketHouseSummary),
      /** The customer's bound numbers, primary first (the workspace binds and unbinds them). */
      phones: z.array(customerPhone),
    }),
  ),
  /** Any matched customer blacklisted. */
  blacklisted: z.boolean(),
  /** The caller's and the matched houses' last tickets, newest first (at most 10). */
  history: z.array(ticketBrief),
  /** Open tickets in the matched houses' units, newest first (at most 20). */
  sameUnitOpen: z.array(ticketBrief),
});
export type CallerContext = z.infer<typeof callerContext>;
