import type { EngineEvent, UserTask } from '@warmline/engine';
import { TICKET_STATUS_BY_TASK, type TicketEventKind } from '@warmline/contracts';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import type { SlaFlagEvent } from '../sla/sla-clock.service.js';
import { ticketModel, type Ticket } from './ticket.model.js';
import { changedFields, endingOf, projectTicket, type ProjectedFields } from './ticket-projector.rules.js';
import { appendOnce, withBusyRetry } from './ticket-projector.store.js';

const TICKET_PROCESS = 'wl-ticket';
const APPROVAL_PROCESS = 'wl-approval';
/**
 * Processes that carry a ticket id but are not its lifecycle. Any other process with a `ticketId`
 * variable is one (the group template `wl-ticket`, or another group process a ticket type is bound to).
 */
const NOT_A_LIFECYCLE = new Set([APPROVAL_PROCESS, 'wl-supervision', 'wl-sla-clock', 'wl-ext-passthrough']);

/**
 * The ticket projector (decision 0007): keeps the ticket row and its timeline in step with the
 * engine. Every engine event of a ticket re-reads the ticket's instance and open tasks and writes
 * what differs (so replays and late events change nothing), plus one timeline entry per event keyed
 * by the task / instance (written once). Work is serialised per ticket; failures are logged and never
 * reach the engine. `reproject` repairs a row after an action whose row write failed.
 */
export class TicketProjector {
  private readonly queues = new Map<string, Promise<void>>();
  /**
   * Queued task events that will sync the row (by ticket, instance and ticket no): a `task.completed`
   * with a later one queued leaves the sync to it — it reads the engine after this one would have,
   * with the same row check. One action's run completes a task and opens the next: one sync, not two.
   */
  private readonly pendingSyncs = new Map<string, number>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly services: Services) {}

  start(): this {
    this.unsubscribe.push(this.services.engine.onEvent((e) => this.onEngineEvent(e)));
    this.unsubscribe.push(this.services.sla.onFlag((e) => this.onSlaFlag(e)));
    return this;
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /** Resolves when every queued projection has run (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  /** Recompute the row of ticket `ticketId` of tenant `tenantCode` from the engine; answers the row after. */
  async reproject(tenantCode: string, ticketId: number): Promise<Ticket | null> {
    const out: { row: Ticket | null } = { row: null };
    await this.enqueue(tenantCode, ticketId, async () => {
      const tenant = await this.tenant(tenantCode);
      const row = tenant ? await ticketModel(tenant.db).findByPk(ticketId) : null;
      if (!tenant || !row) return;
      out.row = await this.sync(tenant, row, row.instance_key);
    });
    return out.row;
  }

  // -- event intake ----------------------------------------------------------------------------

  onEngineEvent(event: EngineEvent): void {
    void this.route(event).catch((err: unknown) =>
      this.services.logger.error({ err, event: event.type }, 'ticket projector: event dropped'),
    );
  }

  onSlaFlag(event: SlaFlagEvent): void {
    this.enqueue(event.tenantId, event.ticketId, () => this.applySlaFlag(event)).catch(() => undefined);
  }

  private async route(event: EngineEvent): Promise<void> {
    if (event.type === 'task.created' || event.type === 'task.completed') {
      const { task, type } = event;
      const approval = task.processId === APPROVAL_PROCESS && task.elementId === 'approve';
      if (!approval && NOT_A_LIFECYCLE.has(task.processId)) return;
      const ticketId = idOf(task.variables.ticketId);
      if (ticketId === null) return;
      // Syncs once its row is found (see applyTask): the approval path and unknown steps of other processes may not.
      const syncs = !approval && (task.processId === TICKET_PROCESS || !!TICKET_STATUS_BY_TASK[task.elementId]);
      const syncKey = syncs ? syncKeyOf(event.tenantId, ticketId, task) : undefined;
      if (syncKey) this.pendingSyncs.set(syncKey, (this.pendingSyncs.get(syncKey) ?? 0) + 1);
      await this.enqueue(
        event.tenantId,
        ticketId,
        () => this.applyTask(type, task, ticketId),
        syncKey ? () => this.unmark(syncKey) : undefined,
      );
    } else if (event.type === 'instance.ended' && event.processId === APPROVAL_PROCESS) {
      const info = await this.services.engine.getInstance(event.tenantId, event.instanceKey);
      const ticketId = idOf(info?.variables.ticketId);
      if (ticketId === null) return;
      await this.enqueue(event.tenantId, ticketId, () => this.recordApprovalDecisions(event.tenantId, ticketId, event.instanceKey));
    } else if (event.type === 'instance.ended' && !NOT_A_LIFECYCLE.has(event.processId)) {
      const info = await this.services.engine.getInstance(event.tenantId, event.instanceKey);
      const ticketId = idOf(info?.variables.ticketId);
      if (!info || ticketId === null) return;
      await this.enqueue(event.tenantId, ticketId, async () => {
        const found = await this.rowOf(event.tenantId, ticketId, info.variables.ticketNo, event.instanceKey);
        // A process of another kind that carries the ticket id (not the row's lifecycle) ends nothing.
        if (!found || (found.row.instance_key === null && event.processId !== TICKET_PROCESS)) return;
        await this.sync(found.tenant, found.row, event.instanceKey);
        await appendOnce(found.tenant.db, {
          ticket_id: ticketId,
          kind: endingOf(info) as TicketEventKind,
          task_key: `end:${event.instanceKey}`.slice(0, 64),
          data: { ticketStatus: endingOf(info), endedAt: info.endedAt },
        });
      });
    }
  }

  private unmark(syncKey: string): void {
    const n = (this.pendingSyncs.get(syncKey) ?? 0) - 1;
    if (n > 0) this.pendingSyncs.set(syncKey, n);
    else this.pendingSyncs.delete(syncKey);
  }

  /** `starting` runs once when the work's turn comes (not again on a busy retry). */
  private enqueue(tenantCode: string, ticketId: number, work: () => Promise<void>, starting?: () => void): Promise<void> {
    const key = `${tenantCode}:${ticketId}`;
    const next = (this.queues.get(key) ?? Promise.resolve())
      .then(() => {
        starting?.();
        return withBusyRetry(work);
      })
      .catch((err: unknown) => this.services.logger.error({ err, tenant: tenantCode, ticketId }, 'ticket projector: projection failed'));
    this.queues.set(key, next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
    return next;
  }

  // -- projections -----------------------------------------------------------------------------

  private async applyTask(type: 'task.created' | 'task.completed', task: UserTask, ticketId: number): Promise<void> {
    if (task.processId === APPROVAL_PROCESS) {
      if (type === 'task.completed') return this.recordApprovalDecisions(task.tenantId, ticketId, task.instanceKey, task);
      const found = await this.rowOf(task.tenantId, ticketId, task.variables.ticketNo);
      if (!found) return;
      await appendOnce(found.tenant.db, {
        ticket_id: ticketId,
        kind: 'approval_requested',
        task_key: task.taskKey,
        reason: typeof task.variables.requestReason === 'string' ? task.variables.requestReason : null,
        data: {
          operation: str(task.variables.operation),
          level: str(task.variables.level),
          chain: Array.isArray(task.variables.approvalChain) ? task.variables.approvalChain : null,
          candidateGroups: task.candidateGroups,
        },
      });
      return;
    }
    // A later task event of this instance is queued and will sync the row (with the same check): nothing to do here.
    if (type === 'task.completed' && this.pendingSyncs.has(syncKeyOf(task.tenantId, ticketId, task))) return;
    const found = await this.rowOf(task.tenantId, ticketId, task.variables.ticketNo, task.instanceKey);
    // Before intake wrote the instance key, only a task the lifecycle knows proves the instance is the ticket's.
    if (!found || (found.row.instance_key === null && task.processId !== TICKET_PROCESS && !TICKET_STATUS_BY_TASK[task.elementId])) return;
    const row = await this.sync(found.tenant, found.row, task.instanceKey);
    if (type !== 'task.created') return;
    await appendOnce(found.tenant.db, {
      ticket_id: ticketId,
      kind: 'task_created',
      task_key: task.taskKey,
      data: {
        elementId: task.elementId,
        taskName: task.name,
        status: row.status,
        assignee: task.assignee,
        candidateGroups: task.candidateGroups,
      },
    });
  }

  /**
   * `approval_decided` entries of one `wl-approval` instance: its `approvals` list (level, decision,
   * comment) paired in order with its completed `approve` tasks, each written once (keyed by task).
   */
  private async recordApprovalDecisions(tenantCode: string, ticketId: number, instanceKey: string, justDone?: UserTask): Promise<void> {
    const [info, done] = await Promise.all([
      this.services.engine.getInstance(tenantCode, instanceKey),
      this.services.engine.searchUserTasks({ tenantId: tenantCode, instanceKey, state: 'completed', elementId: 'approve' }),
    ]);
    const found = await this.rowOf(tenantCode, ticketId, info?.variables.ticketNo);
    if (!info || !found) return;
    const approvals = Array.isArray(info.variables.approvals) ? (info.variables.approvals as Record<string, unknown>[]) : [];
    const tasks = done.sort((a, b) => (a.completedAt ?? '').localeCompare(b.completedAt ?? '') || a.taskKey.localeCompare(b.taskKey));
    for (const [i, task] of tasks.entries()) {
      const decided =
        approvals[i] ??
        (task.taskKey === justDone?.taskKey && typeof justDone.variables.decision === 'string' ? justDone.variables : undefined);
      if (!decided) continue;
      await appendOnce(found.tenant.db, {
        ticket_id: ticketId,
        kind: 'approval_decided',
        task_key: task.taskKey,
        reason: str(decided.comment),
        data: {
          operation: str(info.variables.operation),
          level: str(decided.level) ?? str(task.variables.level),
          decision: str(decided.decision),
          comment: str(decided.comment),
        },
      });
    }
  }

  private async applySlaFlag(event: SlaFlagEvent): Promise<void> {
    const found = await this.rowOf(event.tenantId, event.ticketId, undefined, event.ticketInstanceKey);
    if (!found) return;
    const dueOnly = event.flagChanged === false; // only the due time moved: no flag, priority or timeline change
    const next: ProjectedFields = dueOnly
      ? { due_at: new Date(event.dueAt) }
      : {
          sla_flag: event.flag,
          due_at: new Date(event.dueAt),
          ...(event.priority === 'normal' || event.priority === 'urgent' || event.priority === 'critical'
            ? { priority: event.priority }
            : {}),
        };
    const diff = changedFields(found.row, next);
    if (Object.keys(diff).length > 0) await found.row.update(diff);
    if (dueOnly) return;
    await appendOnce(found.tenant.db, {
      ticket_id: event.ticketId,
      kind: 'sla_flag',
      task_key: `sla:${event.flag ?? 'clear'}:${event.dueAt}`.slice(0, 64),
      data: { flag: event.flag, stage: event.stage, dueAt: event.dueAt, priority: event.priority },
    });
  }

  /** Write what the engine says differs from the row; answers the row as it is after. */
  private async sync(tenant: TenantHandle, row: Ticket, instanceKey: string | null): Promise<Ticket> {
    if (!instanceKey) return row;
    const info = await this.services.engine.getInstance(tenant.code, instanceKey);
    if (!info) return row;
    const open =
      info.state === 'active' ? await this.services.engine.searchUserTasks({ tenantId: tenant.code, instanceKey, state: 'created' }) : [];
    const next = projectTicket(info, open);
    if (next.status && ['closed', 'voided', 'cancelled'].includes(next.status) && !next.closed_at && !row.closed_at) {
      next.closed_at = new Date();
    }
    const diff = changedFields(row, next);
    if (Object.keys(diff).length > 0) await row.update(diff);
    return row;
  }

  /** The ticket row of `ticketId` in tenant `tenantCode` — when it is the ticket the process speaks of. */
  private async rowOf(
    tenantCode: string,
    ticketId: number,
    ticketNo: unknown,
    instanceKey?: string,
  ): Promise<{ tenant: TenantHandle; row: Ticket } | undefined> {
    const tenant = await this.tenant(tenantCode);
    if (!tenant) return undefined;
    const row = await ticketModel(tenant.db).findByPk(ticketId);
    if (!row) return undefined;
    // A process started for another ticket with the same id (tests, imports) is not this row's.
    if (typeof ticketNo === 'string' && ticketNo !== row.ticket_no) return undefined;
    if (instanceKey && row.instance_key && row.instance_key !== instanceKey) return undefined;
    return { tenant, row };
  }

  private async tenant(code: string): Promise<TenantHandle | undefined> {
    const sub = (await this.services.orgs.all()).find((o) => o.type === 'subsidiary' && o.code === code);
    return sub ? this.services.tenants.byId(sub.id) : undefined;
  }
}

const idOf = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
};
const syncKeyOf = (tenantCode: string, ticketId: number, task: UserTask) =>
  `${tenantCode}:${ticketId}:${task.instanceKey}:${typeof task.variables.ticketNo === 'string' ? task.variables.ticketNo : ''}`;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const projectors = new WeakMap<Services, TicketProjector>();

/** Start the projector of a running server (server.ts, once). */
export function startTicketProjector(services: Services): TicketProjector {
  const existing = projectors.get(services);
  if (existing) return existing;
  const projector = new TicketProjector(services).start();
  projectors.set(services, projector);
  return projector;
}

/** The running server's projector (actions call `reproject` after a failed row write). */
export function ticketProjectorOf(services: Services): TicketProjector {
  const p = projectors.get(services);
  if (!p) throw new Error('the ticket projector is not started');
  return p;
}
