import { Op, QueryTypes } from 'sequelize';
import { TICKET_EVENT_KIND_LABELS, TICKET_STATUS_LABELS, type TicketTimeline, type TicketTimelineEntry } from '@warmline/contracts';
import { notFound } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { userModel } from '../users/user.model.js';
import { ticketAttachmentModel, type TicketAttachment } from './ticket-attachment.model.js';
import { ticketEventModel, type TicketEvent } from './ticket-event.model.js';
import { ticketModel } from './ticket.model.js';
import type { TicketScope } from './ticket-scope.js';
import { assertTicketInScope } from './ticket-scope.check.js';

const OPERATION_LABELS: Record<string, string> = {
  delay: '延时',
  return: '退回',
  void: '作废',
  redispatch: '二次派单',
  cancel: '取消',
  closeWithoutCallback: '免回访处结',
};
const LEVEL_LABELS: Record<string, string> = { station: '站部', subsidiary: '分公司', group: '集团' };

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

function parse(data: string | null): Record<string, unknown> | null {
  if (!data) return null;
  try {
    const v = JSON.parse(data) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { text: data };
  }
}

/** One line in Chinese for lists and the print view. */
function summaryOf(e: TicketEvent, data: Record<string, unknown> | null): string {
  const label = TICKET_EVENT_KIND_LABELS[e.kind] ?? e.kind;
  const op = OPERATION_LABELS[str(data?.operation) ?? ''] ?? '';
  const level = LEVEL_LABELS[str(data?.level) ?? ''] ?? '';
  switch (e.kind) {
    case 'task_created':
      return `待办：${str(data?.taskName) ?? str(data?.elementId) ?? ''}`;
    case 'approval_requested':
      return `提交${op}审批${level ? `（${level}）` : ''}`;
    case 'approval_decided':
      return `${level}${op}审批${data?.decision === 'approve' ? '同意' : '驳回'}`;
    case 'call_linked':
      return `关联${data?.direction === 'outbound' ? '去电' : '来电'}：${str(data?.callerNumber) ?? ''}`;
    case 'sla_flag':
      return data?.flag === 'red' ? '已超时（红色预警）' : data?.flag === 'yellow' ? '即将超时（黄色预警）' : '时限预警解除';
    default:
      return e.reason ? `${label}：${e.reason}` : label;
  }
}

/**
 * Who completed the tasks of projected entries: the tenant's audit records of `task.complete`
 * (written by the task API in the completing request), by task key.
 */
async function completions(db: TenantHandle['db'], taskKeys: string[]) {
  const out = new Map<string, { id: number | null; name: string | null; at: string }>();
  if (taskKeys.length === 0) return out;
  const rows = await db.query<{ entity_id: string; actor_id: number | null; actor_name: string | null; at: Date | string }>(
    `SELECT entity_id, actor_id, actor_name, at FROM audit_logs WHERE entity_type = 'task' AND action = 'task.complete' AND entity_id IN (${taskKeys.map(() => '?').join(', ')})`,
    { replacements: taskKeys, type: QueryTypes.SELECT },
  );
  for (const r of rows) out.set(r.entity_id, { id: num(r.actor_id), name: r.actor_name, at: iso(r.at)! });
  return out;
}

function attachmentMeta(a: TicketAttachment, names: Map<number, string>) {
  return {
    id: Number(a.id),
    eventId: num(a.event_id),
    kind: a.kind,
    fileName: a.file_name,
    mime: a.mime,
    size: Number(a.size),
    sha256: a.sha256,
    takenAt: iso(a.taken_at),
    latitude: num(a.latitude),
    longitude: num(a.longitude),
    uploadedBy: Number(a.uploaded_by),
    uploadedByName: names.get(Number(a.uploaded_by)) ?? null,
    createdAt: iso(a.created_at)!,
  };
}

/**
 * The ticket's whole timeline in order (decision 0007): every entry with its operator, time, kind
 * and label, reason, data and attachments; the approvals and linked calls gathered; 403 outside the
 * user's scope.
 */
export async function getTimeline(services: Services, tenant: TenantHandle, scope: TicketScope, ticketId: number): Promise<TicketTimeline> {
  const ticket = await ticketModel(tenant.db).findByPk(ticketId);
  if (!ticket) throw notFound('工单');
  await assertTicketInScope(services, tenant, scope, ticket);
  const [events, attachments] = await Promise.all([
    ticketEventModel(tenant.db).findAll({ where: { ticket_id: ticketId }, order: [['id', 'ASC']] }),
    ticketAttachmentModel(tenant.db).findAll({ where: { ticket_id: ticketId }, order: [['id', 'ASC']] }),
  ]);
  const taskKeys = events
    .filter((e) => e.task_key && /^\d+$/.test(e.task_key) && (e.kind === 'task_created' || e.kind === 'approval_decided'))
    .map((e) => e.task_key!);
  const done = await completions(tenant.db, [...new Set(taskKeys)]);
  const uploaderIds = [...new Set(attachments.map((a) => Number(a.uploaded_by)))];
  const uploaders = uploaderIds.length
    ? await userModel(services.dbs.group).findAll({
        where: { id: { [Op.in]: uploaderIds } },
        attributes: ['id', 'display_name'],
        raw: true,
      })
    : [];
  const uploaderNames = new Map(uploaders.map((u) => [Number(u.id), u.display_name]));
  const metas = attachments.map((a) => attachmentMeta(a, uploaderNames));

  const entries: TicketTimelineEntry[] = events.map((e) => {
    let data = parse(e.data);
    const completion = e.task_key ? done.get(e.task_key) : undefined;
    let operatorId = num(e.actor_id);
    let operatorName = e.actor_name;
    if (e.kind === 'approval_decided' && completion && operatorName === null) {
      operatorId = completion.id;
      operatorName = completion.name;
    }
    // A step of the process: who then did it, and when.
    if (e.kind === 'task_created' && completion) data = { ...data, handledBy: completion };
    return {
      id: Number(e.id),
      kind: e.kind,
      kindLabel: TICKET_EVENT_KIND_LABELS[e.kind] ?? e.kind,
      summary: summaryOf(e, data),
      operatorId,
      operatorName,
      at: iso(e.created_at)!,
      reason: e.reason,
      data,
      taskKey: e.task_key,
      attachments: metas.filter((a) => a.eventId === Number(e.id)),
    };
  });

  return {
    ticket: {
      id: Number(ticket.id),
      ticketNo: ticket.ticket_no,
      title: ticket.title,
      typeCode: ticket.type_code,
      status: ticket.status,
      statusLabel: TICKET_STATUS_LABELS[ticket.status] ?? ticket.status,
      createdAt: iso(ticket.created_at)!,
      closedAt: iso(ticket.closed_at),
    },
    entries,
    approvals: entries
      .filter((e) => e.kind === 'approval_requested' || e.kind === 'approval_decided')
      .map((e) => ({
        eventId: e.id,
        kind: e.kind as 'approval_requested' | 'approval_decided',
        operation: str(e.data?.operation),
        level: str(e.data?.level),
        decision: str(e.data?.decision),
        comment: str(e.data?.comment),
        operatorName: e.operatorName,
        at: e.at,
      })),
    calls: entries
      .filter((e) => e.data && (typeof e.data.callId === 'string' || typeof e.data.callId === 'number'))
      .map((e) => ({ eventId: e.id, callId: String(e.data!.callId), operatorName: e.operatorName, at: e.at })),
    attachments: metas,
  };
}
