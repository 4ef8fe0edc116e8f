import { GROUP_TENANT } from '@warmline/engine';
import { ownershipRefusal } from '../process-definitions/process-deploy.rules.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { AppError, forbidden } from '../../core/app-error.js';
import type { Services } from '../../services.js';

/**
 * Whose drafts a user works on — the deploy rule (docs/decisions/0006): group staff the group's
 * (`<default>`), a subsidiary's users their own subsidiary's (its code). Division staff have none.
 */
export interface DraftOwner {
  key: string;
  /** The subsidiary's org id; null for the group. */
  subsidiaryId: number | null;
  /** The org unit the audit records belong to (the group root for group drafts). */
  auditOrgId: number;
}

export async function draftOwnerOf(services: Services, user: AuthUser): Promise<DraftOwner | undefined> {
  if (user.subsidiaryId !== null) {
    const sub = await services.orgs.get(user.subsidiaryId);
    return sub?.code ? { key: sub.code, subsidiaryId: sub.id, auditOrgId: sub.id } : undefined;
  }
  const org = await services.orgs.get(user.orgId);
  return org?.type === 'group' ? { key: GROUP_TENANT, subsidiaryId: null, auditOrgId: org.id } : undefined;
}

/** The owner a change goes to; 403 for users without one (division staff). */
export async function changingOwnerOf(services: Services, user: AuthUser): Promise<DraftOwner> {
  const owner = await draftOwnerOf(services, user);
  if (!owner) throw forbidden('只有集团或分公司的用户可以保存流程草稿');
  return owner;
}

/** 403 when the owner may not deploy `processId` — a draft of it could never be deployed by them. */
export function assertMayDraft(processId: string, owner: DraftOwner): void {
  const refusal = ownershipRefusal(processId, owner.key);
  if (refusal) throw new AppError('FORBIDDEN', `不能保存此草稿：${refusal.message}`, refusal.details);
}
