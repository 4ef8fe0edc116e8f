import type { Request } from 'express';
import { Transaction } from 'sequelize';
import {
  TICKET_PRIORITIES,
  type ErrorDetail,
  type TicketIntakeBody,
  type TicketPriority,
  type TicketTypeItem,
  type TicketView,
} from '@warmline/contracts';
import { writeAudit, type AuditActor } from '../../audit/audit.writer.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { AppError } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { enabledDictItem } from '../dictionaries/dictionary.service.js';
import { enabledCategory } from '../knowledge-base/kb-category.service.js';
import { superviseTicket } from '../ticket-process/ticket-process.service.js';
import { enabledTicketType } from '../ticket-types/ticket-type.service.js';
import { toTicketView } from './ticket-detail.view.js';
import { ticketEventModel } from './ticket-event.model.js';
import { startIntakeProcesses } from './ticket-intake.process.js';
import { resolveParty, type IntakeParty } from './ticket-intake.resolve.js';
import { ensureCounterRow, nextTicketNo, shanghaiDay } from './ticket-number.js';
import { ticketModel, type Ticket } from './ticket.model.js';
import { withBusyRetry } from './ticket-projector.store.js';
import { serializeSqliteWrites } from '../../db/sqlite-write-queue.js';
import { linkCallToTicket } from '../call-records/call-record.link.js';
import { callRecordModel, type CallRecordRow } from '../call-records/call-record.model.js';
import { checkIntakeForm } from './ticket-intake.form.js';

export interface IntakeCtx {
  services: Services;
  tenant: TenantHandle;
  user: AuthUser;
  requestId: string;
  req: Pick<Request, 'ip'>;
}

const SKIP_LEVEL_TYPE = 'skip_level_complaint';

const priorityOf = (urgency: string): TicketPriority =>
  (TICKET_PRIORITIES as readonly string[]).includes(urgency) ? (urgency as TicketPriority) : 'normal';

/** Codes and references of the request, all checked before anything is written (every problem at once). */
async function checkCodes(c: IntakeCtx, body: TicketIntakeBody): Promise<TicketTypeItem> {
  const problems: ErrorDetail[] = [];
  const type = await enabledTicketType(c.services, body.typeCode);
  if (!type) problems.push({ field: 'body.typeCode', message: `工单类型“${body.typeCode}”不存在或已停用` });
  if (!(await enabledDictItem(c.services, 'urgency', body.urgency))) {
    problems.push({ field: 'body.urgency', message: `紧急程度“${body.urgency}”不存在或已停用` });
  }
  if (!(await enabledDictItem(c.services, 'ticket_source', body.source))) {
    problems.push({ field: 'body.source', message: `工单来源“${body.source}”不存在或已停用` });
  }
  if (body.categoryCode) {
    const category = await enabledCategory(c.services, body.categoryCode);
    if (!category) problems.push({ field: 'body.categoryCode', message: `知识库分类“${body.categoryCode}”不存在或已停用` });
    else if (type && category.ticket_type && category.ticket_type !== type.code) {
      problems.push({ field: 'body.categoryCode', message: '该分类不属于所选工单类型' });
    }
  }
  if (body.stationId) {
    const station = await c.services.orgs.get(body.stationId);
    if (station?.type !== 'station' || !(await c.services.orgs.isWithin(station.id, c.tenant.subsidiaryId))) {
      problems.push({ field: 'body.stationId', message: '维修站不存在或不属于本分公司' });
    }
  }
  if (body.dueAt && Date.parse(body.dueAt) <= Date.now()) {
    problems.push({ field: 'body.dueAt', message: '约定完成时间必须晚于当前时间' });
  }
  if (body.supervision && Date.parse(body.supervision.deadline) <= Date.now()) {
    problems.push({ field: 'body.supervision.deadline', message: '督办期限必须晚于当前时间' });
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', '提交的数据有误', problems);
  return type!;
}

/** The call record the ticket comes of: it must exist and not lead to another ticket yet. */
async function callRecordOf(c: IntakeCtx, id: number): Promise<CallRecordRow> {
  const record = await callRecordModel(c.tenant.db).findByPk(id, { raw: true });
  if (!record) fail('body.callRecordId', '通话记录不存在');
  if (record!.ticket_id !== null)
    throw new AppError('CONFLICT', '该通话已关联其他工单', [{ field: 'body.callRecordId', message: '该通话已关联其他工单' }]);
  return record!;
}

const fail = (field: string, message: string): never => {
  throw new AppError('VALIDATION_FAILED', '提交的数据有误', [{ field, message }]);
};

function rowValues(c: IntakeCtx, body: TicketIntakeBody, type: TicketTypeItem, party: IntakeParty) {
  const skipLevel = Boolean(body.skipLevel) || type.code === SKIP_LEVEL_TYPE;
  return {
    type_code: type.code,
    category_code: body.categoryCode ?? null,
    urgency: body.urgency,
    source: body.source,
    status: skipLevel ? ('skip_level' as const) : ('pending_dispatch' as const),
    priority: priorityOf(body.urgency),
    title: body.title,
    description: body.description ?? null,
    customer_id: party.customer?.id ?? null,
    house_id: party.house?.id ?? null,
    caller_phone: party.callerPhone,
    contact_name: body.contactName ?? party.customer?.name ?? null,
    contact_phone: body.contactPhone ?? party.callerPhone ?? party.customerPhone,
    address: body.address ?? party.house?.address ?? null,
    station_id: body.stationId ?? null,
    worker_id: null,
    agent_id: c.user.id,
    skip_level: skipLevel,
    supervised: false,
    is_consultation: type.isConsultation,
    sla_flag: null,
    due_at: body.dueAt ? new Date(body.dueAt) : null,
    instance_key: null,
    version: 0,
  };
}

/**
 * Intake (受理), decision 0007. Order:
 * 1. every check (codes, station, the caller / customer / house) — nothing written yet;
 * 2. one tenant transaction: the day's number (counter row incremented first), the row, the
 *    `created` timeline entry, the audit record — committed;
 * 3. the processes (`ticket:<id>` business key) and, when asked, the supervision;
 * 4. if step 3 fails, the row is taken back (row and timeline deleted, an audit record says why,
 *    a started instance cancelled) and the error answers — no ticket without its process.
 */
export async function intakeTicket(c: IntakeCtx, body: TicketIntakeBody): Promise<TicketView> {
  const type = await checkCodes(c, body);
  const party = await resolveParty(c.tenant, body, fail);
  const answers = await checkIntakeForm(c.services, type.intakeFormId, body.formData, { isConsultation: type.isConsultation });
  const db = c.tenant.db;
  const call = body.callRecordId ? await callRecordOf(c, body.callRecordId) : null;
  const values = {
    ...rowValues(c, body, type, party),
    form_id: answers.formId,
    form_version: answers.formVersion,
    form_data: answers.formData === null ? null : JSON.stringify(answers.formData),
  };
  const actor: AuditActor = { id: c.user.id, name: c.user.displayName, requestId: c.requestId, ip: c.req.ip ?? null };
  const now = new Date();
  const day = shanghaiDay(now);
  await ensureCounterRow(db, day);

  // IMMEDIATE on SQLite: the write lock is taken at BEGIN (queued by the busy timeout) rather than at
  // the first write, where a deferred transaction could meet another writer and fail at once; a
  // transaction that still meets a busy database or a broken deadlock is retried as a whole.
  const txOptions = db.getDialect() === 'sqlite' ? { type: Transaction.TYPES.IMMEDIATE } : {};
  const row = await withBusyRetry(
    () =>
      serializeSqliteWrites(db, () =>
        db.transaction(txOptions, async (tx) => {
          const ticketNo = await nextTicketNo(db, c.tenant.code, day, tx);
          const created = await ticketModel(db).create(
            { ...values, ticket_no: ticketNo, created_at: now, updated_at: now },
            { transaction: tx },
          );
          await ticketEventModel(db).create(
            {
              ticket_id: created.id,
              kind: 'created',
              actor_id: c.user.id,
              actor_name: c.user.displayName,
              reason: null,
              data: JSON.stringify({
                typeCode: type.code,
                urgency: body.urgency,
                source: body.source,
                agreedDueAt: body.dueAt ?? null,
                ...(answers.formId && { formId: answers.formId, formVersion: answers.formVersion }),
              }),
              task_key: null,
              created_at: now,
            },
            { transaction: tx },
          );
          await writeAudit(db, tx, actor, {
            action: 'ticket.create',
            entityType: 'ticket',
            entityId: created.id,
            orgId: c.tenant.subsidiaryId,
            after: created.get({ plain: true }),
          });
          if (call) {
            await linkCallToTicket(db, tx, call, created, { id: c.user.id, name: c.user.displayName }, 'body.callRecordId', now);
          }
          return created;
        }),
      ),
    10,
  );

  let instanceKey: string | null = null;
  try {
    const started = await startIntakeProcesses(c.services, c.tenant, type.processId, {
      ticketId: row.id,
      ticketNo: row.ticket_no,
      ticketType: type.code,
      urgency: body.urgency,
      source: body.source,
      stationId: body.stationId ?? null,
      skipLevel: values.skip_level,
      isConsultation: type.isConsultation,
      priority: values.priority,
      agentId: c.user.id,
      startedAt: now.toISOString(),
      agreedDueAt: body.dueAt ?? null,
    });
    instanceKey = started.ticketInstanceKey;
    await ticketModel(db).update({ instance_key: instanceKey }, { where: { id: row.id } });
    if (body.supervised && body.supervision) {
      await superviseTicket(c.services, c.tenant, {
        ticketId: row.id,
        ticketInstanceKey: instanceKey,
        requirement: body.supervision.requirement,
        deadline: body.supervision.deadline,
        orderedBy: c.user.id,
      });
      await ticketModel(db).update({ supervised: true }, { where: { id: row.id } });
    }
  } catch (err) {
    await takeBack(c, row, instanceKey, actor, err);
    throw err;
  }
  const fresh = (await ticketModel(db).findByPk(row.id))!;
  return toTicketView(fresh, type.name);
}

/** Undo an intake whose processes did not start: no half-created ticket stays behind. */
async function takeBack(c: IntakeCtx, row: Ticket, instanceKey: string | null, actor: AuditActor, cause: unknown): Promise<void> {
  const db = c.tenant.db;
  try {
    if (instanceKey) {
      await c.services.engine.cancelInstance(c.tenant.code, instanceKey).catch(() => undefined);
      await c.services.sla.stop(c.tenant.code, row.id).catch(() => undefined);
    }
    await db.transaction(async (tx) => {
      await ticketEventModel(db).destroy({ where: { ticket_id: row.id }, transaction: tx });
      await callRecordModel(db).update({ ticket_id: null }, { where: { ticket_id: row.id }, transaction: tx });
      await ticketModel(db).destroy({ where: { id: row.id }, transaction: tx });
      await writeAudit(db, tx, actor, {
        action: 'ticket.create.rollback',
        entityType: 'ticket',
        entityId: row.id,
        orgId: c.tenant.subsidiaryId,
        before: row.get({ plain: true }),
        reason: `流程启动失败：${(cause as Error)?.message ?? String(cause)}`.slice(0, 500),
      });
    });
  } catch (err) {
    c.services.logger.error({ err, ticketId: row.id }, 'ticket intake: taking back a ticket whose processes failed to start failed');
  }
}
