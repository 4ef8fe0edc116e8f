import { QueryTypes } from 'sequelize';
import type { Services } from '../../services.js';
import { usersInTaskGroup, type GroupMember } from '../tasks/task-groups.js';

/** A user a notification goes to: the id, and the mobile number SMS needs. */
export interface Recipient {
  id: number;
  mobile: string | null;
}

const toRecipient = (m: Pick<GroupMember, 'id' | 'mobile'>): Recipient => ({ id: m.id, mobile: m.mobile });

/** Users of the subsidiary's candidate groups (decision 0004), e.g. `station:12` → that station's heads. */
export async function membersOfGroups(services: Services, subsidiaryId: number, groups: string[]): Promise<Recipient[]> {
  const out: Recipient[] = [];
  for (const g of groups) out.push(...(await usersInTaskGroup(services.dbs.group, services.orgs, subsidiaryId, g)).map(toRecipient));
  return out;
}

/**
 * Enabled users holding one of `roles`: placed in the subsidiary's subtree (`within`), or in the group
 * or division nodes above it (`above`, e.g. group leaders).
 */
export async function usersWithRoles(
  services: Services,
  subsidiaryId: number,
  roles: string[],
  where: 'within' | 'above',
): Promise<Recipient[]> {
  const sub = await services.orgs.get(subsidiaryId);
  if (!sub || roles.length === 0) return [];
  const aboveIds = new Set(
    sub.path
      .split('/')
      .filter(Boolean)
      .map(Number)
      .filter((id) => id !== sub.id),
  );
  const orgIds = (await services.orgs.all())
    .filter((o) => (where === 'within' ? o.path.startsWith(sub.path) : aboveIds.has(o.id)))
    .map((o) => o.id);
  if (orgIds.length === 0) return [];
  const rows = await services.dbs.group.query<{ id: number; mobile: string | null }>(
    `SELECT DISTINCT u.id, u.mobile FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
      WHERE u.enabled = ? AND r.code IN (${roles.map(() => '?').join(',')}) AND u.org_id IN (${orgIds.map(() => '?').join(',')})`,
    { replacements: [true, ...roles, ...orgIds], type: QueryTypes.SELECT },
  );
  return rows.map(toRecipient);
}

/** Users by id (enabled only), e.g. the assigned worker or the intake agent. */
export async function usersByIds(services: Services, ids: (number | null | undefined)[]): Promise<Recipient[]> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number' && Number.isInteger(id) && id > 0))];
  if (wanted.length === 0) return [];
  return services.dbs.group.query<Recipient>(
    `SELECT id, mobile FROM users WHERE enabled = ? AND id IN (${wanted.map(() => '?').join(',')})`,
    { replacements: [true, ...wanted], type: QueryTypes.SELECT },
  );
}

/** One recipient per user id, first occurrence kept. */
export function uniqueRecipients(lists: Recipient[][]): Recipient[] {
  const seen = new Map<number, Recipient>();
  for (const r of lists.flat()) if (!seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()];
}
