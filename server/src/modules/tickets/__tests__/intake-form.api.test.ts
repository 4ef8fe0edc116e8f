import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildWorld, describeEachDb, type World } from '../../../testing/index.js';
import { eventually } from '../../ticket-process/__tests__/ticket-scenario.js';
import { freshMobile } from './intake.fixtures.js';
import { uniqueHex } from '../../../testing/unique-hex.js';

const uid = uniqueHex;

describeEachDb(
  'ticket intake with the type’s intake form',
  (ctx) => {
    let world: World;
    let heating: string;
    before(async () => {
      world = await buildWorld(ctx.server, 'itf');
      heating = `heat_${uid()}`;
      const created = await ctx.server.admin.post('/api/ticket-types', {
        code: heating,
        name: `供热不热${heating}`,
        intakeFormId: 'ticket-intake-heating',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    });

    const base = () => `/api/subsidiaries/${world.a.id}/tickets`;
    const body = (extra: Record<string, unknown>) => ({
      callerPhone: freshMobile(),
      typeCode: heating,
      urgency: 'normal',
      source: 'phone',
      title: '暖气不热',
      ...extra,
    });
    const ticketCount = async () => {
      const tenant = await ctx.server.services.tenants.byId(world.a.id);
      const [[row]] = (await tenant.db.query('SELECT COUNT(*) AS n FROM tickets')) as [{ n: number }[], unknown];
      return Number(row!.n);
    };
    const settled = (ticketId: number) =>
      eventually(`dispatch task of ticket ${ticketId}`, async () =>
        (await ctx.server.services.engine.searchUserTasks({ tenantId: world.a.code, state: 'created', elementId: 'dispatch' })).find(
          (t) => t.variables.ticketId === ticketId,
        ),
      );

    test('given a type with an intake form, when the agent sends valid answers, then they are stored with the ticket and the detail returns them with the form id', async () => {
      // when
      const res = await world.a.as.agent.post(
        base(),
        body({ formData: { roomTemp: 14.5, abnormalPart: 'radiator', vulnerableOccupants: true, symptom: '上热下凉' } }),
      );
      // then
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await settled(res.body.id);
      const detail = await world.a.as.agent.get(`${base()}/${res.body.id}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.formId, 'ticket-intake-heating');
      // the version intake validated against: the form's current stored version (decision 0012)
      const stored = await ctx.server.admin.get('/api/forms/ticket-intake-heating');
      assert.equal(stored.status, 200);
      assert.equal(detail.body.formVersion, stored.body.version);
      assert.deepEqual(detail.body.formData, { roomTemp: 14.5, abnormalPart: 'radiator', vulnerableOccupants: true, symptom: '上热下凉' });
      // and the created entry of the timeline names the form
      const timeline = await world.a.as.agent.get(`${base()}/${res.body.id}/timeline`);
      const created = timeline.body.entries.find((e: { kind: string }) => e.kind === 'created');
      assert.equal(created.data.formId, 'ticket-intake-heating');
    });

    test('given a type with an intake form, when required answers are missing or wrong, then 422 FORM_INVALID names each form field in Chinese and nothing is written', async () => {
      const before = await ticketCount();
      // when: nothing at all, then a temperature out of range, an option not offered and a field the form lacks
      const none = await world.a.as.agent.post(base(), body({}));
      const wrong = await world.a.as.agent.post(base(), body({ formData: { roomTemp: 99, abnormalPart: 'roof', colour: 'red' } }));
      // then
      assert.equal(none.status, 422, JSON.stringify(none.body));
      assert.equal(none.body.code, 'FORM_INVALID');
      assert.deepEqual(none.body.details, [
        { field: 'body.formData.roomTemp', message: '「室内温度（℃）」为必填项' },
        { field: 'body.formData.abnormalPart', message: '「异常部位」为必填项' },
      ]);
      assert.equal(wrong.status, 422);
      assert.deepEqual(wrong.body.details.map((d: { field: string }) => d.field).sort(), [
        'body.formData.abnormalPart',
        'body.formData.colour',
        'body.formData.roomTemp',
      ]);
      for (const d of wrong.body.details) assert.match(d.message, /[\u4e00-\u9fa5]/);
      assert.equal(await ticketCount(), before);
    });

    test('given a type without an intake form, when form data is sent, then 400 names body.formData and nothing is written; an empty object is accepted', async () => {
      const before = await ticketCount();
      const res = await world.a.as.agent.post(base(), body({ typeCode: 'repair', formData: { roomTemp: 15 } }));
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.deepEqual(res.body.details, [{ field: 'body.formData', message: '该工单类型没有受理表单，不能提交表单数据' }]);
      assert.equal(await ticketCount(), before);
      // an empty object (what a console form without a form-js part may send) is no answer at all
      const empty = await world.a.as.agent.post(base(), body({ typeCode: 'repair', formData: {} }));
      assert.equal(empty.status, 201, JSON.stringify(empty.body));
      await settled(empty.body.id);
      const detail = await world.a.as.agent.get(`${base()}/${empty.body.id}`);
      assert.equal(detail.body.formId, null);
      assert.equal(detail.body.formData, null);
    });
  },
  { LOG_LEVEL: 'error' },
);
