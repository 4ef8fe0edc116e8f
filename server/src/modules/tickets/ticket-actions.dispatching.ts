import type { z } from 'zod';
import type {
  TicketActionResult,
  ticketCloseDirectlyBody,
  ticketConfirmAssignBody,
  ticketDispatchBody,
  ticketReassignBody,
  ticketReturnBody,
  ticketSkipLevelBody,
} from '@warmline/contracts';
import { invalid } from '../../core/app-error.js';
import { TASK_GROUPS } from '../tasks/index.js';
import {
  openTask,
  requireGroup,
  requireStation,
  requireWorkerOf,
  stateConflict,
  stationGroup,
  type ActionCtx,
} from './ticket-actions.context.js';
import { messageAction, publish, taskAction } from './ticket-actions.runner.js';

/** 派单: the agent sends the ticket to a station of the subsidiary. */
export function dispatchTicket(ctx: ActionCtx, ticketId: number, body: z.output<typeof ticketDispatchBody>): Promise<TicketActionResult> {
  return taskAction(ctx, ticketId, {
    what: '派单',
    task: (v) => openTask(v, 'dispatch', '派单'),
    check: () => requireStation(ctx, body.stationId, 'body.stationId'),
    data: () => ({ stationId: body.stationId, ...(body.note ? { dispatchNote: body.note } : {}) }),
    record: (v) => ({
      action: 'ticket.dispatch',
      kind: 'dispatched',
      reason: body.note ?? null,
      data: { stationId: body.stationId, previousStationId: v.variables.stationId ?? null },
    }),
  });
}

/** 站部确认 → 派工: the station head assigns one of the station's workers. */
export function confirmAssign(
  ctx: ActionCtx,
  ticketId: number,
  body: z.output<typeof ticketConfirmAssignBody>,
): Promise<TicketActionResult> {
  let workerName = '';
  return taskAction(ctx, ticketId, {
    what: '确认派工',
    task: (v) => openTask(v, 'station-confirm', '确认派工'),
    check: async (v) => {
      workerName = await requireWorkerOf(ctx, Number(v.variables.stationId), body.workerId, 'body.workerId');
    },
    data: () => ({ confirmDecision: 'assign', workerId: body.workerId, ...(body.note ? { confirmNote: body.note } : {}) }),
    record: (v) => ({
      action: 'ticket.confirm-assign',
      kind: 'assigned',
      reason: body.note ?? null,
      data: { stationId: v.variables.stationId, workerId: body.workerId, workerName },
    }),
  });
}

/** 站部退回: back to the agents, through the `return` approval chain. */
export function returnTicket(ctx: ActionCtx, ticketId: number, body: z.output<typeof ticketReturnBody>): Promise<TicketActionResult> {
  return taskAction(ctx, ticketId, {
    what: '退回',
    task: (v) => openTask(v, 'station-confirm', '退回'),
    data: () => ({ confirmDecision: 'return', returnReason: body.reason }),
    record: (v) => ({ action: 'ticket.return', kind: 'returned', reason: body.reason, data: { stationId: v.variables.stationId } }),
  });
}

/** 站部直接办结: settled by the station without a worker; the ticket goes to callback. */
export function closeDirectly(
  ctx: ActionCtx,
  ticketId: number,
  body: z.output<typeof ticketCloseDirectlyBody>,
): Promise<TicketActionResult> {
  return taskAction(ctx, ticketId, {
    what: '直接办结',
    task: (v) => openTask(v, 'station-confirm', '直接办结'),
    data: () => ({ confirmDecision: 'closeDirectly', ...(body.note ? { confirmNote: body.note } : {}) }),
    record: (v) => ({
      action: 'ticket.close-directly',
      kind: 'confirmed',
      reason: body.note ?? null,
      data: { decision: 'closeDirectly', stationId: v.variables.stationId },
    }),
  });
}

/**
 * 改派: while the ticket waits for its worker to accept or is being handled, the station head (or the
 * subsidiary's / group's service desk) gives it to another worker of the station (`wl-ticket-reassign`).
 */
export function reassignTicket(ctx: ActionCtx, ticketId: number, body: z.output<typeof ticketReassignBody>): Promise<TicketActionResult> {
  let workerName = '';
  return messageAction(ctx, ticketId, {
    what: '改派',
    check: async (v) => {
      const current = v.active ? v.tasks.find((t) => t.elementId === 'worker-accept' || t.elementId === 'handle') : undefined;
      if (!current) throw stateConflict(v, '改派', '只有待接单或处理中的工单可以改派');
      await requireGroup(
        ctx,
        [stationGroup(v), TASK_GROUPS.subsidiaryService, TASK_GROUPS.groupService],
        '只有工单所在站部的负责人可以改派',
      );
      workerName = await requireWorkerOf(ctx, Number(v.variables.stationId), body.workerId, 'body.workerId');
      if (current.assignee === String(body.workerId)) throw invalid('body.workerId', '新的维修人员与当前维修人员相同');
    },
    act: () => publish(ctx, ticketId, 'wl-ticket-reassign', { workerId: body.workerId, reassignReason: body.reason }),
    record: (v) => ({
      action: 'ticket.reassign',
      kind: 'reassigned',
      reason: body.reason,
      data: { fromWorkerId: v.variables.workerId ?? null, toWorkerId: body.workerId, toWorkerName: workerName },
    }),
  });
}

/** 越级投诉处置: the group resolves the complaint itself or sends it to a station. */
export function skipLevelTakeover(
  ctx: ActionCtx,
  ticketId: number,
  body: z.output<typeof ticketSkipLevelBody>,
): Promise<TicketActionResult> {
  return taskAction(ctx, ticketId, {
    what: '越级投诉处置',
    task: (v) => openTask(v, 'skip-level-takeover', '越级投诉处置'),
    check: async () => {
      if (body.decision === 'dispatch') await requireStation(ctx, body.stationId!, 'body.stationId');
    },
    data: () => ({
      takeoverDecision: body.decision,
      takeoverNote: body.note,
      ...(body.decision === 'dispatch' ? { stationId: body.stationId } : {}),
    }),
    record: () => ({
      action: 'ticket.skip-level',
      kind: 'skip_level_takeover',
      reason: body.note,
      data: { decision: body.decision, stationId: body.decision === 'dispatch' ? body.stationId : null },
    }),
  });
}
