import type { z } from 'zod';
import type {
  TicketActionResult,
  ticketAcceptBody,
  ticketCustomerBackBody,
  TicketHandleBody,
  ticketRejectBody,
  ticketRequestDelayBody,
  ticketWaitingCustomerBody,
} from '@warmline/contracts';
import { forbidden, invalid } from '../../core/app-error.js';
import { TASK_GROUPS } from '../tasks/index.js';
import {
  groupsOf,
  openTask,
  pendingApproval,
  requireActive,
  stateConflict,
  stationGroup,
  type ActionCtx,
  type TicketView,
} from './ticket-actions.context.js';
import { messageAction, publish, taskAction } from './ticket-actions.runner.js';
import { ticketAttachmentModel } from './ticket-attachment.model.js';

/** 接单. */
export function acceptTicket(ctx: ActionCtx, ticketId: number, _body: z.output<typeof ticketAcceptBody>): Promise<TicketActionResult> {
  return taskAction(ctx, ticketId, {
    what: '接单',
    task: (v) => openTask(v, 'worker-accept', '接单'),
    data: () => ({ acceptDecision: 'accept' }),
    record: () => ({ action: 'ticket.accept', kind: 'accepted', data: { workerId: ctx.user.id } }),
  });
}

/** 拒单 (with a reason): back to the station to assign again. */
export function rejectTicket(ctx: ActionCtx, ticketId: number, body: z.output<typeof ticketRejectBody>): Promise<TicketActionResult> {
  return taskAction(ctx, ticketId, {
    what: '拒单',
    task: (v) => openTask(v, 'worker-accept', '拒单'),
    data: () => ({ acceptDecision: 'reject', rejectReason: body.reason }),
    record: () => ({ action: 'ticket.reject', kind: 'rejected', reason: body.reason, data: { workerId: ctx.user.id } }),
  });
}

/** Agents and the subsidiary's / group's service desks follow up with the customer too. */
const SERVICE_DESKS = [TASK_GROUPS.agent, TASK_GROUPS.subsidiaryService, TASK_GROUPS.groupService];

const average = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;

/**
 * 处理: the worker's result. Satisfaction and the signature are part of the handling round they were
 * submitted with: the handle task is then complete, so a second submission (or an edit) is refused
 * with 409 and the row keeps the first values. A re-dispatched ticket gets a new round.
 */
export function handleTicket(ctx: ActionCtx, ticketId: number, body: TicketHandleBody): Promise<TicketActionResult> {
  const resolved = body.result === 'resolved';
  return taskAction(ctx, ticketId, {
    what: '提交处理结果',
    task: (v) => openTask(v, 'handle', '提交处理结果'),
    check: async () => {
      if (body.signatureAttachmentId === undefined) return;
      const att = await ticketAttachmentModel(ctx.tenant.db).findOne({ where: { id: body.signatureAttachmentId, ticket_id: ticketId } });
      if (!att) throw invalid('body.signatureAttachmentId', '签字附件不存在或不属于此工单');
    },
    data: () => ({
      handleResult: body.result,
      resultDescription: body.resultDescription,
      ...(body.unresolvedReason && !resolved ? { unresolvedReason: body.unresolvedReason } : {}),
      ...(body.parts ? { parts: body.parts } : {}),
      ...(body.durationMinutes ? { durationMinutes: body.durationMinutes } : {}),
      ...(body.indoorTemperatures ? { indoorTemperature: average(body.indoorTemperatures) } : {}),
      ...(resolved ? { satisfaction: body.satisfaction } : {}),
      ...(body.signatureAttachmentId ? { signatureFileId: String(body.signatureAttachmentId) } : {}),
    }),
    record: () => ({
      action: 'ticket.handle',
      kind: 'handled',
      reason: resolved ? null : (body.unresolvedReason ?? null),
      data: {
        result: body.result,
        resultDescription: body.resultDescription,
        parts: body.parts ?? null,
        durationMinutes: body.durationMinutes ?? null,
        indoorTemperatures: body.indoorTemperatures ?? [],
        satisfaction: resolved ? body.satisfaction : null,
        signatureAttachmentId: body.signatureAttachmentId ?? null,
      },
      row: resolved
        ? { satisfaction: body.satisfaction ?? null, signature_attachment_id: body.signatureAttachmentId ?? null, completed_at: new Date() }
        : undefined,
    }),
  });
}

/** The worker holding the ticket's accept or handle task, or a station head of its station. */
async function requireWorkerOrStation(ctx: ActionCtx, v: TicketView, extraGroups: string[], message: string): Promise<void> {
  const held = v.tasks.some((t) => (t.elementId === 'handle' || t.elementId === 'worker-accept') && t.assignee === String(ctx.user.id));
  if (held) return;
  const mine = await groupsOf(ctx);
  if (![stationGroup(v), ...extraGroups].some((g) => g !== null && mine.includes(g))) throw forbidden(message);
}

/** 申请延时: while handling, the worker or the station asks for more time (approval chain `delay`). */
export function requestDelay(ctx: ActionCtx, ticketId: number, body: z.output<typeof ticketRequestDelayBody>): Promise<TicketActionResult> {
  return messageAction(ctx, ticketId, {
    what: '申请延时',
    check: async (v) => {
      openTask(v, 'handle', '申请延时');
      await requireWorkerOrStation(ctx, v, [], '只有处理此工单的维修人员或所在站部负责人可以申请延时');
      if (pendingApproval(v, 'delay')) throw stateConflict(v, '再次申请延时', '已有延时申请在审批中');
    },
    act: () => publish(ctx, ticketId, 'wl-ticket-delay-requested', { delayMinutes: body.minutes, requestReason: body.reason }),
    record: () => ({ action: 'ticket.request-delay', kind: 'delay_requested', reason: body.reason, data: { minutes: body.minutes } }),
  });
}

/** 等待客户: the SLA clock pauses (when the ticket's rule allows it) until the customer is back. */
export function waitingCustomer(
  ctx: ActionCtx,
  ticketId: number,
  body: z.output<typeof ticketWaitingCustomerBody>,
): Promise<TicketActionResult> {
  return messageAction(ctx, ticketId, {
    what: '标记等待客户',
    check: async (v) => {
      requireActive(v, '标记等待客户');
      await requireWorkerOrStation(ctx, v, SERVICE_DESKS, '只有坐席、站部负责人或处理此工单的维修人员可以标记等待客户');
      if (v.variables.waitingCustomer === true) throw stateConflict(v, '再次标记等待客户', '工单已在等待客户');
    },
    act: async (v) => {
      await ctx.services.engine.setVariables(ctx.tenant.code, v.instanceKey, { waitingCustomer: true });
      await ctx.services.sla.pause(ctx.tenant.code, ticketId);
      return true;
    },
    record: () => ({ action: 'ticket.waiting-customer', kind: 'updated', reason: body.reason ?? null, data: { waitingCustomer: true } }),
  });
}

/** 客户已回复: the SLA clock resumes. */
export function customerBack(ctx: ActionCtx, ticketId: number, body: z.output<typeof ticketCustomerBackBody>): Promise<TicketActionResult> {
  return messageAction(ctx, ticketId, {
    what: '恢复计时',
    check: async (v) => {
      requireActive(v, '恢复计时');
      await requireWorkerOrStation(ctx, v, SERVICE_DESKS, '只有坐席、站部负责人或处理此工单的维修人员可以恢复计时');
      if (v.variables.waitingCustomer !== true) throw stateConflict(v, '恢复计时', '工单未在等待客户');
    },
    act: async (v) => {
      await ctx.services.engine.setVariables(ctx.tenant.code, v.instanceKey, { waitingCustomer: false });
      await ctx.services.sla.resume(ctx.tenant.code, ticketId);
      return true;
    },
    record: () => ({ action: 'ticket.customer-back', kind: 'updated', reason: body.note ?? null, data: { waitingCustomer: false } }),
  });
}
