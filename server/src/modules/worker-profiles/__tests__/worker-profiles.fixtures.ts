import type { RouteFixtures } from '../../../testing/index.js';
import { fixtureTicket } from '../../tickets/__tests__/ticket-read-side.helpers.js';

/** Worker profiles of the target's repair worker, and suggestions for a fresh ticket at the target's station. */
export const workerProfileFixtures: RouteFixtures = {
  'workerProfiles.get': async (env) => ({ path: `/api/subsidiaries/${env.target.id}/worker-profiles/${env.target.userIds.repair_worker}` }),
  'workerProfiles.put': async (env) => ({
    path: `/api/subsidiaries/${env.target.id}/worker-profiles/${env.target.userIds.repair_worker}`,
    body: { skills: ['heating_repair', 'valve_replacement'], areaNodeIds: [], onDuty: true, reason: `档案维护${env.marker}` },
  }),
  'tickets.assignmentSuggestions': async (env) => ({
    path: `/api/subsidiaries/${env.target.id}/tickets/${(await fixtureTicket(env)).id}/assignment-suggestions`,
  }),
};
