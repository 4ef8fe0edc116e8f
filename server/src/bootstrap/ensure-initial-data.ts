import { BUILTIN_ROLES } from '@warmline/contracts';
import { hashPassword } from '../auth/password.js';
import type { Services } from '../services.js';
import { ensureDictionaries } from './ensure-dictionaries.js';
import { orgModel } from '../modules/org/org.model.js';
import { roleModel } from '../modules/roles/role.model.js';
import { userModel, userRoleModel } from '../modules/users/user.model.js';

/**
 * First start: the group root, the builtin roles and the `admin` user.
 * Later starts add builtin roles a newer version introduced and give the group administrator role
 * every permission code (new codes included). Returns true on first start.
 */
export async function ensureInitialData(services: Services): Promise<boolean> {
  const db = services.dbs.group;
  const firstStart = (await orgModel(db).count()) === 0;
  await db.transaction(async (transaction) => {
    const roles = roleModel(db);
    for (const r of BUILTIN_ROLES) {
      const existing = await roles.findOne({ where: { code: r.code }, transaction });
      if (existing && r.code === 'group_admin') {
        // The group administrator always holds every permission, including ones a newer version added.
        const all = JSON.stringify(r.permissions);
        if (existing.permissions !== all) await existing.update({ permissions: all }, { transaction });
      }
      if (!existing) {
        await roles.create(
          { code: r.code, name: r.name, builtin: true, data_scope: r.dataScope, permissions: JSON.stringify(r.permissions) },
          { transaction },
        );
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
  await services.orgs.refresh();
  return firstStart;
}
