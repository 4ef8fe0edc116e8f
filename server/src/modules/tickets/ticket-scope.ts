import { Op, type WhereOptions } from 'sequelize';
import type { AuthUser } from '../../auth/auth-user.js';
import { forbidden } from '../../core/app-error.js';
import type { OrgRegistry } from '../../tenancy/org-registry.js';
import type { Ticket } from './ticket.model.js';

/**
 * Which tickets of a subsidiary a user sees (row-level scope below the tenant, decision 0007):
 * everything, or the tickets of some stations and / or the ones assigned to the user.
 */
export type TicketScope = { all: true } | { all: false; stationIds: number[]; workerId: number | null };

/** Roles that see every ticket of their subsidiary (agents, supervisors, admins, leaders, group staff). */
const WHOLE_SUBSIDIARY_ROLES = new Set(['agent', 'supervisor', 'subsidiary_admin', 'leader', 'group_admin']);
const WORKER_ROLES = new Set(['repair_worker', 'grid_worker']);

type ScopeUser = Pick<AuthUser, 'id' | 'orgId' | 'subsidiaryId' | 'roles' | 'dataScope'>;

/**
 * The user's ticket scope: group and division staff and the whole-subsidiary roles see all; station
 * heads the stations at or below their org (or the station above it); repair / grid workers only the
 * tickets assigned to them. Custom roles: `self` data scope → own tickets; otherwise placed in a
 * station (or below) → that station's tickets, placed at the subsidiary → all.
 */
export async function ticketScopeOf(user: ScopeUser, orgs: Pick<OrgRegistry, 'get' | 'all'>): Promise<TicketScope> {
  const roles = new Set(user.roles.map((r) => r.code));
  if (user.subsidiaryId === null || [...roles].some((r) => WHOLE_SUBSIDIARY_ROLES.has(r))) return { all: true };
  const stationIds = roles.has('station_head') ? await stationsOf(user.orgId, orgs) : [];
  const isWorker = [...roles].some((r) => WORKER_ROLES.has(r));
  if (stationIds.length > 0 || isWorker) return { all: false, stationIds, workerId: isWorker ? user.id : null };
  if (user.dataScope === 'self') return { all: false, stationIds: [], workerId: user.id };
  const org = await orgs.get(user.orgId);
  if (org?.type === 'subsidiary') return { all: true };
  return { all: false, stationIds: await stationsOf(user.orgId, orgs), workerId: user.id };
}

/** Stations at or below `orgId`, or the station above it when the user sits in a team or grid. */
async function stationsOf(orgId: number, orgs: Pick<OrgRegistry, 'get' | 'all'>): Promise<number[]> {
  const org = await orgs.get(orgId);
  if (!org) return [];
  const all = await orgs.all();
  const below = all.filter((o) => o.type === 'station' && o.path.startsWith(org.path)).map((o) => o.id);
  if (below.length > 0) return below;
  const above = org.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .reverse()
    .find((id) => all.some((o) => o.id === id && o.type === 'station'));
  return above ? [above] : [];
}

/** The scope as a `where` on the tickets table. */
export function scopeWhere(scope: TicketScope): WhereOptions<Ticket> {
  if (scope.all) return {};
  const any: WhereOptions<Ticket>[] = [];
  if (scope.stationIds.length > 0) any.push({ station_id: { [Op.in]: scope.stationIds } });
  if (scope.workerId !== null) any.push({ worker_id: scope.workerId });
  if (any.length === 0) return { id: -1 };
  return any.length === 1 ? any[0] : { [Op.or]: any };
}

/** True when the ticket row lies in the scope. */
export function inScope(scope: TicketScope, row: Pick<Ticket, 'station_id' | 'worker_id'>): boolean {
  if (scope.all) return true;
  return (
    (row.station_id !== null && scope.stationIds.includes(Number(row.station_id))) ||
    (scope.workerId !== null && Number(row.worker_id) === scope.workerId)
  );
}

/** 403 unless the ticket lies in the user's scope. */
export function assertInScope(scope: TicketScope, row: Pick<Ticket, 'station_id' | 'worker_id'>): void {
  if (!inScope(scope, row)) throw forbidden('该工单不在您的数据范围内');
}
