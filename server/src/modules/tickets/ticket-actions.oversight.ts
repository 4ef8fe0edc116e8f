import type { z } from 'zod';
import type {
  TicketActionResult,
  ticketApprovalDecideBody,
  ticketCallbackBody,
  ticketRequestReasonBody,
  ticketSuperviseBody,
  ticketSupervisionReportBody,
  ticketSupervisionReviewBody,
} from '@warmline/contracts';
import { invalid } from '../../core/app-error.js';
import { TASK_GROUPS } from '../tasks/index.js';
import { superviseTicket } from '../ticket-process/ticket-process.service.js';
import {
  openTask,
  pendingApproval,
  requireActive,
  requireGroup,
  stateConflict,
  stationGroup,
  type ActionCtx,
} from './ticket-actions.context.js';
import { messageAction, publish, taskAction } from './ticket-actions.runner.js';

/** 回访: satisfied → close; dissatisfied → re-dispatch approval; consultations may close without callback (approval). */
export function callbackTicket(ctx: ActionCtx, ticketId: number, body: z.output<typeof ticketCallbackBody>): Promise<TicketActionResult> {
  return taskAction(ctx, ticketId, {
    what: '回访',
    task: (v) => openTask(v, 'callback', '回访'),
    check: async (v) => {
      if (body.outcome === 'closeWithoutCallback' && v.variables.isConsultation !== true) {
        throw invalid('body.outcome', '只有咨询类工单可以免回访处结');
      }
    },
    data: () => ({
      callbackOutcome: body.outcome,
      ...(body.note ? { callbackNote: body.note } : {}),
      ...(body.remindPayment !== undefined ? { remindPayment: body.remindPayment } : {}),
    }),
    record: () => ({
      action: 'ticket.callback',
      kind: 'callback',
      reason: body.note ?? null,
      data: { outcome: body.outcome, remindPayment: body.remindPayment ?? false },
    }),
  });
}

const REQUESTS = {
  void: { message: 'wl-ticket-void-requested', kind: 'void_requested', what: '申请作废' },
  cancel: { message: 'wl-ticket-cancel-requested', kind: 'cancel_requested', what: '申请取消' },
} as const;

/** 申请作废 / 申请取消: the agents, the ticket's station or the service desks ask; the approval chain decides. */
export function requestEnd(
  ctx: ActionCtx,
  ticketId: number,
  operation: keyof typeof REQUESTS,
  body: z.output<typeof ticketRequestReasonBody>,
): Promise<TicketActionResult> {
  const r = REQUESTS[operation];
  return messageAction(ctx, ticketId, {
    what: r.what,
    check: async (v) => {
      requireActive(v, r.what);
      await requireGroup(
        ctx,
        [TASK_GROUPS.agent, stationGroup(v), TASK_GROUPS.subsidiaryService, TASK_GROUPS.groupService],
        `您不能${r.what}此工单`,
      );
      if (pendingApproval(v, operation)) throw stateConflict(v, r.what, `已有${r.what}在审批中`);
    },
    act: () => publish(ctx, ticketId, r.message, { requestReason: body.reason }),
    record: () => ({ action: `ticket.request-${operation}`, kind: r.kind, reason: body.reason, data: { operation } }),
  });
}

/** 审批: the open `approve` step of one of the ticket's approvals, by the approver of its level. */
export function decideApproval(
  ctx: ActionCtx,
  ticketId: number,
  taskKey: string,
  body: z.output<typeof ticketApprovalDecideBody>,
): Promise<TicketActionResult> {
  return taskAction(ctx, ticketId, {
    what: '审批',
    task: (v) => {
      const task = v.tasks.find((t) => t.taskKey === taskKey && t.elementId === 'approve');
      if (!task) throw stateConflict(v, '审批', '此审批步骤不存在或已处理');
      return task;
    },
    data: () => ({ decision: body.decision, ...(body.decision === 'reject' ? { comment: body.comment } : {}) }),
    record: (_v, task) => ({
      action: 'ticket.approval-decide',
      kind: 'approval_decided',
      reason: body.comment ?? null,
      data: { operation: task.variables.operation ?? null, level: task.variables.level ?? null, decision: body.decision },
    }),
  });
}

/** 督办: the group orders a running ticket supervised with a requirement and a deadline. */
export function superviseAction(ctx: ActionCtx, ticketId: number, body: z.output<typeof ticketSuperviseBody>): Promise<TicketActionResult> {
  let supervisionId = 0;
  return messageAction(ctx, ticketId, {
    what: '督办',
    check: async (v) => {
      requireActive(v, '督办');
      await requireGroup(ctx, [TASK_GROUPS.groupService], '只有集团可以督办工单');
      if (v.variables.supervised === true) throw stateConflict(v, '再次督办', '工单已在督办中');
      if (Date.parse(body.deadline) <= Date.now()) throw invalid('body.deadline', '督办期限必须晚于当前时间');
    },
    act: async (v) => {
      const res = await superviseTicket(ctx.services, ctx.tenant, {
        ticketId,
        ticketInstanceKey: v.instanceKey,
        requirement: body.requirement,
        deadline: body.deadline,
        orderedBy: ctx.user.id,
      });
      supervisionId = res.supervisionId;
      return true;
    },
    record: () => ({
      action: 'ticket.supervise',
      kind: 'supervised',
      reason: body.requirement,
      data: { supervisionId, deadline: body.deadline },
      row: { supervised: true },
    }),
  });
}

/** 督办反馈: the subsidiary reports progress (done with a result, or not yet). */
export function supervisionReport(
  ctx: ActionCtx,
  ticketId: number,
  body: z.output<typeof ticketSupervisionReportBody>,
): Promise<TicketActionResult> {
  return taskAction(ctx, ticketId, {
    what: '督办反馈',
    task: (v) => openTask(v, 'supervision-report', '督办反馈'),
    data: () => ({ progress: body.progress, done: body.done ?? false, ...(body.done ? { result: body.result } : {}) }),
    record: () => ({
      action: 'ticket.supervision-report',
      kind: 'supervision_report',
      reason: body.progress,
      data: { done: body.done ?? false, result: body.done ? body.result : null },
    }),
  });
}

/** 督办审核: the group accepts the reported result (supervision closes) or sends it back. */
export function supervisionReview(
  ctx: ActionCtx,
  ticketId: number,
  body: z.output<typeof ticketSupervisionReviewBody>,
): Promise<TicketActionResult> {
  return taskAction(ctx, ticketId, {
    what: '督办审核',
    task: (v) => openTask(v, 'supervision-review', '督办审核'),
    data: () => ({ reviewDecision: body.decision, ...(body.comment ? { reviewComment: body.comment } : {}) }),
    record: () => ({
      action: 'ticket.supervision-review',
      kind: body.decision === 'accept' ? 'supervision_closed' : 'supervision_report',
      reason: body.comment ?? null,
      data: { review: body.decision },
    }),
  });
}
