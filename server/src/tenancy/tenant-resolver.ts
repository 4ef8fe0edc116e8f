import { AppError } from '../core/app-error.js';
import type { DatabaseManager } from '../db/database-manager.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { OrgRegistry } from './org-registry.js';
import type { TenantHandle } from './tenant-handle.js';
import type { OrgRow } from '../modules/org/org.model.js';

/**
 * Turns "this user, this subsidiary id" into a subsidiary database — or refuses.
 * The subsidiary a request may reach comes from the user's org scope; a client-supplied id is only
 * ever checked against it, never trusted.
 */
export class TenantResolver {
  constructor(
    private readonly orgs: OrgRegistry,
    private readonly dbs: DatabaseManager,
  ) {}

  async forUser(user: AuthUser, subsidiaryId: number): Promise<TenantHandle> {
    const inScope = await this.orgs.subsidiariesInScopeOf(user.orgId);
    const sub = inScope.find((s) => s.id === subsidiaryId);
    if (!sub) throw new AppError('TENANT_FORBIDDEN', '无权访问该分公司的数据');
    return this.open(sub);
  }

  /** Every subsidiary database the user may read, for group-level lists (fan-out). */
  async allForUser(user: AuthUser): Promise<TenantHandle[]> {
    const subs = await this.orgs.subsidiariesInScopeOf(user.orgId);
    return Promise.all(subs.filter((s) => s.enabled).map((s) => this.open(s)));
  }

  /** A subsidiary database by id, with no user check: for seeding, workers and tests only. */
  async byId(subsidiaryId: number): Promise<TenantHandle> {
    const sub = await this.orgs.get(subsidiaryId);
    if (!sub || sub.type !== 'subsidiary') throw new AppError('NOT_FOUND', '分公司不存在');
    return this.open(sub);
  }

  private async open(sub: OrgRow): Promise<TenantHandle> {
    if (!sub.db_name) throw new Error(`subsidiary ${sub.id} has no database`);
    return {
      subsidiaryId: sub.id,
      code: sub.code,
      name: sub.name,
      areaCode: sub.area_code,
      db: await this.dbs.tenant(sub.db_name),
    };
  }
}

/** Run `fn` on every tenant in parallel and keep each result with its tenant. */
export async function fanOut<T>(tenants: TenantHandle[], fn: (t: TenantHandle) => Promise<T>) {
  return Promise.all(tenants.map(async (t) => ({ tenant: t, result: await fn(t) })));
}
