import {
  pageOf,
  subsidiaryParams,
  taskCompleteBody,
  taskCompleteResult,
  taskDetail,
  taskItem,
  taskListQuery,
  taskParams,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { claimTask, completeTask, getTaskDetail, listMyTasks, withTicketNumbers } from './task.service.js';

const base = '/subsidiaries/:subsidiaryId/tasks';

/** User tasks of a subsidiary's process instances (engine tenant = the subsidiary code). */
export const taskRoutes = [
  defineRoute({
    id: 'tasks.list',
    method: 'get',
    path: base,
    summary: '我的待办任务（分配给我的，以及我所在候选组中尚未认领的）',
    tag: 'tasks',
    access: 'task:work',
    params: subsidiaryParams,
    query: taskListQuery,
    response: pageOf(taskItem),
    handler: async ({ services, tenant, user, query }) =>
      withTicketNumbers(tenant!, await listMyTasks(services, tenant!.code, user, query)),
  }),

  defineRoute({
    id: 'tasks.get',
    method: 'get',
    path: `${base}/:taskKey`,
    summary: '任务详情：任务、表单（form-js）与表单所需的流程变量',
    tag: 'tasks',
    access: 'task:work',
    params: taskParams,
    response: taskDetail,
    handler: ({ services, tenant, user, params }) => getTaskDetail(services, tenant!.code, user, params.taskKey),
  }),

  defineRoute({
    id: 'tasks.claim',
    engine: true,
    method: 'post',
    path: `${base}/:taskKey/claim`,
    summary: '认领任务（候选组中尚未认领的任务）',
    tag: 'tasks',
    access: 'task:work',
    params: taskParams,
    response: taskItem,
    handler: ({ services, tenant, user, params, audit }) => claimTask(services, tenant!.code, user, params.taskKey, audit),
  }),

  defineRoute({
    id: 'tasks.complete',
    engine: true,
    method: 'post',
    path: `${base}/:taskKey/complete`,
    summary: '办理任务：按任务表单校验提交的数据（不合格返回 422 FORM_INVALID 及字段问题，任务不变），通过后完成任务',
    tag: 'tasks',
    access: 'task:work',
    params: taskParams,
    body: taskCompleteBody,
    response: taskCompleteResult,
    handler: ({ services, tenant, user, params, body, audit }) =>
      completeTask(services, tenant!.code, user, params.taskKey, body.data, audit),
  }),
];
