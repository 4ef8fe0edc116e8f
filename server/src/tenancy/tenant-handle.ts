import type { Sequelize } from 'sequelize';

/** One subsidiary's database, as a request sees it. */
export interface TenantHandle {
  subsidiaryId: number;
  code: string;
  name: string;
  /** Landline area code used to normalise local phone numbers (e.g. 0431). */
  areaCode: string | null;
  db: Sequelize;
}
