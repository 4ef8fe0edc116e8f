import { createTenantEngineTables } from '@warmline/engine';
import type { MigrationFn } from '../../migrator.js';

/** The embedded engine's durable state of this subsidiary: instances, jobs, user tasks, timers, messages, incidents. */
export const up: MigrationFn = async ({ qi }) => {
  await createTenantEngineTables(qi);
};
