import type { DataScope, Permission } from '@warmline/contracts';

/** The signed-in user as every route sees it. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  /** The subsidiary whose database holds this user's data; null for group and division staff. */
  subsidiaryId: number | null;
  roles: { code: string; name: string }[];
  permissions: ReadonlySet<Permission>;
  dataScope: DataScope;
  tokenHash: string;
}
