/** Shapes of the server answers the console's own screens read (contracts/src/auth.ts, contracts/src/pages.ts). */
export interface Me {
  id: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  subsidiaryId: number | null;
  roles: Array<{ code: string; name: string }>;
  permissions: string[];
}

export interface PageMenu {
  group: string;
  icon?: string;
  order: number;
}

export interface PageListItem {
  key: string;
  title: string;
  permission: string | null;
  menu: PageMenu | null;
  version: number;
  updatedAt: string;
}

export interface PageDetail extends PageListItem {
  schema: Record<string, unknown>;
  updatedBy: string | null;
}

export interface PageVersionItem {
  version: number;
  comment: string | null;
  createdAt: string;
  createdBy: string | null;
  source: 'shipped' | 'edited' | 'rollback';
}
