import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { EXTENSION_POINTS, readProcessModel } from '@warmline/process-models';
import { buildWorld, describeEachDb, WORLD_PASSWORD, type ApiClient, type World } from '../../../testing/index.js';
import { removeNode } from '../../process-definitions/__tests__/shipped-model-edits.js';
import { branchingExtension, loopingExtension, spinningExtension, waitingExtension } from './test-run-samples.js';

const EXT = EXTENSION_POINTS.beforeHandle;

const testRun = (client: ApiClient, content: string, input?: unknown, extra?: Record<string, string>) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(Buffer.from(content))]), 'model.bpmn');
  if (input !== undefined) form.append('input', typeof input === 'string' ? input : JSON.stringify(input));
  for (const [k, v] of Object.entries(extra ?? {})) form.append(k, v);
  return client.request('POST', '/api/process-definitions/test-run', form);
};

interface Step {
  elementId: string;
  name: string;
  type: string;
  typeName: string;
  at: string;
  detail?: string;
}

describeEachDb('process test run: an uploaded model runs once in a throw-away engine, nothing is deployed', (ctx) => {
  let world: World;
  let subAdmin: ApiClient;

  /** Everything a test run must leave alone: definitions, instances of both tenants, audit records. */
  async function realState(): Promise<string> {
    const group = ctx.server.services.dbs.group;
    const count = async (db: typeof group, sql: string) => Number(((await db.query(sql))[0] as { n: number | string }[])[0].n);
    const out: Record<string, number> = {
      definitions: await count(group, 'SELECT COUNT(*) AS n FROM process_definitions'),
      audit: await count(group, 'SELECT COUNT(*) AS n FROM audit_logs'),
    };
    for (const sub of [world.a, world.b]) {
      const tenant = await ctx.server.services.tenants.byId(sub.id);
      out[`instances.${sub.code}`] = await count(tenant.db, 'SELECT COUNT(*) AS n FROM engine_instances');
      out[`tasks.${sub.code}`] = await count(tenant.db, 'SELECT COUNT(*) AS n FROM engine_user_tasks');
    }
    return JSON.stringify(out);
  }

  before(async () => {
    world = await buildWorld(ctx.server, 'tr');
    subAdmin = await ctx.server.login(world.a.usernames.subsidiary_admin, WORLD_PASSWORD);
  });

  test('given an extension with a user task and a gateway, when the subsidiary admin test-runs it with a large amount, then the big branch runs and nothing is deployed', async () => {
    // given
    const before = await realState();
    const listBefore = await subAdmin.get('/api/process-definitions?pageSize=200&allVersions=true');
    // when
    const res = await testRun(subAdmin, branchingExtension(EXT), {
      variables: { amount: 5000 },
      answers: { Check: { checked: true } },
      jobOutputs: { 'wl-test-review': { reviewed: '已复核' } },
    });
    // then
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 1500));
    assert.equal(res.body.outcome, 'completed', JSON.stringify(res.body));
    assert.equal(res.body.processId, EXT);
    const steps = res.body.steps as Step[];
    assert.deepEqual(
      steps.map((s) => s.elementId),
      ['Start', 'Check', 'Amount', 'BigReview', 'EndBig'],
    );
    assert.ok(res.body.visitedElementIds.includes('BigReview') && !res.body.visitedElementIds.includes('WaitDay'));
    assert.ok(res.body.takenFlowIds.includes('ToBig') && !res.body.takenFlowIds.includes('ToSmall'));
    const check = steps.find((s) => s.elementId === 'Check')!;
    assert.equal(check.name, '核实');
    assert.equal(check.typeName, '用户任务');
    assert.match(check.detail ?? '', /checked/);
    assert.match(steps.find((s) => s.elementId === 'BigReview')!.detail ?? '', /模拟作业「wl-test-review」/);
    assert.deepEqual(res.body.variables, { amount: 5000, checked: true, reviewed: '已复核' });
    assert.ok(
      (res.body.notes as string[]).some((n) => n.includes('wl-test-review') && n.includes('模拟输出')),
      JSON.stringify(res.body.notes),
    );
    assert.ok(steps.every((s, i) => i === 0 || s.at >= steps[i - 1].at));
    assert.equal(await realState(), before);
    assert.deepEqual((await subAdmin.get('/api/process-definitions?pageSize=200&allVersions=true')).body, listBefore.body);
  });

  test('given the same extension, when run with a small amount, then the default branch runs and its timer fires at once', async () => {
    // when
    const res = await testRun(subAdmin, branchingExtension(EXT), { variables: { amount: 10 } });
    // then
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 1500));
    assert.equal(res.body.outcome, 'completed', JSON.stringify(res.body));
    assert.deepEqual(
      (res.body.steps as Step[]).map((s) => s.elementId),
      ['Start', 'Check', 'Amount', 'WaitDay', 'SmallNote', 'EndSmall'],
    );
    assert.match((res.body.steps as Step[])[1].detail ?? '', /空数据/);
    assert.equal(res.body.variables.route, '小额');
    assert.ok((res.body.notes as string[]).some((n) => n.includes('等待一天') && n.includes('立即触发')));
  });

  test('given a group-wide custom process, when the group admin test-runs it, then it runs like an extension and nothing is deployed', async () => {
    // given
    const before = await realState();
    // when
    const res = await testRun(ctx.server.admin, branchingExtension('tr-group-custom'), { variables: { amount: 2000 } });
    // then
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 1500));
    assert.equal(res.body.outcome, 'completed', JSON.stringify(res.body));
    assert.deepEqual(
      (res.body.steps as Step[]).map((s) => s.elementId),
      ['Start', 'Check', 'Amount', 'BigReview', 'EndBig'],
    );
    assert.equal(await realState(), before);
  });

  test('given the shipped wl-ticket with a locked node removed, when the group test-runs it, then 422 like a deploy', async () => {
    // given
    const shipped = readProcessModel('wl-ticket')!.content;
    const before = await realState();
    // when
    const res = await testRun(ctx.server.admin, removeNode(shipped, 'close'));
    // then
    assert.equal(res.status, 422, JSON.stringify(res.body).slice(0, 800));
    assert.equal(res.body.code, 'MODEL_REJECTED');
    assert.ok(res.body.details.some((d: { elementId?: string; message: string }) => d.elementId === 'close' && /已被删除/.test(d.message)));
    assert.equal(await realState(), before);
  });

  test('given a process the caller may not deploy, when test-run, then 403 naming it (core or custom id for a subsidiary, an extension for the group)', async () => {
    for (const [client, processId] of [
      [subAdmin, 'wl-ticket'],
      [subAdmin, 'my-custom-process'],
      [ctx.server.admin, EXT],
    ] as const) {
      const res = await testRun(client, branchingExtension(processId));
      assert.equal(res.status, 403, `${processId}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'FORBIDDEN');
      assert.deepEqual(
        res.body.details.map((d: { elementId: string }) => d.elementId),
        [processId],
      );
    }
  });

  test('given a user task that loops for ever, when test-run, then incident naming the limit instead of hanging', async () => {
    // when
    const res = await testRun(subAdmin, loopingExtension(EXT));
    // then
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 800));
    assert.equal(res.body.outcome, 'incident', JSON.stringify(res.body).slice(0, 800));
    assert.match(res.body.summary, /超过 (200 步|5 秒)/);
    assert.ok(res.body.problems.some((p: { message: string }) => /死循环/.test(p.message)));
    assert.ok((res.body.steps as Step[]).filter((s) => s.elementId === 'Again').length > 3);
  });

  test('given a script loop without any wait state, when test-run, then incident (死循环) and the server keeps answering', async () => {
    const res = await testRun(subAdmin, spinningExtension(EXT));
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 800));
    assert.equal(res.body.outcome, 'incident', JSON.stringify(res.body).slice(0, 800));
    assert.ok(
      res.body.problems.some((p: { message: string }) => /死循环/.test(p.message)),
      JSON.stringify(res.body.problems),
    );
    assert.equal((await subAdmin.get('/api/auth/me')).status, 200);
  });

  test('given a message catch event, when test-run, then waiting there', async () => {
    const res = await testRun(subAdmin, waitingExtension(EXT), { variables: { ticketId: 't-1' } });
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 800));
    assert.equal(res.body.outcome, 'waiting', JSON.stringify(res.body));
    assert.deepEqual(res.body.activeElementIds, ['CallBack']);
    assert.match(res.body.summary, /等客户回电/);
  });

  test('given bad run input, when test-run, then 400 naming the field', async () => {
    const notJson = await testRun(subAdmin, branchingExtension(EXT), '{variables:');
    assert.equal(notJson.status, 400);
    assert.deepEqual(
      notJson.body.details.map((d: { field: string }) => d.field),
      ['body.input'],
    );
    const wrongShape = await testRun(subAdmin, branchingExtension(EXT), { variables: [1, 2] });
    assert.equal(wrongShape.status, 400);
    assert.ok(
      wrongShape.body.details.some((d: { field: string }) => d.field.startsWith('body.input.variables')),
      JSON.stringify(wrongShape.body),
    );
    const extra = await testRun(subAdmin, branchingExtension(EXT), {}, { tenant: 'B01' });
    assert.equal(extra.status, 400);
    assert.deepEqual(
      extra.body.details.map((d: { field: string }) => d.field),
      ['body.tenant'],
    );
  });
});
