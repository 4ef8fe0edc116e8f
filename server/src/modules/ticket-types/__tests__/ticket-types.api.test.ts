import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { CORE_TICKET_TYPES } from '@warmline/contracts';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

interface TypeItem {
  code: string;
  name: string;
  core: boolean;
  enabled: boolean;
  isConsultation: boolean;
  intakeFormId: string | null;
  processId: string;
}

describeEachDb('ticket types', (ctx) => {
  let world: World;
  before(async () => {
    world = await buildWorld(ctx.server, 'tty');
  });

  const dictItem = async (code: string) => {
    const res = await ctx.server.admin.get('/api/dictionaries/ticket_type/items?includeDisabled=true');
    return (res.body as { code: string; label: string; enabled: boolean }[]).find((i) => i.code === code);
  };

  test('given a fresh install, then the 8 core types exist, named as the ticket_type dictionary, running wl-ticket', async () => {
    // when an agent lists the types
    const res = await world.a.as.agent.get('/api/ticket-types');
    // then every core type is there, protected, with the dictionary's label
    assert.equal(res.status, 200);
    const list = res.body as TypeItem[];
    for (const code of CORE_TICKET_TYPES) {
      const t = list.find((x) => x.code === code);
      assert.ok(t, code);
      assert.equal(t.core, true);
      assert.equal(t.processId, 'wl-ticket');
      assert.equal(t.name, (await dictItem(code))!.label);
    }
    assert.equal(list.find((t) => t.code === 'consultation')!.isConsultation, true);
  });

  test('a core type can be neither deleted nor disabled, and its process and consultation flag are fixed', async () => {
    // when the group admin tries to delete, disable or rebind a core type
    const del = await ctx.server.admin.delete('/api/ticket-types/repair', { reason: '试删' });
    const off = await ctx.server.admin.patch('/api/ticket-types/complaint', { enabled: false });
    const flag = await ctx.server.admin.patch('/api/ticket-types/repair', { isConsultation: true });
    // then each answers 409 PROTECTED with a Chinese message, and nothing changed
    assert.equal(del.status, 409);
    assert.equal(del.body.code, 'PROTECTED');
    assert.match(del.body.message, /核心工单类型不能删除/);
    assert.equal(off.status, 409);
    assert.deepEqual(off.body.details, [{ field: 'body.enabled', message: '核心工单类型不能停用' }]);
    assert.equal(flag.status, 409);
    assert.equal(flag.body.details[0].field, 'body.isConsultation');
    const repair = (await ctx.server.admin.get('/api/ticket-types/repair')).body as TypeItem;
    assert.equal(repair.enabled, true);
    assert.equal(repair.isConsultation, false);
    // but renaming a core type is allowed and reaches the dictionary
    const renamed = await ctx.server.admin.patch('/api/ticket-types/temperature_check', { name: '室温检测', reason: '口径调整' });
    assert.equal(renamed.status, 200);
    assert.equal((await dictItem('temperature_check'))!.label, '室温检测');
  });

  test('an admin-added type is mirrored in the dictionary, SLA rules accept it, and disabling / deleting it follows', async () => {
    // given a new type with an intake form
    const code = `gas_${uid()}`;
    const res = await ctx.server.admin.post('/api/ticket-types', {
      code,
      name: `燃气异味${code}`,
      intakeFormId: 'ticket-handle',
      isConsultation: false,
      reason: '新业务',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.processId, 'wl-ticket');
    assert.equal(res.body.core, false);
    // then the dictionary has it and an SLA rule can name it at once
    assert.equal((await dictItem(code))!.label, `燃气异味${code}`);
    const rule = await ctx.server.admin.post('/api/sla-rules', {
      name: `规则${code}`,
      ticketType: code,
      handleMinutes: 60,
      remindBeforeMinutes: 10,
      timeMode: 'natural',
    });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    // when it is disabled, the dictionary item is disabled and intake lists no longer show it
    assert.equal((await ctx.server.admin.patch(`/api/ticket-types/${code}`, { enabled: false })).status, 200);
    assert.equal((await dictItem(code))!.enabled, false);
    assert.ok(!((await world.a.as.agent.get('/api/ticket-types')).body as TypeItem[]).some((t) => t.code === code));
    // when it is deleted, the dictionary item goes too
    assert.equal((await ctx.server.admin.delete(`/api/ticket-types/${code}`, { reason: '业务取消' })).status, 204);
    assert.equal(await dictItem(code), undefined);
  });

  test('an unknown intake form, an undeployed process or a helper process is refused with the field named', async () => {
    const post = (extra: object) => ctx.server.admin.post('/api/ticket-types', { code: `x_${uid()}`, name: `类型${uid()}`, ...extra });
    const form = await post({ intakeFormId: 'no-such-form' });
    assert.equal(form.status, 400);
    assert.deepEqual(form.body.details, [{ field: 'body.intakeFormId', message: '表单 no-such-form 不存在' }]);
    const proc = await post({ processId: 'wl-nowhere' });
    assert.equal(proc.status, 400);
    assert.equal(proc.body.details[0].field, 'body.processId');
    assert.match(proc.body.details[0].message, /尚未由集团部署/);
    const helper = await post({ processId: 'wl-sla-clock' });
    assert.equal(helper.status, 400);
    assert.match(helper.body.details[0].message, /不是工单流程/);
    const dup = await post({ code: 'repair' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'DUPLICATE');
  });

  test('only holders of ticket-type:manage change types', async () => {
    const res = await world.a.as.subsidiary_admin.post('/api/ticket-types', { code: `y_${uid()}`, name: '越权类型' });
    assert.equal(res.status, 403);
  });
});
