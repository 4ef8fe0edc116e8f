import { PERMISSION_CODES, PERMISSIONS, type Permission } from '@warmline/contracts';
import type { AuthUser } from '../../auth/auth-user.js';
import { AppError } from '../../core/app-error.js';
import { parsePermissions, type RoleRow } from './role.model.js';

const ORDER = new Map<string, number>(PERMISSION_CODES.map((p, i) => [p, i]));

/** Known permission codes, deduplicated, in the catalogue's order. */
export function normalisePermissions(codes: readonly string[]): Permission[] {
  return [...new Set(codes)].filter((c): c is Permission => ORDER.has(c)).sort((a, b) => ORDER.get(a)! - ORDER.get(b)!);
}

/** The union of the permissions of some roles. */
export function permissionsOf(roles: readonly Pick<RoleRow, 'permissions'>[]): Set<Permission> {
  return new Set(roles.flatMap((r) => normalisePermissions(parsePermissions(r.permissions))));
}

/** The permissions in `wanted` the caller does not hold (empty: nothing is escalated). */
export function beyondCaller(user: AuthUser, wanted: Iterable<string>): string[] {
  return [...new Set(wanted)].filter((p) => !user.permissions.has(p as Permission));
}

/**
 * No privilege escalation: a caller may only hand out (to a role or a user) permissions they hold.
 * `what` names the thing being granted, for the message.
 */
export function assertWithinCaller(user: AuthUser, wanted: Iterable<string>, what: string): void {
  const extra = beyondCaller(user, wanted);
  if (extra.length === 0) return;
  const names = extra.map((p) => PERMISSIONS[p as Permission] ?? p).join('、');
  throw new AppError('FORBIDDEN', `${what}包含您没有的权限（${names}），不能授予`);
}
