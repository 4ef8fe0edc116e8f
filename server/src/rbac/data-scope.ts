import { AppError } from '../core/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { OrgRegistry } from '../tenancy/org-registry.js';

/**
 * Org-subtree data scope: a user sees and changes org-owned records (org units, users, audit)
 * of their own org unit and below. Records outside answer NOT_FOUND, so their existence is not leaked.
 */
export async function assertOrgInScope(orgs: OrgRegistry, user: AuthUser, orgId: number, what = '记录') {
  if (!(await orgs.isWithin(orgId, user.orgId))) throw new AppError('NOT_FOUND', `${what}不存在`);
}

export async function isOrgInScope(orgs: OrgRegistry, user: AuthUser, orgId: number) {
  return orgs.isWithin(orgId, user.orgId);
}
