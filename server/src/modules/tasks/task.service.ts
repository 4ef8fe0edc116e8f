import type { UserTask } from '@warmline/engine';
import { formVariableNames, validateSubmission, type FormSchema } from '@warmline/forms';
import type { ErrorDetail, Page, TaskDetail, TaskItem } from '@warmline/contracts';
import type { AuditEntry } from '../../audit/audit.types.js';
import { writeAudit } from '../../audit/audit.writer.js';
import { AppError, conflict, forbidden } from '../../core/app-error.js';
import type { Services } from '../../services.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { ticketModel } from '../tickets/ticket.model.js';
import { findTask, identityOf, mayView, workableTask, type TaskUser } from './task-access.js';
import { resolveForm } from '../forms/form.service.js';

type Audit = (entry: AuditEntry) => Promise<void>;

export interface TaskListFilter {
  elementId?: string;
  processId?: string;
  instanceKey?: string;
  page: number;
  pageSize: number;
}

const text = (v: unknown, max = 1000): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);
const positiveInt = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
};

export const toTaskItem = (t: UserTask): TaskItem => ({
  taskKey: t.taskKey,
  instanceKey: t.instanceKey,
  processId: t.processId,
  elementId: t.elementId,
  name: t.name,
  state: t.state,
  assignee: t.assignee,
  candidateGroups: t.candidateGroups,
  formId: t.formId,
  dueDate: t.dueDate,
  priority: t.priority,
  createdAt: t.createdAt,
  ticketId: positiveInt(t.variables.ticketId),
  ticketNo: text(t.variables.ticketNo, 32),
  ticketType: text(t.variables.ticketType, 64),
  operation: text(t.variables.operation, 64),
  requestReason: text(t.variables.requestReason),
});

/**
 * The form of a task: none when it names no form; else its current stored version (an edit is live
 * at once, docs/decisions/0012); a missing form is a deployment error (409).
 */
async function formOf(services: Services, task: UserTask): Promise<FormSchema | null> {
  if (!task.formId) return null;
  const form = await resolveForm(services, task.formId);
  if (!form) throw conflict(`任务表单 ${task.formId.slice(0, 100)} 不存在，无法办理此任务`);
  return form.schema;
}

/** The user's open tasks in one tenant: assigned to them, or unassigned in one of their candidate groups. */
export async function listMyTasks(services: Services, tenantId: string, user: TaskUser, f: TaskListFilter): Promise<Page<TaskItem>> {
  const who = await identityOf(user, services.orgs);
  const base = { tenantId, state: 'created' as const, elementId: f.elementId, instanceKey: f.instanceKey };
  const found = await Promise.all([
    services.engine.searchUserTasks({ ...base, assignee: who.assignee }),
    ...who.groups.map((g) => services.engine.searchUserTasks({ ...base, candidateGroup: g })),
    services.engine.searchUserTasks({ ...base, candidateUser: who.assignee }),
  ]);
  const byKey = new Map<string, UserTask>();
  for (const t of found.flat()) {
    const mine = t.assignee === who.assignee || (t.assignee === null && mayView(t, who));
    if (mine && (!f.processId || t.processId === f.processId)) byKey.set(t.taskKey, t);
  }
  const all = [...byKey.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.taskKey.localeCompare(b.taskKey));
  const start = (f.page - 1) * f.pageSize;
  return { items: all.slice(start, start + f.pageSize).map(toTaskItem), total: all.length, page: f.page, pageSize: f.pageSize };
}

/**
 * Tasks that know their ticket only by id (a supervision round, a subsidiary's own process) get the
 * ticket's number and type from the tenant's `tickets` rows, so every row of 我的待办 can name it.
 */
export async function withTicketNumbers(tenant: Pick<TenantHandle, 'db'>, page: Page<TaskItem>): Promise<Page<TaskItem>> {
  const missing = [...new Set(page.items.filter((t) => t.ticketId !== null && (!t.ticketNo || !t.ticketType)).map((t) => t.ticketId!))];
  if (missing.length === 0) return page;
  const rows = await ticketModel(tenant.db).findAll({ where: { id: missing }, attributes: ['id', 'ticket_no', 'type_code'] });
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const items = page.items.map((t) => {
    const row = t.ticketId === null ? undefined : byId.get(t.ticketId);
    return row ? { ...t, ticketNo: t.ticketNo ?? row.ticket_no, ticketType: t.ticketType ?? row.type_code } : t;
  });
  return { ...page, items };
}

/** A task the user may see, with its form and the process variables the form reads. */
export async function getTaskDetail(services: Services, tenantId: string, user: TaskUser, taskKey: string): Promise<TaskDetail> {
  const who = await identityOf(user, services.orgs);
  const task = await findTask(services.engine, tenantId, taskKey);
  if (!mayView(task, who)) throw forbidden('您不是此任务的办理人');
  const form = await formOf(services, task);
  const variables: Record<string, unknown> = {};
  for (const name of form ? formVariableNames(form) : []) {
    if (Object.prototype.hasOwnProperty.call(task.variables, name)) variables[name] = task.variables[name];
  }
  return { ...toTaskItem(task), form, variables };
}

/** Take an unassigned task of one of the user's groups (idempotent for the user who holds it). */
export async function claimTask(services: Services, tenantId: string, user: TaskUser, taskKey: string, audit: Audit): Promise<TaskItem> {
  const who = await identityOf(user, services.orgs);
  const task = await findTask(services.engine, tenantId, taskKey);
  if (task.state !== 'created') throw conflict(task.state === 'completed' ? '任务已办结，不能认领' : '任务已取消，不能认领');
  const alreadyHeld = task.assignee === who.assignee;
  if (!alreadyHeld) {
    if (!mayView(task, who)) throw forbidden('您不是此任务的候选办理人');
    if (task.assignee !== null) throw conflict('任务已由他人认领');
    await services.engine.assignUserTask(tenantId, taskKey, who.assignee);
  }
  // A repeated claim by the holder changes nothing but is still recorded (every mutating call is audited).
  await audit({
    action: 'task.claim',
    entityType: 'task',
    entityId: taskKey,
    after: { processId: task.processId, elementId: task.elementId, instanceKey: task.instanceKey, assignee: who.assignee, alreadyHeld },
  });
  return toTaskItem({ ...task, assignee: who.assignee });
}

/** The form's refusal as the API error: one detail per field, `body.data.<key>`. */
function formInvalid(errors: { field: string; message: string }[]): AppError {
  const details: ErrorDetail[] = errors.map((e) => ({ field: e.field ? `body.data.${e.field}` : 'body.data', message: e.message }));
  return new AppError('FORM_INVALID', `提交的表单有 ${details.length} 处问题，任务未办理`, details);
}

/** An audit writer for callers outside a request (workers, scenario tests): the tenant's log, no transaction. */
async function tenantAudit(services: Services, tenantId: string, user: TaskUser): Promise<Audit> {
  const sub = (await services.orgs.all()).find((o) => o.type === 'subsidiary' && o.code === tenantId);
  if (!sub) throw new AppError('NOT_FOUND', '分公司不存在');
  const { db } = await services.tenants.byId(sub.id);
  return (entry) => writeAudit(db, undefined, { id: user.id, name: user.displayName, requestId: null, ip: null }, entry);
}

/**
 * Complete a user task as `user` with the data of its form. The task must be open (409) and the
 * user's to work on (403); the data must pass the task's form (422 FORM_INVALID with one detail per
 * field) — otherwise nothing changes. Then the engine completes the task with the cleaned values
 * (hidden and read-only fields removed) and an audit record keeps who, which task and the data.
 * `tenantId` is the subsidiary code. Without `audit` the record goes straight to the tenant's log.
 */
export async function completeTask(
  services: Services,
  tenantId: string,
  user: TaskUser,
  taskKey: string,
  data: unknown,
  audit?: Audit,
): Promise<{ taskKey: string; variables: Record<string, unknown> }> {
  const who = await identityOf(user, services.orgs);
  const task = await workableTask(services.engine, tenantId, taskKey, who);
  const form = (await formOf(services, task)) ?? { type: 'default' as const, id: '(none)', schemaVersion: 19, components: [] };
  const result = validateSubmission(form, data, task.variables);
  if (!result.ok) throw formInvalid(result.errors);
  try {
    await services.engine.completeUserTask(tenantId, taskKey, result.values);
  } catch (err) {
    if (/not open/.test((err as Error)?.message ?? '')) throw conflict('任务已办结或已取消，不能再次办理');
    throw err;
  }
  await (audit ?? (await tenantAudit(services, tenantId, user)))({
    action: 'task.complete',
    entityType: 'task',
    entityId: taskKey,
    after: {
      processId: task.processId,
      elementId: task.elementId,
      instanceKey: task.instanceKey,
      formId: task.formId,
      data: result.values,
    },
  });
  return { taskKey, variables: result.values };
}
