import type { Services } from '../../services.js';

/** Group-wide configuration (calendars, SLA rules, default chains) is audited under the group root. */
export const groupRootOrgId = async (services: Services): Promise<number | null> =>
  (await services.orgs.all()).find((o) => o.parent_id === null)?.id ?? null;
