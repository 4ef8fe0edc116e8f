import { createGroupEngineTables } from '@warmline/engine';
import type { MigrationFn } from '../../migrator.js';

/** Deployed process definitions (all tenants' and group-wide), owned by the engine package. */
export const up: MigrationFn = async ({ qi }) => {
  await createGroupEngineTables(qi);
};
