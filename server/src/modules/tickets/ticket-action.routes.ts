import type { z } from 'zod';
import {
  ticketAcceptBody,
  ticketActionParams,
  ticketActionResult,
  ticketApprovalDecideBody,
  ticketApprovalParams,
  ticketCallbackBody,
  ticketCloseDirectlyBody,
  ticketConfirmAssignBody,
  ticketCustomerBackBody,
  ticketDispatchBody,
  ticketHandleBody,
  ticketReassignBody,
  ticketRejectBody,
  ticketRequestDelayBody,
  ticketRequestReasonBody,
  ticketReturnBody,
  ticketSkipLevelBody,
  ticketSuperviseBody,
  ticketSupervisionReportBody,
  ticketSupervisionReviewBody,
  ticketWaitingCustomerBody,
  type Permission,
  type TicketActionResult,
} from '@warmline/contracts';
import { Transaction } from 'sequelize';
import { writeAudit } from '../../audit/audit.writer.js';
import type { AuditEntry } from '../../audit/audit.types.js';
import { defineRoute, type RouteContext } from '../../core/route-table.js';
import type { ActionCtx } from './ticket-actions.context.js';
import {
  closeDirectly,
  confirmAssign,
  dispatchTicket,
  reassignTicket,
  returnTicket,
  skipLevelTakeover,
} from './ticket-actions.dispatching.js';
import { acceptTicket, customerBack, handleTicket, rejectTicket, requestDelay, waitingCustomer } from './ticket-actions.field.js';
import {
  callbackTicket,
  decideApproval,
  requestEnd,
  superviseAction,
  supervisionReport,
  supervisionReview,
} from './ticket-actions.oversight.js';
import { IDEMPOTENCY_HEADER, idempotent } from './idempotency.service.js';
import { requestDigest } from './ticket-action-journal.js';
import { serializeSqliteWrites } from '../../db/sqlite-write-queue.js';

const base = '/subsidiaries/:subsidiaryId/tickets/:ticketId';
const IDEM_NOTE = '（可带 Idempotency-Key 请求头：重复请求返回首次结果，不重复办理）';

type Params = z.output<typeof ticketActionParams>;

/**
 * The action's collaborators from the route context, and the idempotency wrapper around it. The
 * route opens no transaction (`self-audited`): the action opens its own once the engine has moved
 * (`commit`), on SQLite taking the write lock at BEGIN (decision 0009).
 */
function runAction<P extends Params, B>(
  routeId: string,
  c: RouteContext<P, unknown, B>,
  run: (ctx: ActionCtx) => Promise<TicketActionResult>,
): Promise<TicketActionResult> {
  const tenant = c.tenant!;
  const db = tenant.db;
  const actor = { id: c.user.id, name: c.user.displayName, requestId: c.requestId, ip: c.req.ip ?? null };
  const auditIn = (tx: Transaction | undefined) => (entry: AuditEntry) => writeAudit(db, tx, actor, entry);
  const txOptions = db.getDialect() === 'sqlite' ? { type: Transaction.TYPES.IMMEDIATE } : {};
  const key = c.req.header(IDEMPOTENCY_HEADER)?.trim();
  const request = { params: c.params, body: c.body };
  return idempotent(
    {
      db,
      userId: c.user.id,
      routeId,
      key: c.req.header(IDEMPOTENCY_HEADER),
      request,
      audit: auditIn(undefined),
      markReplayed: () => c.res.setHeader('Idempotent-Replayed', 'true'),
    },
    (remember) => {
      const ctx: ActionCtx = {
        services: c.services,
        tenant,
        user: c.user,
        tx: undefined,
        audit: auditIn(undefined),
        commit: (work) =>
          serializeSqliteWrites(db, () =>
            db.transaction(txOptions, async (tx) => {
              const result = await work({ ...ctx, tx, audit: auditIn(tx) });
              await remember(tx, result as TicketActionResult);
              return result;
            }),
          ),
        // The journal keeps the key, so a retry after a failure finishes the first try (decision 0018).
        idempotency: key ? { routeId, key, hash: requestDigest(request) } : undefined,
      };
      return run(ctx);
    },
  );
}

/** One lifecycle action: `POST …/tickets/:ticketId/<verb>`. */
function action<B extends z.ZodType>(
  verb: string,
  summary: string,
  body: B,
  run: (ctx: ActionCtx, ticketId: number, body: z.output<B>) => Promise<TicketActionResult>,
  access: Permission = 'ticket:act',
) {
  const id = `ticket-actions.${verb}`;
  return defineRoute({
    engine: true,
    // The action writes its timeline entry, row and audit records in its own transaction (runAction).
    audit: 'self-audited',
    id,
    method: 'post',
    path: `${base}/${verb}`,
    summary: summary + IDEM_NOTE,
    tag: 'tickets',
    access,
    params: ticketActionParams,
    body,
    response: ticketActionResult,
    handler: (c) => runAction(id, c, (ctx) => run(ctx, c.params.ticketId, c.body as z.output<B>)),
  });
}

/**
 * Every lifecycle operation of a ticket (docs/decisions/0007). Wrong state → 409 TICKET_STATE_CONFLICT
 * naming the current state; not the caller's step → 403; nothing changes in either case.
 */
export const ticketActionRoutes = [
  action('dispatch', '派单：坐席把工单派往本分公司的站部', ticketDispatchBody, dispatchTicket),
  action('confirm-assign', '站部确认并派工给本站维修人员', ticketConfirmAssignBody, confirmAssign, 'ticket:station'),
  action('return', '站部退回坐席（按退回审批链审批）', ticketReturnBody, returnTicket, 'ticket:station'),
  action('close-directly', '站部直接办结（无需上门，转回访）', ticketCloseDirectlyBody, closeDirectly, 'ticket:station'),
  action('reassign', '改派：待接单或处理中的工单改派给本站其他维修人员', ticketReassignBody, reassignTicket),
  action('accept', '维修人员接单', ticketAcceptBody, acceptTicket),
  action('reject', '维修人员拒单（须填写原因）', ticketRejectBody, rejectTicket),
  action('handle', '提交处理结果（结果、配件、用时、室温、满意度与签字，提交后不可修改）', ticketHandleBody, handleTicket),
  action('request-delay', '申请延时（按延时审批链审批）', ticketRequestDelayBody, requestDelay),
  action('request-void', '申请作废（按作废审批链审批）', ticketRequestReasonBody, (ctx, id, b) => requestEnd(ctx, id, 'void', b)),
  action('request-cancel', '申请取消（按取消审批链审批）', ticketRequestReasonBody, (ctx, id, b) => requestEnd(ctx, id, 'cancel', b)),
  action('waiting-customer', '等待客户：暂停时限计时', ticketWaitingCustomerBody, waitingCustomer),
  action('customer-back', '客户已回复：恢复时限计时', ticketCustomerBackBody, customerBack),
  action('callback', '回访：满意办结、不满意申请二次派单、咨询类免回访处结', ticketCallbackBody, callbackTicket),
  action('skip-level', '越级投诉处置：集团直接办理或派往站部', ticketSkipLevelBody, skipLevelTakeover),
  action('supervise', '集团督办：督办要求与期限', ticketSuperviseBody, superviseAction),
  action('supervision-report', '督办反馈（分公司）', ticketSupervisionReportBody, supervisionReport, 'task:work'),
  action('supervision-review', '督办审核（集团）', ticketSupervisionReviewBody, supervisionReview),
  defineRoute({
    engine: true,
    audit: 'self-audited',
    id: 'ticket-actions.approval-decide',
    method: 'post',
    path: `${base}/approvals/:taskKey/decide`,
    summary: '审批工单的申请（本级审批人；驳回须填写意见）' + IDEM_NOTE,
    tag: 'tickets',
    access: 'task:work',
    params: ticketApprovalParams,
    body: ticketApprovalDecideBody,
    response: ticketActionResult,
    handler: (c) =>
      runAction('ticket-actions.approval-decide', c, (ctx) => decideApproval(ctx, c.params.ticketId, c.params.taskKey, c.body)),
  }),
];
