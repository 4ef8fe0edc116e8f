import { GROUP_TENANT, type InstanceRef, type ProcessEngine } from '@warmline/engine';
import {
  SLA_CLOCK_PROCESS_ID,
  SLA_MESSAGES,
  slaClockStartInput,
  type SlaClockStartInput,
  type SlaFlag,
  type SlaStage,
} from '@warmline/contracts';

/** What listeners (notifications, push, the ticket row) hear when a ticket's SLA flag or due time changes. */
export interface SlaFlagEvent {
  tenantId: string;
  ticketId: number;
  ticketInstanceKey: string;
  /** Null when a delay cleared the flag. */
  flag: SlaFlag | null;
  stage: SlaStage;
  dueAt: string;
  priority: string | null;
  /**
   * False when only the due time moved (the clock's first computation, a resume after a pause):
   * the ticket row takes the due time, nobody is notified and the timeline gets no entry. Absent = true.
   */
  flagChanged?: boolean;
}

export type SlaFlagListener = (event: SlaFlagEvent) => void;

/** Buffered messages survive the moment the clock is busy computing (not at a catch event). */
const MESSAGE_TTL_MS = 30 * 24 * 3_600_000;

/**
 * The ticket's SLA clock (`wl-sla-clock`, docs/decisions/0005): starts one clock instance per
 * ticket next to `wl-ticket` and talks to it by messages correlated on the ticket id. The clock is
 * injectable (`clock.now`) so tests and previews can compute with a fixed "now".
 */
export class SlaClockService {
  readonly clock: { now: () => Date } = { now: () => new Date() };
  private readonly listeners = new Set<SlaFlagListener>();

  constructor(private readonly engine: ProcessEngine) {}

  now(): Date {
    return this.clock.now();
  }

  /** Subscribe to flag changes (yellow near due, red overdue, cleared); returns the unsubscribe function. */
  onFlag(listener: SlaFlagListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emitFlag(event: SlaFlagEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A listener's failure must not stop the clock.
      }
    }
  }

  /** Start the clock of a ticket in its subsidiary's tenant (idempotent per ticket). */
  start(tenantId: string, input: SlaClockStartInput): Promise<InstanceRef> {
    const variables = slaClockStartInput.parse(input);
    return this.engine.startInstance({
      tenantId,
      processId: SLA_CLOCK_PROCESS_ID,
      variables,
      businessKey: `sla-clock:${variables.ticketId}`,
    });
  }

  /** The ticket waits on the customer: the clock pauses when its rule says so. */
  pause(tenantId: string, ticketId: number) {
    return this.publish(tenantId, ticketId, SLA_MESSAGES.paused, {});
  }

  /** The customer answered: the clock continues with the remaining budget. */
  resume(tenantId: string, ticketId: number) {
    return this.publish(tenantId, ticketId, SLA_MESSAGES.resumed, { slaResume: true });
  }

  /** An approved delay: the due time moves by `minutes` (counted like the rule's budget). */
  extend(tenantId: string, ticketId: number, minutes: number) {
    return this.publish(tenantId, ticketId, SLA_MESSAGES.extended, { extendMinutes: minutes });
  }

  /** The ticket closed, was voided or cancelled: the clock ends, no timer fires any more. */
  stop(tenantId: string, ticketId: number) {
    return this.publish(tenantId, ticketId, SLA_MESSAGES.stop, {});
  }

  private publish(tenantId: string, ticketId: number, name: string, variables: Record<string, unknown>) {
    if (tenantId === GROUP_TENANT) throw new Error('the SLA clock runs in a subsidiary tenant');
    return this.engine.publishMessage({ tenantId, name, correlationKey: String(ticketId), variables, timeToLiveMs: MESSAGE_TTL_MS });
  }
}
