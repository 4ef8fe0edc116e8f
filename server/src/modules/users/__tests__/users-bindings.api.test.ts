import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

/** The one-to-one bindings of 人员与设备绑定, with a valid value maker each. */
const BINDINGS = [
  { field: 'agentNo', label: '坐席工号', value: () => `A${uid()}` },
  { field: 'ipPhone', label: 'IP 话机', value: () => `sip-${uid()}` },
  { field: 'mobileDeviceId', label: '移动运维端设备', value: () => `dev-${uid()}` },
] as const;

describeEachDb('user device bindings', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'bnd');
  });

  const create = (displayName: string, orgId: number, extra: Record<string, unknown> = {}) =>
    ctx.server.admin.post('/api/users', {
      username: `b${uid()}`,
      password: 'Binding2026',
      displayName,
      orgId,
      roleIds: [world.roleIds.agent],
      ...extra,
    });

  for (const b of BINDINGS) {
    test(`given a ${b.field} bound to 张三, when another user is created or edited with it, then 409 DUPLICATE names the field and 张三`, async () => {
      const value = b.value();
      const zhang = await create('张三', world.a.id, { [b.field]: value });
      assert.equal(zhang.status, 201);
      assert.equal(zhang.body[b.field], value);

      const clash = await create('李四', world.a.id, { [b.field]: value });
      assert.equal(clash.status, 409);
      assert.equal(clash.body.code, 'DUPLICATE');
      assert.equal(clash.body.details[0].field, `body.${b.field}`);
      assert.match(clash.body.details[0].message, new RegExp(`该${b.label}已绑定给 张三`));

      const li = await create('李四', world.a.id);
      const sameCaseInsensitive = await ctx.server.admin.patch(`/api/users/${li.body.id}`, { [b.field]: value.toUpperCase() });
      assert.equal(sameCaseInsensitive.status, 409);
      assert.equal(sameCaseInsensitive.body.details[0].field, `body.${b.field}`);

      // Saving the user's own binding again is not a clash.
      const own = await ctx.server.admin.patch(`/api/users/${zhang.body.id}`, { [b.field]: value, displayName: '张三丰' });
      assert.equal(own.status, 200);
    });

    test(`given a ${b.field} bound to one user, when it is unbound (null), then another user can take it`, async () => {
      const value = b.value();
      const first = await create('赵一', world.a.id, { [b.field]: value });
      const second = await create('钱二', world.a.id);

      const unbind = await ctx.server.admin.patch(`/api/users/${first.body.id}`, { [b.field]: null, reason: '换机' });
      assert.equal(unbind.status, 200);
      assert.equal(unbind.body[b.field], null);

      const rebind = await ctx.server.admin.patch(`/api/users/${second.body.id}`, { [b.field]: value });
      assert.equal(rebind.status, 200, JSON.stringify(rebind.body));
      assert.equal(rebind.body[b.field], value);
      assert.equal((await ctx.server.admin.get(`/api/users/${first.body.id}`)).body[b.field], null);

      const back = await ctx.server.admin.patch(`/api/users/${first.body.id}`, { [b.field]: value });
      assert.equal(back.status, 409, 'the first user cannot take it back while it is bound');
    });
  }

  test('given an IP phone bound to a user of subsidiary B, when the admin of A tries it, then 409 without naming the B user', async () => {
    const value = `sip-${uid()}`;
    const holder = await create('乙方保密人', world.b.id, { ipPhone: value });
    assert.equal(holder.status, 201);
    const res = await world.a.as.subsidiary_admin.post('/api/users', {
      username: `b${uid()}`,
      password: 'Binding2026',
      displayName: '甲方新人',
      orgId: world.a.id,
      roleIds: [world.roleIds.agent],
      ipPhone: value,
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.details[0].field, 'body.ipPhone');
    assert.ok(!JSON.stringify(res.body).includes('乙方保密人'));
    assert.match(res.body.details[0].message, /其他单位的用户/);
  });

  test('given one user, then they may hold an agent number, an IP phone and a device at once', async () => {
    const res = await create('全绑定', world.a.id, { agentNo: `A${uid()}`, ipPhone: `sip-${uid()}`, mobileDeviceId: `dev-${uid()}` });
    assert.equal(res.status, 201);
    assert.ok(res.body.agentNo && res.body.ipPhone && res.body.mobileDeviceId);
  });
});
