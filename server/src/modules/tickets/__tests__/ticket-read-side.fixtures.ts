import type { RouteFixtures } from '../../../testing/index.js';
import { fixtureTicket } from './ticket-read-side.helpers.js';

/** Pools and timeline: a fresh ticket of the target each time. */
export const ticketReadSideFixtures: RouteFixtures = {
  'ticketPools.counts': async (env) => {
    await fixtureTicket(env);
    return { path: `/api/subsidiaries/${env.target.id}/ticket-pools` };
  },
  'ticketPools.list': async (env) => {
    await fixtureTicket(env);
    return { path: `/api/subsidiaries/${env.target.id}/ticket-pools/assigned?sort=createdAt&order=desc&pageSize=5` };
  },
  'ticketPools.stations': async (env) => ({ path: `/api/subsidiaries/${env.target.id}/dispatch-stations` }),
  'tickets.timeline': async (env) => ({
    path: `/api/subsidiaries/${env.target.id}/tickets/${(await fixtureTicket(env)).id}/timeline`,
  }),
  'tickets.processView': async (env) => ({
    path: `/api/subsidiaries/${env.target.id}/tickets/${(await fixtureTicket(env)).id}/process`,
  }),
};
