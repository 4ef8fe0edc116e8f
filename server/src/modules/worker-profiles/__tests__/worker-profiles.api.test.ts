import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { AssignmentSuggestions } from '@warmline/contracts';
import { buildWorld, describeEachDb, WORLD_PASSWORD, type ApiClient, type World } from '../../../testing/index.js';
import { createHouse, createUnit, type HouseSetup } from '../../houses/__tests__/house-fixture-helpers.js';
import { ticketModel } from '../../tickets/ticket.model.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const unique = uniqueHex;

/**
 * Worker profiles (admin routes, validation) and assignment suggestions ranked by skill, open
 * workload, area and duty — the weights of SUGGESTION_WEIGHTS: skill 100 × match, workload 60 − 15
 * per open ticket, area 20, on duty 10.
 */
describeEachDb('worker profiles and assignment suggestions', (ctx) => {
  let world: World;
  let admin: ApiClient;
  let w3: { id: number; client: ApiClient };
  let home: { communityId: number; houseId: number; communityName: string };
  let elsewhere: number;
  const REPAIR_SKILLS = ['heating_repair', 'pipe_welding', 'valve_replacement'];

  const profileUrl = (userId: number, subId = world.a.id) => `/api/subsidiaries/${subId}/worker-profiles/${userId}`;
  const put = (userId: number, body: Record<string, unknown>, who = admin) => who.put(profileUrl(userId), { reason: '维护档案', ...body });

  /** A ticket row at the world's station of A (what intake and dispatch leave behind). */
  const ticketRow = async (values: Record<string, unknown>) => {
    const tenant = await ctx.server.services.tenants.byId(world.a.id);
    const now = new Date();
    return ticketModel(tenant.db).create({
      ticket_no: `WP-${unique()}`,
      type_code: 'repair',
      urgency: 'normal',
      source: 'phone',
      status: 'pending_confirm',
      priority: 'normal',
      title: '暖气漏水',
      agent_id: world.a.userIds.agent,
      station_id: world.a.stationId,
      created_at: now,
      updated_at: now,
      ...values,
    });
  };
  const suggestions = async (ticketId: number, who = world.a.as.station_head) => {
    const res = await who.get(`/api/subsidiaries/${world.a.id}/tickets/${ticketId}/assignment-suggestions`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as AssignmentSuggestions;
  };

  before(async () => {
    world = await buildWorld(ctx.server, 'twp');
    admin = world.a.as.subsidiary_admin;
    // given a third repair worker at the world's station of A
    const username = `twp.w3.${unique()}`;
    const created = await ctx.server.admin.post('/api/users', {
      username,
      password: WORLD_PASSWORD,
      displayName: '维修人员丙',
      orgId: world.a.stationId,
      roleIds: [world.roleIds.repair_worker],
    });
    assert.equal(created.status, 201);
    w3 = { id: created.body.id, client: await ctx.server.login(username, WORLD_PASSWORD) };
    // and two communities of A, a house in the first
    const s: HouseSetup = { admin: ctx.server.admin, subsidiaryId: world.a.id, marker: '', unique };
    const unit = await createUnit(s, { community: '幸福小区' });
    const house = await createHouse(s, { unitId: unit.unitId });
    home = { communityId: unit.communityId, houseId: house.id, communityName: '幸福小区' };
    elsewhere = (await createUnit(s, { community: '和平小区' })).communityId;
  });

  it('a worker without a profile answers the defaults; an admin saves skills, areas and duty', async () => {
    // when the subsidiary admin reads the grid worker's profile before anyone saved it
    const fresh = await admin.get(profileUrl(world.a.userIds.grid_worker));
    // then it is the default: no skills, no areas, on duty
    assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
    assert.deepEqual(
      { configured: fresh.body.configured, skills: fresh.body.skills, areas: fresh.body.areas, onDuty: fresh.body.onDuty },
      { configured: false, skills: [], areas: [], onDuty: true },
    );
    // when the admin saves a profile
    const saved = await put(world.a.userIds.grid_worker, {
      skills: ['temperature_measurement'],
      areaNodeIds: [home.communityId],
      onDuty: false,
    });
    // then it reads back with labels and names
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const again = await world.a.as.station_head.get(profileUrl(world.a.userIds.grid_worker));
    assert.deepEqual(again.body.skills, [{ code: 'temperature_measurement', label: '测温' }]);
    assert.deepEqual(again.body.areas, [{ id: home.communityId, name: '幸福小区', type: 'community' }]);
    assert.equal(again.body.onDuty, false);
    assert.equal(again.body.configured, true);
  });

  it('refuses unknown skills, foreign areas, non-workers and users of other subsidiaries with field details', async () => {
    // when the admin sends a skill that does not exist and a node that is not in A's building tree
    const bad = await put(world.a.userIds.repair_worker, {
      skills: ['heating_repair', 'flying'],
      areaNodeIds: [home.communityId, 99_999_999],
      onDuty: true,
    });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.deepEqual(bad.body.details.map((d: { field: string }) => d.field).sort(), ['body.areaNodeIds.1', 'body.skills.1']);
    // then each bad entry is named; when the user is no worker of A (an agent, B's worker), the user id is
    const agent = await put(world.a.userIds.agent, { skills: [], areaNodeIds: [], onDuty: true });
    assert.equal(agent.status, 400);
    assert.equal(agent.body.details[0].field, 'params.userId');
    assert.match(agent.body.details[0].message, /维修人员或网格员/);
    const bWorker = await put(world.b.userIds.repair_worker, { skills: [], areaNodeIds: [], onDuty: true });
    assert.equal(bWorker.status, 400);
    // and a station head may read profiles but not change them
    const head = await put(world.a.userIds.repair_worker, { skills: [], areaNodeIds: [], onDuty: true }, world.a.as.station_head);
    assert.equal(head.status, 403);
  });

  it('ranks skill over workload over area, and says why in Chinese', async () => {
    // given the repair worker with every repair skill, no open ticket, serving the other community
    assert.equal((await put(world.a.userIds.repair_worker, { skills: REPAIR_SKILLS, areaNodeIds: [elsewhere], onDuty: true })).status, 200);
    // and worker 3 with the same skills, serving the house's community, with two open tickets
    assert.equal((await put(w3.id, { skills: REPAIR_SKILLS, areaNodeIds: [home.communityId], onDuty: true })).status, 200);
    const w3a = await ticketRow({ status: 'in_progress', worker_id: w3.id });
    await ticketRow({ status: 'pending_accept', worker_id: w3.id });
    await ticketRow({ status: 'closed', worker_id: world.a.userIds.repair_worker }); // closed: not workload
    // and the grid worker without skills, on duty, serving the house's community, no open ticket
    assert.equal((await put(world.a.userIds.grid_worker, { skills: [], areaNodeIds: [home.communityId], onDuty: true })).status, 200);
    // when the station head asks who should take a repair ticket of that house
    const ticket = await ticketRow({ house_id: home.houseId });
    const got = await suggestions(ticket.id);
    // then the skilled idle worker leads (170), the skilled busy one in the area follows (160), the unskilled last (90)
    assert.deepEqual(got.requiredSkills.map((s) => s.code).sort(), [...REPAIR_SKILLS].sort());
    assert.deepEqual(
      got.items.map((i) => [i.workerId, i.score]),
      [
        [world.a.userIds.repair_worker, 170],
        [w3.id, 160],
        [world.a.userIds.grid_worker, 90],
      ],
    );
    const [first, second, third] = got.items;
    assert.deepEqual(first.reasons, ['技能匹配：暖气维修、管道焊接、阀门更换', '当前无在办工单', '该房屋不在其服务片区', '在岗']);
    assert.deepEqual([second.openWorkload, second.inArea], [2, true]);
    assert.ok(second.reasons.includes('在办工单 2 件'));
    assert.ok(second.reasons.includes('服务片区包含该房屋（幸福小区）'));
    assert.equal(third.skillMatch, 0);
    assert.ok(third.reasons[0].startsWith('缺少所需技能：'));

    // when one of worker 3's tickets is closed, the area outweighs one ticket of workload
    await w3a.update({ status: 'closed' });
    const after = await suggestions(ticket.id);
    assert.deepEqual(
      after.items.slice(0, 2).map((i) => [i.workerId, i.score]),
      [
        [w3.id, 175],
        [world.a.userIds.repair_worker, 170],
      ],
    );
    // when worker 3 goes off duty, the idle worker leads again
    assert.equal((await put(w3.id, { skills: REPAIR_SKILLS, areaNodeIds: [home.communityId], onDuty: false })).status, 200);
    const offDuty = await suggestions(ticket.id, world.a.as.agent);
    assert.equal(offDuty.items[0].workerId, world.a.userIds.repair_worker);
    assert.ok(offDuty.items[1].reasons.includes('不在岗'));
  });

  it('the skill mapping is configured in the dictionary item’s extra', async () => {
    // given the electrical skill is marked as needed by repair tickets
    const items = (await ctx.server.admin.get('/api/dictionaries/worker_skill/items')).body as { id: number; code: string }[];
    const electrical = items.find((i) => i.code === 'electrical')!;
    const patched = await ctx.server.admin.patch(`/api/dictionaries/worker_skill/items/${electrical.id}`, {
      extra: { ticketTypes: ['repair'], categories: [] },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    // when suggestions are asked for a repair ticket
    const got = await suggestions((await ticketRow({})).id);
    // then electrical is required, and the repair worker (without it) matches 3 of 4
    assert.ok(got.requiredSkills.some((s) => s.code === 'electrical'));
    assert.equal(got.items.find((i) => i.workerId === world.a.userIds.repair_worker)!.skillMatch, 0.75);
  });

  it('only the ticket’s station and the subsidiary’s staff get suggestions; a ticket without station is a state conflict', async () => {
    const ticket = await ticketRow({});
    // a worker of the station may not
    const worker = await world.a.as.repair_worker.get(`/api/subsidiaries/${world.a.id}/tickets/${ticket.id}/assignment-suggestions`);
    assert.equal(worker.status, 403);
    // a ticket not yet dispatched has nobody to suggest
    const undispatched = await ticketRow({ station_id: null, status: 'pending_dispatch' });
    const res = await world.a.as.agent.get(`/api/subsidiaries/${world.a.id}/tickets/${undispatched.id}/assignment-suggestions`);
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'TICKET_STATE_CONFLICT');
  });
});
