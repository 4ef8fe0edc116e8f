export { completeTask, claimTask, getTaskDetail, listMyTasks } from './task.service.js';
export { taskGroupsOf, TASK_GROUPS } from './task-groups.js';
export type { TaskUser } from './task-access.js';
