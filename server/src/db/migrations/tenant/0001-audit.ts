import type { MigrationFn } from '../../migrator.js';
import { auditTable } from '../shared/audit-table.js';

export const up: MigrationFn = async ({ qi }) => {
  await auditTable(qi);
};
