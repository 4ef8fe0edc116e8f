import { z } from 'zod';
import { idSchema, pagingQuery } from './common.js';

/** An engine user-task key (Zeebe's 64-bit keys, as decimal text). */
export const taskKeySchema = z.string().regex(/^\d{1,20}$/, '任务编号必须是数字');

export const taskParams = z.strictObject({ subsidiaryId: idSchema, taskKey: taskKeySchema });

/** GET /api/subsidiaries/:subsidiaryId/tasks — the caller's open tasks (assigned to them, or unassigned in their groups). */
export const taskListQuery = pagingQuery.extend({
  elementId: z.string().trim().min(1).max(255).optional(),
  processId: z.string().trim().min(1).max(255).optional(),
  instanceKey: taskKeySchema.optional(),
});

export const taskItem = z.object({
  taskKey: z.string(),
  instanceKey: z.string(),
  processId: z.string(),
  /** The BPMN element id, e.g. `dispatch`, `handle`. */
  elementId: z.string(),
  name: z.string(),
  state: z.enum(['created', 'completed', 'canceled']),
  assignee: z.string().nullable(),
  candidateGroups: z.array(z.string()),
  formId: z.string().nullable(),
  dueDate: z.string().nullable(),
  priority: z.number(),
  createdAt: z.string(),
  /** The ticket the task belongs to (its lifecycle, or an approval / supervision it started); null for other processes. */
  ticketId: z.number().int().nullable(),
  ticketNo: z.string().nullable(),
  /** The ticket type code. */
  ticketType: z.string().nullable(),
  /** Approval tasks: the operation asked for (`delay`, `return`, `void`, …, approval-chains). */
  operation: z.string().nullable(),
  /** Approval tasks: the applicant's reason. */
  requestReason: z.string().nullable(),
});
export type TaskItem = z.infer<typeof taskItem>;

/** GET …/tasks/:taskKey — the task, its form-js schema and the process variables the form reads. */
export const taskDetail = taskItem.extend({
  form: z.record(z.string(), z.unknown()).nullable(),
  variables: z.record(z.string(), z.unknown()),
});
export type TaskDetail = z.infer<typeof taskDetail>;

/** POST …/tasks/:taskKey/complete — the form's data (checked against the task's form on the server). */
export const taskCompleteBody = z.strictObject({
  data: z.record(z.string().max(64), z.unknown()),
});
export type TaskCompleteBody = z.infer<typeof taskCompleteBody>;

export const taskCompleteResult = z.object({
  taskKey: z.string(),
  /** The variables the completion set (the form's data, hidden and read-only fields removed). */
  variables: z.record(z.string(), z.unknown()),
});
