import { z } from 'zod';

/**
 * What the server knows about a ticket when its processes start — validated before any of it
 * becomes a process variable (ARCHITECTURE §6: engine variables are an edge too).
 */
export const ticketStartSchema = z
  .object({
    ticketId: z.number().int().positive(),
    ticketNo: z.string().min(1).max(32),
    ticketType: z.string().min(1).max(64),
    urgency: z.string().min(1).max(32),
    source: z.string().min(1).max(32),
    /** Known at intake when the agent picks the station; else set by dispatch. */
    stationId: z.number().int().positive().nullable().default(null),
    skipLevel: z.boolean().default(false),
    /** Consultation-type tickets may close without a callback (after approval). */
    isConsultation: z.boolean().default(false),
    priority: z.enum(['normal', 'urgent', 'critical']).default('normal'),
    /** The intake agent (user id). */
    agentId: z.number().int().positive(),
    /** When the ticket was taken in (the SLA clock starts here); now when omitted. */
    startedAt: z.iso.datetime({ offset: true }).optional(),
    /** A due time agreed with the customer at intake (replaces the SLA rule's budget). */
    agreedDueAt: z.iso.datetime({ offset: true }).nullable().default(null),
  })
  .strict();

export type TicketStart = z.input<typeof ticketStartSchema>;
export type TicketStartValues = z.output<typeof ticketStartSchema>;

export const superviseSchema = z
  .object({
    ticketId: z.number().int().positive(),
    ticketInstanceKey: z.string().min(1),
    requirement: z.string().trim().min(1).max(1000),
    deadline: z.iso.datetime({ offset: true }),
    orderedBy: z.number().int().positive(),
  })
  .strict();

export type SuperviseInput = z.input<typeof superviseSchema>;
