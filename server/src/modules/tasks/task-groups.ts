import { QueryTypes, type Sequelize } from 'sequelize';
import type { AuthUser } from '../../auth/auth-user.js';
import type { OrgRegistry } from '../../tenancy/org-registry.js';

/** Candidate groups of the shipped process models (decision 0004). */
export const TASK_GROUPS = {
  agent: 'agent',
  station: (stationId: number) => `station:${stationId}`,
  subsidiaryApprover: 'subsidiary-approver',
  subsidiaryService: 'subsidiary-service',
  groupApprover: 'group-approver',
  groupService: 'group-service',
} as const;

type User = Pick<AuthUser, 'orgId' | 'subsidiaryId' | 'roles'>;

/**
 * The candidate groups a user works in (decision 0004): agent or supervisor of a subsidiary →
 * `agent`; station head of station N → `station:N`; subsidiary admin or supervisor →
 * `subsidiary-approver`, `subsidiary-service`; group admin, or a leader or supervisor placed at
 * group or division level → `group-approver`, `group-service`. A leader placed in a subsidiary
 * approves and follows up at subsidiary level (`subsidiary-approver`, `subsidiary-service`).
 */
export async function taskGroupsOf(user: User, orgs: Pick<OrgRegistry, 'get'>): Promise<string[]> {
  const roles = new Set(user.roles.map((r) => r.code));
  const inSubsidiary = user.subsidiaryId !== null;
  const groups = new Set<string>();
  const add = (...gs: string[]) => gs.forEach((g) => groups.add(g));

  if (inSubsidiary && (roles.has('agent') || roles.has('supervisor'))) add(TASK_GROUPS.agent);
  if (roles.has('station_head')) {
    const org = await orgs.get(user.orgId);
    if (org?.type === 'station') add(TASK_GROUPS.station(org.id));
  }
  if (inSubsidiary && (roles.has('subsidiary_admin') || roles.has('supervisor') || roles.has('leader'))) {
    add(TASK_GROUPS.subsidiaryApprover, TASK_GROUPS.subsidiaryService);
  }
  if (roles.has('group_admin') || (!inSubsidiary && (roles.has('leader') || roles.has('supervisor')))) {
    add(TASK_GROUPS.groupApprover, TASK_GROUPS.groupService);
  }
  return [...groups].sort();
}

/** A user as the candidate-group resolver sees them. */
export interface GroupMember {
  id: number;
  orgId: number;
  displayName: string;
  mobile: string | null;
  roles: string[];
}

/**
 * The inverse of `taskGroupsOf` for one subsidiary: the enabled users who work in `taskGroup` for
 * tasks of `subsidiaryId` — users placed in the subsidiary's subtree, plus group and division staff
 * above it (for `group-approver` / `group-service`). Each candidate is checked with `taskGroupsOf`
 * itself, so the two never disagree.
 */
export async function usersInTaskGroup(
  group: Sequelize,
  orgs: Pick<OrgRegistry, 'get' | 'all'>,
  subsidiaryId: number,
  taskGroup: string,
): Promise<GroupMember[]> {
  const sub = await orgs.get(subsidiaryId);
  if (!sub) return [];
  const all = await orgs.all();
  const above = new Set(sub.path.split('/').filter(Boolean).map(Number));
  const inScope = all.filter((o) => o.path.startsWith(sub.path) || above.has(o.id));
  if (inScope.length === 0) return [];
  const rows = await group.query<{ id: number; org_id: number; display_name: string; mobile: string | null; code: string }>(
    `SELECT u.id, u.org_id, u.display_name, u.mobile, r.code FROM users u
       JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
      WHERE u.enabled = ? AND u.org_id IN (${inScope.map(() => '?').join(',')})`,
    { replacements: [true, ...inScope.map((o) => o.id)], type: QueryTypes.SELECT },
  );
  const byId = new Map<number, GroupMember>();
  for (const r of rows) {
    const m = byId.get(r.id) ?? { id: r.id, orgId: r.org_id, displayName: r.display_name, mobile: r.mobile, roles: [] };
    m.roles.push(r.code);
    byId.set(r.id, m);
  }
  const out: GroupMember[] = [];
  for (const m of byId.values()) {
    const org = inScope.find((o) => o.id === m.orgId);
    const userSub = org && org.path.startsWith(sub.path) ? subsidiaryId : null;
    const groups = await taskGroupsOf(
      { orgId: m.orgId, subsidiaryId: userSub, roles: m.roles.map((code) => ({ code, name: code })) },
      orgs,
    );
    if (groups.includes(taskGroup)) out.push(m);
  }
  return out.sort((a, b) => a.id - b.id);
}
