import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/**
 * Which permission codes each builtin role has already been given by a product version, so a newer
 * version adds its new codes once — and a code an administrator took away stays away.
 */
export const up: MigrationFn = async ({ qi }) => {
  await qi.createTable('builtin_role_grants', {
    role_code: { ...col.str(64), primaryKey: true },
    permission_code: { ...col.str(64), primaryKey: true },
    granted_at: col.date(false),
  });
};
