import { BUILTIN_ROLES } from '@warmline/contracts';
import type { ApiClient } from './api-client.js';
import type { TestServer } from './test-server.js';

export const WORLD_PASSWORD = 'Passw0rd!2026';

export interface WorldSubsidiary {
  id: number;
  code: string;
  stationId: number;
  /** A signed-in client per builtin role code, each user placed in this subsidiary. */
  as: Record<string, ApiClient>;
  userIds: Record<string, number>;
  usernames: Record<string, string>;
}

export interface World {
  divisionId: number;
  a: WorldSubsidiary;
  b: WorldSubsidiary;
  roleIds: Record<string, number>;
}

/** Roles that work at a station rather than at the subsidiary office. */
const STATION_ROLES = new Set(['station_head', 'repair_worker', 'grid_worker']);

/**
 * Two subsidiaries (A, B) under one division, each with a station and one user per builtin role,
 * all created through the API as the group admin would.
 */
export async function buildWorld(server: TestServer, tag = 'w'): Promise<World> {
  const admin = server.admin;
  const must = async <T>(p: Promise<{ status: number; body: T }>, expected = 201): Promise<T> => {
    const r = await p;
    if (r.status !== expected) throw new Error(`world setup failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const me = await must<{ orgId: number }>(admin.get('/api/auth/me'), 200);
  const division = await must<{ id: number }>(
    admin.post('/api/org-units', { parentId: me.orgId, type: 'division', code: `${tag}_div`, name: '测试事业部' }),
  );
  const roles = await must<{ id: number; code: string }[]>(admin.get('/api/roles'), 200);
  const roleIds = Object.fromEntries(roles.map((r) => [r.code, r.id]));

  const subsidiary = async (letter: 'a' | 'b', areaCode: string): Promise<WorldSubsidiary> => {
    const code = `${tag}_sub_${letter}`;
    const sub = await must<{ id: number }>(
      admin.post('/api/org-units', {
        parentId: division.id,
        type: 'subsidiary',
        code,
        name: `测试分公司${letter.toUpperCase()}`,
        areaCode,
      }),
    );
    const station = await must<{ id: number }>(
      admin.post('/api/org-units', { parentId: sub.id, type: 'station', code: `${code}_st`, name: `测试站${letter.toUpperCase()}` }),
    );
    const as: Record<string, ApiClient> = {};
    const userIds: Record<string, number> = {};
    const usernames: Record<string, string> = {};
    for (const role of BUILTIN_ROLES) {
      const username = `${tag}${letter}_${role.code}`.replace(/_/g, '.');
      const created = await must<{ id: number }>(
        admin.post('/api/users', {
          username,
          password: WORLD_PASSWORD,
          displayName: `${role.name}${letter.toUpperCase()}`,
          orgId: STATION_ROLES.has(role.code) ? station.id : sub.id,
          roleIds: [roleIds[role.code]],
        }),
      );
      userIds[role.code] = created.id;
      usernames[role.code] = username;
      as[role.code] = await server.login(username, WORLD_PASSWORD);
    }
    return { id: sub.id, code, stationId: station.id, as, userIds, usernames };
  };
  return { divisionId: division.id, a: await subsidiary('a', '0431'), b: await subsidiary('b', '0432'), roleIds };
}
