import assert from 'node:assert/strict';
import { test } from 'node:test';
import { taskGroupsOf } from '../task-groups.js';

const orgs = {
  get: async (id: number) =>
    ({ 1: { id: 1, type: 'group' }, 2: { id: 2, type: 'subsidiary' }, 31: { id: 31, type: 'station' } })[id] as never,
};
const user = (role: string, orgId: number, subsidiaryId: number | null) => ({ orgId, subsidiaryId, roles: [{ code: role, name: role }] });

test('given each builtin role where it works, when mapped, then the candidate groups of decision 0004 follow', async () => {
  const cases: [string, number, number | null, string[]][] = [
    ['agent', 2, 2, ['agent']],
    ['supervisor', 2, 2, ['agent', 'subsidiary-approver', 'subsidiary-service']],
    ['station_head', 31, 2, ['station:31']],
    ['subsidiary_admin', 2, 2, ['subsidiary-approver', 'subsidiary-service']],
    ['group_admin', 1, null, ['group-approver', 'group-service']],
    ['leader', 1, null, ['group-approver', 'group-service']],
    ['supervisor', 1, null, ['group-approver', 'group-service']],
    ['leader', 2, 2, ['subsidiary-approver', 'subsidiary-service']],
    ['repair_worker', 31, 2, []],
    ['grid_worker', 31, 2, []],
    ['agent', 1, null, []],
  ];
  for (const [role, orgId, sub, groups] of cases) {
    assert.deepEqual(await taskGroupsOf(user(role, orgId, sub), orgs), groups, `${role}@${orgId}`);
  }
});

test('given a station head placed at the subsidiary office, when mapped, then no station group is invented', async () => {
  assert.deepEqual(await taskGroupsOf(user('station_head', 2, 2), orgs), []);
});

test('given a user with several roles, when mapped, then the groups are merged without duplicates', async () => {
  const u = {
    orgId: 31,
    subsidiaryId: 2,
    roles: [
      { code: 'station_head', name: '' },
      { code: 'supervisor', name: '' },
      { code: 'agent', name: '' },
    ],
  };
  assert.deepEqual(await taskGroupsOf(u, orgs), ['agent', 'station:31', 'subsidiary-approver', 'subsidiary-service']);
});
