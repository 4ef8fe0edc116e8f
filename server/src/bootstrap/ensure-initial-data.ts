import { BUILTIN_ROLES } from '@warmline/contracts';
import { QueryTypes } from 'sequelize';
import { hashPassword } from '../auth/password.js';
import type { Services } from '../services.js';
import { ensureDictionaries } from './ensure-dictionaries.js';
import { ensureBusinessTimeDefaults } from '../modules/sla/ensure-business-time-defaults.js';
import { orgModel } from '../modules/org/org.model.js';
import { roleModel } from '../modules/roles/role.model.js';
import { userModel, userRoleModel } from '../modules/users/user.model.js';

/**
 * First start: the group root, the builtin roles and the `admin` user.
 * Later starts add builtin roles a newer version introduced, give the group administrator role
 * every permission code, and give every other builtin role the codes a newer version added to its
 * definition (once: `builtin_role_grants` remembers what was granted, so a code an administrator
 * removed is not given back). Returns true on first start.
 */
export async function ensureInitialData(services: Services): Promise<boolean> {
  const db = services.dbs.group;
  const firstStart = (await orgModel(db).count()) === 0;
  await db.transaction(async (transaction) => {
    const roles = roleModel(db);
    const grants = await db.query<{ role_code: string; permission_code: string }>(
      'SELECT role_code, permission_code FROM builtin_role_grants',
      {
        type: QueryTypes.SELECT,
        transaction,
      },
    );
    const granted = new Set(grants.map((g) => `${g.role_code}\u0000${g.permission_code}`));
    const now = new Date();
    for (const r of BUILTIN_ROLES) {
      const existing = await roles.findOne({ where: { code: r.code }, transaction });
      const fresh = r.permissions.filter((p) => !granted.has(`${r.code}\u0000${p}`));
      if (existing && r.code === 'group_admin') {
        // The group administrator always holds every permission, including ones a newer version added.
        const all = JSON.stringify(r.permissions);
        if (existing.permissions !== all) await existing.update({ permissions: all }, { transaction });
      } else if (existing && fresh.length) {
        const current = JSON.parse(existing.permissions) as string[];
        const added = fresh.filter((p) => !current.includes(p));
        if (added.length) await existing.update({ permissions: JSON.stringify([...current, ...added]) }, { transaction });
      }
      if (!existing) {
        await roles.create(
          { code: r.code, name: r.name, builtin: true, data_scope: r.dataScope, permissions: JSON.stringify(r.permissions) },
          { transaction },
        );
      }
      for (const p of fresh) {
        await db.query('INSERT INTO builtin_role_grants (role_code, permission_code, granted_at) VALUES (?, ?, ?)', {
          replacements: [r.code, p, now],
          transaction,
        });
      }
    }
    if (!firstStart) return;
    const root = await orgModel(db).create(
      { parent_id: null, type: 'group', code: 'group', name: '热力集团', path: '/', depth: 0, sort: 0, enabled: true },
      { transaction },
    );
    await root.update({ path: `/${root.id}/` }, { transaction });
    const admin = await userModel(db).create(
      {
        username: 'admin',
        password_hash: await hashPassword(services.config.adminPassword, services.config.bcryptRounds),
        display_name: '系统管理员',
        org_id: root.id,
        enabled: true,
      },
      { transaction },
    );
    const groupAdmin = await roles.findOne({ where: { code: 'group_admin' }, transaction });
    await userRoleModel(db).create({ user_id: admin.id, role_id: groupAdmin!.id }, { transaction });
  });
  await ensureDictionaries(services);
  await ensureBusinessTimeDefaults(services);
  await services.orgs.refresh();
  return firstStart;
}
