import type { OrgType } from '@warmline/contracts';
import type { Transaction } from 'sequelize';
import { writeAudit } from '../audit/audit.writer.js';
import { hashPassword, passwordProblem } from '../auth/password.js';
import { orgModel, type OrgRow } from '../modules/org/org.model.js';
import { insertOrgUnit } from '../modules/org/org.service.js';
import { roleModel } from '../modules/roles/role.model.js';
import { userModel, userRoleModel } from '../modules/users/user.model.js';
import type { Services } from '../services.js';
import { SEED_ACTOR } from './seed-actor.js';

export interface OrgSeed {
  code: string;
  /** Code of the parent org unit (created earlier in the list or already present); null = the group root. */
  parentCode: string | null;
  type: Exclude<OrgType, 'group'>;
  name: string;
  /** Landline area code (subsidiaries only), e.g. 0431. */
  areaCode?: string;
  sort?: number;
}

export interface UserSeed {
  username: string;
  displayName: string;
  /** Code of the user's org unit; null = the group root. */
  orgCode: string | null;
  /** Role codes, e.g. ['agent']. */
  roles: string[];
  mobile?: string;
  agentNo?: string;
  ipPhone?: string;
  mobileDeviceId?: string;
}

export interface GroupSeed {
  /** New name of the group root (集团), if it should change. */
  rootName?: string;
  orgs: OrgSeed[];
  users: UserSeed[];
  /** One password for every seeded user (required when there are users). */
  password?: string;
  /** Leave org units and users that already exist (by code / username) as they are, instead of failing. */
  skipExisting?: boolean;
  /** The one audit record written in the group database, e.g. `{ action: 'seed.demo' }`. */
  audit: { action: string; reason?: string; after?: unknown };
}

export interface GroupSeedResult {
  /** Org unit id by code, for every org unit named in the seed (created or already there). */
  orgIds: Record<string, number>;
  /** User id by username, likewise. */
  userIds: Record<string, number>;
  createdOrgs: number;
  createdUsers: number;
}

/**
 * Write org units and users to the group database in ONE transaction, with the rules the org and
 * user services apply (allowed child types, area codes only on subsidiaries, strong password), and
 * create + migrate each new subsidiary's database. One password hash serves every user.
 */
export async function seedGroup(services: Services, seed: GroupSeed): Promise<GroupSeedResult> {
  if (seed.users.length) {
    const problem = seed.password === undefined ? '未提供' : passwordProblem(seed.password);
    if (problem) throw new Error(`种子数据密码不合格：${problem}`);
  }
  const db = services.dbs.group;
  const createdDbs: string[] = [];
  try {
    const result = await db.transaction(async (tx) => {
      const orgIds = await seedOrgs(services, seed, tx, createdDbs);
      const { userIds, createdUsers } = await seedUsers(services, seed, orgIds.byCode, tx);
      // Nothing new (a re-run with skipExisting): nothing to audit.
      if (orgIds.created || createdUsers || orgIds.renamed) {
        await writeAudit(db, tx, SEED_ACTOR, {
          action: seed.audit.action,
          entityType: 'seed',
          entityId: null,
          orgId: orgIds.rootId,
          reason: seed.audit.reason ?? null,
          after: seed.audit.after ?? { orgs: orgIds.created, users: createdUsers },
        });
      }
      return { orgIds: orgIds.byCode, userIds, createdOrgs: orgIds.created, createdUsers };
    });
    await services.orgs.refresh();
    services.auth.invalidate();
    return result;
  } catch (err) {
    for (const name of createdDbs) await services.dbs.dropTenant(name).catch(() => undefined);
    await services.orgs.refresh();
    throw err;
  }
}

async function seedOrgs(services: Services, seed: GroupSeed, tx: Transaction, createdDbs: string[]) {
  const model = orgModel(services.dbs.group);
  const root = await model.findOne({ where: { parent_id: null }, transaction: tx });
  if (!root) throw new Error('集团根组织不存在：请先启动一次服务器');
  const renamed = Boolean(seed.rootName && seed.rootName !== root.name);
  if (renamed) await root.update({ name: seed.rootName }, { transaction: tx });

  const byCode: Record<string, number> = {};
  const known = new Map<string, OrgRow>();
  let created = 0;
  for (const org of seed.orgs) {
    const existing = await model.findOne({ where: { code: org.code }, raw: true, transaction: tx });
    if (existing) {
      if (!seed.skipExisting) throw new Error(`组织编码已存在：${org.code}`);
      known.set(org.code, existing);
      byCode[org.code] = existing.id;
      continue;
    }
    const parent =
      org.parentCode === null
        ? root.get({ plain: true })
        : (known.get(org.parentCode) ?? (await model.findOne({ where: { code: org.parentCode }, raw: true, transaction: tx })));
    if (!parent) throw new Error(`上级组织不存在：${org.parentCode}`);
    const row = await insertOrgUnit(services, tx, parent, org);
    if (row.db_name) createdDbs.push(row.db_name);
    known.set(org.code, row.get({ plain: true }));
    byCode[org.code] = row.id;
    created += 1;
  }
  return { byCode, rootId: root.id, created, renamed };
}

async function seedUsers(services: Services, seed: GroupSeed, orgIds: Record<string, number>, tx: Transaction) {
  const db = services.dbs.group;
  const roles = await roleModel(db).findAll({ raw: true, transaction: tx });
  const roleIdByCode = new Map(roles.map((r) => [r.code, r.id]));
  const root = await orgModel(db).findOne({ where: { parent_id: null }, raw: true, transaction: tx });
  const hash = seed.users.length ? await hashPassword(seed.password!, services.config.bcryptRounds) : '';

  const userIds: Record<string, number> = {};
  let createdUsers = 0;
  for (const u of seed.users) {
    const existing = await userModel(db).findOne({ where: { username: u.username }, raw: true, transaction: tx });
    if (existing) {
      if (!seed.skipExisting) throw new Error(`用户名已存在：${u.username}`);
      userIds[u.username] = existing.id;
      continue;
    }
    const orgId =
      u.orgCode === null
        ? root!.id
        : (orgIds[u.orgCode] ?? (await orgModel(db).findOne({ where: { code: u.orgCode }, raw: true, transaction: tx }))?.id);
    if (!orgId) throw new Error(`用户 ${u.username} 的组织不存在：${u.orgCode}`);
    const roleIds = u.roles.map((code) => {
      const id = roleIdByCode.get(code);
      if (!id) throw new Error(`角色不存在：${code}`);
      return id;
    });
    const row = await userModel(db).create(
      {
        username: u.username,
        password_hash: hash,
        display_name: u.displayName,
        org_id: orgId,
        mobile: u.mobile ?? null,
        agent_no: u.agentNo ?? null,
        ip_phone: u.ipPhone ?? null,
        mobile_device_id: u.mobileDeviceId ?? null,
        enabled: true,
        failed_logins: 0,
        locked_until: null,
        last_login_at: null,
      },
      { transaction: tx },
    );
    await userRoleModel(db).bulkCreate(
      roleIds.map((roleId) => ({ user_id: row.id, role_id: roleId })),
      { transaction: tx },
    );
    userIds[u.username] = row.id;
    createdUsers += 1;
  }
  return { userIds, createdUsers };
}
