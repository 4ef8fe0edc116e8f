import type { OrgSeed } from '@warmline/server/seeding';

/** The demo group's new name (the root is created as 热力集团 on first start). */
export const DEMO_GROUP_NAME = '北方热力集团';

export interface DemoSubsidiary {
  code: string;
  name: string;
  /** Short prefix of usernames and building codes. */
  prefix: string;
  areaCode: string;
  division: string;
  /** Houses generated for this subsidiary (5,000 in total). */
  households: number;
  /** Station names; the first two get a repair team (班组) and two grids (网格). */
  stations: string[];
}

export const DEMO_DIVISIONS = [
  { code: 'div_central', name: '中部事业部' },
  { code: 'div_east', name: '东部事业部' },
] as const;

export const DEMO_SUBSIDIARIES: readonly DemoSubsidiary[] = [
  {
    code: 'changchun',
    name: '长春分公司',
    prefix: 'cc',
    areaCode: '0431',
    division: 'div_central',
    households: 1_800,
    stations: ['南关站', '朝阳站', '二道站', '绿园站', '宽城站', '净月站', '高新站'],
  },
  {
    code: 'jilin',
    name: '吉林分公司',
    prefix: 'jl',
    areaCode: '0432',
    division: 'div_east',
    households: 1_700,
    stations: ['船营站', '昌邑站', '龙潭站', '丰满站', '江南站', '江北站'],
  },
  {
    code: 'yanbian',
    name: '延边分公司',
    prefix: 'yb',
    areaCode: '0433',
    division: 'div_east',
    households: 1_500,
    stations: ['延吉站', '图们站', '敦化站', '珲春站', '龙井站'],
  },
];

export const DEMO_HOUSEHOLDS = DEMO_SUBSIDIARIES.reduce((n, s) => n + s.households, 0);
export const DEMO_STATIONS = DEMO_SUBSIDIARIES.reduce((n, s) => n + s.stations.length, 0);

/** Org codes of the parts of a subsidiary, shared by the org plan and the account plan. */
export const demoCodes = {
  serviceCenter: (s: DemoSubsidiary) => `${s.prefix}_kf`,
  station: (s: DemoSubsidiary, i: number) => `${s.prefix}_st${String(i + 1).padStart(2, '0')}`,
  team: (s: DemoSubsidiary, i: number) => `${demoCodes.station(s, i)}_t1`,
  grid: (s: DemoSubsidiary, i: number, g: number) => `${demoCodes.station(s, i)}_g${g + 1}`,
};

/** Stations (0-based) that get a repair team and two grids. */
export const STATIONS_WITH_GRIDS = [0, 1];

/** The org tree below the group root, parents before children. */
export function demoOrgPlan(): OrgSeed[] {
  const orgs: OrgSeed[] = DEMO_DIVISIONS.map((d, i) => ({ code: d.code, parentCode: null, type: 'division', name: d.name, sort: i + 1 }));
  DEMO_SUBSIDIARIES.forEach((s, si) => {
    orgs.push({ code: s.code, parentCode: s.division, type: 'subsidiary', name: s.name, areaCode: s.areaCode, sort: si + 1 });
    orgs.push({
      code: demoCodes.serviceCenter(s),
      parentCode: s.code,
      type: 'team',
      name: `${s.name.replace('分公司', '')}客服中心`,
      sort: 0,
    });
    s.stations.forEach((station, i) => {
      const code = demoCodes.station(s, i);
      orgs.push({ code, parentCode: s.code, type: 'station', name: station, sort: i + 1 });
      if (!STATIONS_WITH_GRIDS.includes(i)) return;
      const area = station.replace(/站$/, '');
      orgs.push({ code: demoCodes.team(s, i), parentCode: code, type: 'team', name: `${area}维修一班`, sort: 1 });
      for (const g of [0, 1]) {
        orgs.push({
          code: demoCodes.grid(s, i, g),
          parentCode: code,
          type: 'grid',
          name: `${area}${g === 0 ? '一' : '二'}网格`,
          sort: 10 + g,
        });
      }
    });
  });
  return orgs;
}
