import type { BuildingNode, BuildingNodeType } from '@warmline/contracts';
import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';
import { buildXlsx } from '../../../xlsx/xlsx-table.js';
import { BUILDING_COLUMNS } from '../building.xlsx.js';

const base = (env: FixtureEnv) => `/api/subsidiaries/${env.target.id}/buildings`;

/** Create one node in the target subsidiary as the group admin; its name carries the marker. */
async function fixtureNode(env: FixtureEnv, type: BuildingNodeType, parentId: number | null, label: string): Promise<BuildingNode> {
  const res = await env.server.admin.post(base(env), { parentId, type, name: `${label}${env.marker}${env.unique()}` });
  if (res.status !== 201) throw new Error(`fixture node failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as BuildingNode;
}

/** heat source → substation → community, fresh each call. */
async function community(env: FixtureEnv) {
  const hs = await fixtureNode(env, 'heat_source', null, '热源');
  const sub = await fixtureNode(env, 'substation', hs.id, '换热站');
  const comm = await fixtureNode(env, 'community', sub.id, '小区');
  return { hs, sub, comm };
}

export const buildingFixtures: RouteFixtures = {
  'buildings.tree': async (env) => {
    const { hs } = await community(env);
    return { path: `${base(env)}?rootId=${hs.id}&depth=2` };
  },
  'buildings.export': async (env) => {
    await community(env);
    return { path: `${base(env)}/export` };
  },
  'buildings.importTemplate': async (env) => ({ path: `${base(env)}/import-template` }),
  'buildings.import': async (env) => {
    const u = env.unique();
    const content = await buildXlsx(BUILDING_COLUMNS, [
      { heat_source: `热源${env.marker}${u}`, substation: `换热站${env.marker}`, community: `小区${env.marker}`, code: `IMP${u}` },
      {
        heat_source: `热源${env.marker}${u}`,
        substation: `换热站${env.marker}`,
        community: `小区${env.marker}`,
        building: '1号楼',
        unit: '1单元',
      },
    ]);
    return { path: `${base(env)}/import`, upload: { field: 'file', fileName: 'x.xlsx', content } };
  },
  'buildings.reorder': async (env) => {
    const hs = await fixtureNode(env, 'heat_source', null, '热源');
    const s1 = await fixtureNode(env, 'substation', hs.id, '换热站甲');
    const s2 = await fixtureNode(env, 'substation', hs.id, '换热站乙');
    return { path: `${base(env)}/reorder`, body: { parentId: hs.id, orderedIds: [s2.id, s1.id], reason: '调整顺序' } };
  },
  'buildings.create': async (env) => {
    const hs = await fixtureNode(env, 'heat_source', null, '热源');
    const sub = await fixtureNode(env, 'substation', hs.id, '换热站');
    return {
      path: base(env),
      body: {
        parentId: sub.id,
        type: 'community',
        name: `小区${env.marker}${env.unique()}`,
        code: `C${env.unique()}`,
        sort: 3,
        stationId: env.target.stationId,
        extra: { 经营计费小区号: 'A-01' },
        reason: '新建小区',
      },
    };
  },
  'buildings.get': async (env) => {
    const { comm } = await community(env);
    return { path: `${base(env)}/${comm.id}` };
  },
  'buildings.changeLog': async (env) => {
    const { comm } = await community(env);
    return { path: `${base(env)}/${comm.id}/change-log?page=1&pageSize=10` };
  },
  'buildings.update': async (env) => {
    const { comm } = await community(env);
    return {
      path: `${base(env)}/${comm.id}`,
      body: {
        name: `小区改名${env.marker}${env.unique()}`,
        code: `U${env.unique()}`,
        sort: 2,
        stationId: env.target.stationId,
        reason: '更正名称',
      },
    };
  },
  'buildings.move': async (env) => {
    const { hs, comm } = await community(env);
    const other = await fixtureNode(env, 'substation', hs.id, '换热站新');
    return { path: `${base(env)}/${comm.id}/move`, body: { parentId: other.id, sort: 0, reason: '划归新换热站' } };
  },
  'buildings.delete': async (env) => {
    const { comm } = await community(env);
    return { path: `${base(env)}/${comm.id}`, body: { reason: '录入错误' } };
  },
};
