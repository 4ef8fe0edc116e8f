import type { ProcessEngine, UserTask } from '@warmline/engine';
import type { AuthUser } from '../../auth/auth-user.js';
import { AppError, conflict, forbidden } from '../../core/app-error.js';
import type { OrgRegistry } from '../../tenancy/org-registry.js';
import { taskGroupsOf } from './task-groups.js';

export type TaskUser = Pick<AuthUser, 'id' | 'displayName' | 'orgId' | 'subsidiaryId' | 'roles'>;

/** Who the user is to the engine: their id as the assignee string, and their candidate groups. */
export interface TaskIdentity {
  assignee: string;
  groups: string[];
}

export async function identityOf(user: TaskUser, orgs: Pick<OrgRegistry, 'get'>): Promise<TaskIdentity> {
  return { assignee: String(user.id), groups: await taskGroupsOf(user, orgs) };
}

/** The user is a candidate: one of their groups, or named among the candidate users. */
export const isCandidate = (task: UserTask, who: TaskIdentity) =>
  task.candidateGroups.some((g) => who.groups.includes(g)) || task.candidateUsers.includes(who.assignee);

/** May work on it now: assigned to the user, or unassigned with the user a candidate. */
export const mayWork = (task: UserTask, who: TaskIdentity) =>
  task.assignee === who.assignee || (task.assignee === null && isCandidate(task, who));

/** May look at it: works on it, or is a candidate (also while a colleague holds it). */
export const mayView = (task: UserTask, who: TaskIdentity) => task.assignee === who.assignee || isCandidate(task, who);

/** One user task of a tenant by key, in any state (the engine's lookup by key), or 404. */
export async function findTask(engine: ProcessEngine, tenantId: string, taskKey: string): Promise<UserTask> {
  const task = await engine.getUserTask(tenantId, taskKey);
  if (!task) throw new AppError('NOT_FOUND', '任务不存在');
  return task;
}

/** The task, open, and the user allowed to work on it — or 404 / 409 (not open) / 403 (someone else's). */
export async function workableTask(engine: ProcessEngine, tenantId: string, taskKey: string, who: TaskIdentity): Promise<UserTask> {
  const task = await findTask(engine, tenantId, taskKey);
  if (task.state !== 'created') throw conflict(task.state === 'completed' ? '任务已办结，不能再次办理' : '任务已取消，不能办理');
  if (!mayWork(task, who)) {
    throw forbidden(task.assignee !== null && isCandidate(task, who) ? '任务已由他人认领，您不能办理' : '您不是此任务的办理人');
  }
  return task;
}
