import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';
import { APPROVAL_TASK, startTask } from './task-samples.js';

/** A fresh open approval task in the target subsidiary (candidate group `subsidiary-approver`). */
const freshTask = (env: FixtureEnv) => startTask(env.server.services.engine, env.target.code, APPROVAL_TASK, { note: `审批${env.marker}` });

/**
 * Task routes: every fixture deploys a one-task model into the target subsidiary's engine tenant
 * and starts an instance, so each request meets a fresh open task.
 */
export const taskFixtures: RouteFixtures = {
  'tasks.list': async (env) => {
    await freshTask(env);
    return { path: `/api/subsidiaries/${env.target.id}/tasks?processId=${APPROVAL_TASK.processId}&pageSize=200` };
  },
  'tasks.get': async (env) => ({ path: `/api/subsidiaries/${env.target.id}/tasks/${(await freshTask(env)).taskKey}` }),
  'tasks.claim': async (env) => ({ path: `/api/subsidiaries/${env.target.id}/tasks/${(await freshTask(env)).taskKey}/claim` }),
  'tasks.complete': async (env) => ({
    path: `/api/subsidiaries/${env.target.id}/tasks/${(await freshTask(env)).taskKey}/complete`,
    body: { data: { decision: 'approve' } },
  }),
};
