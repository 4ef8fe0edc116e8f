import type { Sequelize, Transaction } from 'sequelize';
import { PERMISSION_CODES, type DataScope, type Permission } from '@warmline/contracts';
import type { Config } from '../config.js';
import { AppError } from '../core/app-error.js';
import { roleModel, parsePermissions } from '../modules/roles/role.model.js';
import { userModel, userRoleModel } from '../modules/users/user.model.js';
import type { OrgRegistry } from '../tenancy/org-registry.js';
import type { AuthUser } from './auth-user.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import { hashToken, SessionStore } from './session.store.js';

const CACHE_MS = 3_000;
const KNOWN = new Set<string>(PERMISSION_CODES);

/** Login, logout, lockout, and turning a bearer token into an AuthUser. */
export class AuthService {
  private readonly sessions: SessionStore;
  /** Short-lived cache of resolved tokens; role or user changes in this process clear it. */
  private readonly cache = new Map<string, { user: AuthUser; until: number }>();

  constructor(
    private readonly db: Sequelize,
    private readonly orgs: OrgRegistry,
    private readonly config: Config,
  ) {
    this.sessions = new SessionStore(db, config.sessionTtlMs);
  }

  async login(username: string, password: string, meta: { ip: string | null; userAgent: string | null }) {
    const users = userModel(this.db);
    const user = await users.findOne({ where: { username } });
    const log = (success: boolean, reason: string | null, userId: number | null) =>
      this.db.getQueryInterface().bulkInsert('login_logs', [
        {
          username: username.slice(0, 64),
          user_id: userId,
          success,
          reason,
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 255) ?? null,
          created_at: new Date(),
        },
      ]);
    if (!user) {
      await verifyPassword(password, DUMMY_HASH);
      await log(false, 'unknown_user', null);
      throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
    }
    if (user.locked_until && user.locked_until.getTime() > Date.now()) {
      await log(false, 'locked', user.id);
      const minutes = Math.ceil((user.locked_until.getTime() - Date.now()) / 60_000);
      throw new AppError('ACCOUNT_LOCKED', `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`);
    }
    if (!(await verifyPassword(password, user.password_hash))) {
      const failed = user.failed_logins + 1;
      const lock = failed >= this.config.lockout.threshold;
      await user.update({
        failed_logins: lock ? 0 : failed,
        locked_until: lock ? new Date(Date.now() + this.config.lockout.durationMs) : null,
      });
      await log(false, lock ? 'bad_password_locked' : 'bad_password', user.id);
      if (lock) throw new AppError('ACCOUNT_LOCKED', '登录失败次数过多，账号已锁定');
      throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
    }
    if (!user.enabled) {
      await log(false, 'disabled', user.id);
      throw new AppError('ACCOUNT_DISABLED', '账号已停用，请联系管理员');
    }
    await user.update({ failed_logins: 0, locked_until: null, last_login_at: new Date() });
    const session = await this.sessions.create(user.id, meta.ip);
    await log(true, null, user.id);
    return { token: session.token, expiresAt: session.expiresAt.toISOString() };
  }

  /** Pass the route's transaction: a write outside it would wait on the transaction's own lock. */
  async logout(user: AuthUser, transaction?: Transaction): Promise<void> {
    await this.sessions.revoke(user.tokenHash, transaction);
    this.cache.delete(user.tokenHash);
  }

  /** Resolve a bearer token; throws UNAUTHENTICATED for a missing, unknown or expired one. */
  async authenticate(token: string | undefined): Promise<AuthUser> {
    if (!token) throw new AppError('UNAUTHENTICATED', '请先登录');
    const tokenHash = hashToken(token);
    const hit = this.cache.get(tokenHash);
    if (hit && hit.until > Date.now()) return hit.user;
    const session = await this.sessions.find(tokenHash);
    if (!session) throw new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');
    const user = await this.loadUser(session.userId, tokenHash);
    if (!user) throw new AppError('UNAUTHENTICATED', '账号不可用，请重新登录');
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(tokenHash, { user, until: Math.min(Date.now() + CACHE_MS, session.expiresAt.getTime()) });
    return user;
  }

  /** Forget cached identities (after role, permission or user changes). */
  invalidate(): void {
    this.cache.clear();
  }

  async revokeSessionsOf(userId: number, transaction?: Transaction): Promise<void> {
    await this.sessions.revokeAllOf(userId, transaction);
    this.invalidate();
  }

  private async loadUser(userId: number, tokenHash: string): Promise<AuthUser | undefined> {
    const user = await userModel(this.db).findByPk(userId, { raw: true });
    if (!user || !user.enabled) return undefined;
    const org = await this.orgs.get(user.org_id);
    if (!org) return undefined;
    const links = await userRoleModel(this.db).findAll({ where: { user_id: userId }, raw: true });
    const roles = links.length ? await roleModel(this.db).findAll({ where: { id: links.map((l) => l.role_id) }, raw: true }) : [];
    const permissions = new Set<Permission>();
    let dataScope: DataScope = 'self';
    for (const role of roles) {
      for (const p of parsePermissions(role.permissions)) if (KNOWN.has(p)) permissions.add(p as Permission);
      if (role.data_scope === 'subtree') dataScope = 'subtree';
    }
    const subsidiary = await this.orgs.subsidiaryOf(org.id);
    return {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      orgId: org.id,
      orgName: org.name,
      subsidiaryId: subsidiary?.id ?? null,
      roles: roles.map((r) => ({ code: r.code, name: r.name })),
      permissions,
      dataScope,
      tokenHash,
    };
  }
}
