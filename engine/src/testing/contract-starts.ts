import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GROUP_TENANT } from '../process-engine.js';
import { instanceIn, openTasks, sleep, until, type ContractContext } from './contract-helpers.js';
import { signalCatchModel } from './models-events.js';
import { messageStartModel, plainTaskModel, signalStartModel, signalThrowModel, timerStartModel } from './models-starts.js';

/** Keys of the instances of `processId` started so far (from the event stream). */
export const startedOf = (ctx: ContractContext, processId: string): string[] =>
  ctx.events.flatMap((e) => (e.type === 'instance.started' && e.processId === processId ? [e.instanceKey] : []));

/** Wait until `count` instances of `processId` were started. */
export const waitStarted = (ctx: ContractContext, processId: string, count: number, timeoutMs = 10_000): Promise<string[]> =>
  until(
    `${count} instance(s) of ${processId}`,
    async () => startedOf(ctx, processId).length >= count && startedOf(ctx, processId),
    timeoutMs,
  );

/** Complete the open `handle` task of an instance and wait for its end. */
export async function finish(ctx: ContractContext, instanceKey: string): Promise<void> {
  const [task] = await openTasks(ctx, instanceKey, 'handle');
  await ctx.engine.completeUserTask(ctx.tenantId, task.taskKey, {});
  await instanceIn(ctx, instanceKey, 'completed');
}

/** Message start events with Zeebe semantics. */
export function messageStartContract(ctx: ContractContext): void {
  test('given a message start event, when messages are published, then each starts an instance with its variables, but not twice for a correlation key whose instance is still active', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'ms.bpmn', content: messageStartModel('s-msg', 's-order') }]);
    const first = await engine.publishMessage({ tenantId, name: 's-order', correlationKey: 'k1', variables: { amount: 5 } });
    assert.equal(first.correlated, true);
    const [k1] = await waitStarted(ctx, 's-msg', 1);
    const inst = await engine.getInstance(tenantId, k1);
    assert.equal(inst?.variables.amount, 5);
    assert.deepEqual(inst?.activeElementIds, ['handle']);

    // when: the same correlation key again while the first instance is active → no second instance
    const again = await engine.publishMessage({ tenantId, name: 's-order', correlationKey: 'k1', variables: { amount: 6 } });
    assert.equal(again.correlated, false);
    // when: another correlation key → a second instance
    await engine.publishMessage({ tenantId, name: 's-order', correlationKey: 'k2' });
    await waitStarted(ctx, 's-msg', 2);
    await sleep(100);
    assert.equal(startedOf(ctx, 's-msg').length, 2);

    // when: the first instance ended, the key may start a new one
    await finish(ctx, k1);
    await engine.publishMessage({ tenantId, name: 's-order', correlationKey: 'k1', variables: { amount: 7 } });
    const keys = await waitStarted(ctx, 's-msg', 3);
    assert.equal((await engine.getInstance(tenantId, keys[2]))?.variables.amount, 7);
  });

  test('given a message start held back by the correlation-key rule, when the blocking instance ends (completed or canceled), then the oldest buffered message still alive starts the next instance; unbuffered and expired ones never do', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'ms-buf.bpmn', content: messageStartModel('s-msg-buf', 's-buf') }]);
    const publish = (n: number, timeToLiveMs: number) =>
      engine.publishMessage({ tenantId, name: 's-buf', correlationKey: 'b1', variables: { n }, timeToLiveMs });
    await publish(1, 0);
    const [first] = await waitStarted(ctx, 's-msg-buf', 1);
    // given messages held back while the first instance is active: buffered (TTL), not buffered, buffered later
    assert.equal((await publish(2, 60_000)).correlated, false);
    await publish(3, 0);
    await publish(4, 60_000);
    await sleep(100);
    assert.equal(startedOf(ctx, 's-msg-buf').length, 1, 'nothing starts while the key is held');
    // when the first instance completes, then the oldest buffered message (2) starts the next one
    await finish(ctx, first);
    const [, second] = await waitStarted(ctx, 's-msg-buf', 2);
    assert.equal((await engine.getInstance(tenantId, second))?.variables.n, 2);
    await sleep(150);
    assert.equal(startedOf(ctx, 's-msg-buf').length, 2, 'one buffered message per release');
    // when the second instance is canceled, then the next buffered message (4) starts the third (3 was never buffered)
    await engine.cancelInstance(tenantId, second);
    const [, , third] = await waitStarted(ctx, 's-msg-buf', 3);
    assert.equal((await engine.getInstance(tenantId, third))?.variables.n, 4);
    // when a buffered message expires before the key is released, then it starts nothing
    await publish(5, 150);
    await sleep(300);
    await finish(ctx, third);
    await sleep(300);
    assert.equal(startedOf(ctx, 's-msg-buf').length, 3);
  });

  test('given a message start event, when a message without correlation key is published twice with one message id, then one instance starts', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'ms-id.bpmn', content: messageStartModel('s-msg-id', 's-ping') }]);
    await engine.publishMessage({ tenantId, name: 's-ping', correlationKey: '', messageId: 'm-1', timeToLiveMs: 60_000 });
    await engine.publishMessage({ tenantId, name: 's-ping', correlationKey: '', messageId: 'm-1', timeToLiveMs: 60_000 });
    await engine.publishMessage({ tenantId, name: 's-ping', correlationKey: '' });
    await waitStarted(ctx, 's-msg-id', 2);
    await sleep(200);
    assert.equal(startedOf(ctx, 's-msg-id').length, 2);
  });

  test('given a process with a message start event only, when started through the API, then it is refused; with a none start event too, the API start takes the none start event', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'ms-only.bpmn', content: messageStartModel('s-msg-only', 's-only') }]);
    await assert.rejects(engine.startInstance({ tenantId, processId: 's-msg-only' }));
    await engine.deploy(tenantId, [{ name: 'ms-both.bpmn', content: messageStartModel('s-msg-both', 's-both', { noneStart: true }) }]);
    const ref = await engine.startInstance({ tenantId, processId: 's-msg-both' });
    const tasks = await openTasks(ctx, ref.instanceKey, 'handle');
    await sleep(100);
    assert.equal(tasks.length, 1);
    assert.equal((await engine.searchUserTasks({ tenantId, instanceKey: ref.instanceKey, state: 'created' })).length, 1);
    await finish(ctx, ref.instanceKey);
  });

  test('given a new version without the message start event, when the message is published, then no instance starts (only the latest version subscribes)', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'ms-v.bpmn', content: messageStartModel('s-msg-v', 's-versioned') }]);
    await engine.publishMessage({ tenantId, name: 's-versioned', correlationKey: '' });
    await waitStarted(ctx, 's-msg-v', 1);
    const v2 = await engine.deploy(tenantId, [{ name: 'ms-v.bpmn', content: plainTaskModel('s-msg-v') }]);
    assert.equal(v2[0].version, 2);
    const r = await engine.publishMessage({ tenantId, name: 's-versioned', correlationKey: '' });
    assert.equal(r.correlated, false);
    await sleep(300);
    assert.equal(startedOf(ctx, 's-msg-v').length, 1);
  });

  test('given a buffered message, when a process with a matching message start event is deployed afterwards, then the message starts nothing (as Zeebe)', async () => {
    const { engine, tenantId } = ctx;
    await engine.publishMessage({ tenantId, name: 's-early', correlationKey: '', timeToLiveMs: 60_000 });
    await engine.deploy(tenantId, [{ name: 'ms-late.bpmn', content: messageStartModel('s-msg-late', 's-early') }]);
    await sleep(500);
    assert.equal(startedOf(ctx, 's-msg-late').length, 0);
    await engine.publishMessage({ tenantId, name: 's-early', correlationKey: '' });
    await waitStarted(ctx, 's-msg-late', 1);
  });

  test('given a message start event deployed for the group, when a subsidiary publishes the message, then the instance starts in that subsidiary; its own version takes precedence', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(GROUP_TENANT, [{ name: 'ms-g.bpmn', content: messageStartModel('s-msg-g', 's-group', { marker: 'group' }) }]);
    await engine.publishMessage({ tenantId, name: 's-group', correlationKey: '' });
    const [k1] = await waitStarted(ctx, 's-msg-g', 1);
    const [t1] = await openTasks(ctx, k1, 'handle');
    assert.equal(t1.variables.marker, 'group');
    await engine.deploy(tenantId, [{ name: 'ms-g.bpmn', content: messageStartModel('s-msg-g', 's-group', { marker: 'own' }) }]);
    await engine.publishMessage({ tenantId, name: 's-group', correlationKey: '' });
    const keys = await waitStarted(ctx, 's-msg-g', 2);
    const [t2] = await openTasks(ctx, keys[1], 'handle');
    assert.equal(t2.variables.marker, 'own');
    await sleep(200);
    assert.equal(startedOf(ctx, 's-msg-g').length, 2);
  });
}

/** Timer start events: dates, ISO cycles and cron cycles of the latest version. */
export function timerStartContract(ctx: ContractContext): void {
  test('given a timer start event with a date 1–2 s ahead, when it passes, then exactly one instance starts', async () => {
    const { engine, tenantId } = ctx;
    // whole seconds: the Camunda 8.8 lint refuses fractions of a second in a timer date
    const date = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    await engine.deploy(tenantId, [{ name: 'ts-date.bpmn', content: timerStartModel('s-timer-date', { date }) }]);
    assert.equal(startedOf(ctx, 's-timer-date').length, 0);
    const [key] = await waitStarted(ctx, 's-timer-date', 1, 8000);
    const inst = await engine.getInstance(tenantId, key);
    assert.ok(Date.parse(inst!.startedAt) >= Date.parse(date) - 50, 'not before the date');
    assert.deepEqual(inst?.activeElementIds, ['handle']);
    await sleep(1500);
    assert.equal(startedOf(ctx, 's-timer-date').length, 1);
  });

  test('given a timer start event R2/PT1S, when time passes, then exactly two instances start about a second apart', async () => {
    const { engine, tenantId } = ctx;
    const t0 = Date.now();
    await engine.deploy(tenantId, [{ name: 'ts-r2.bpmn', content: timerStartModel('s-timer-r2', { cycle: 'R2/PT1S' }) }]);
    const keys = await waitStarted(ctx, 's-timer-r2', 2, 8000);
    const starts = await Promise.all(keys.map(async (k) => Date.parse((await engine.getInstance(tenantId, k))!.startedAt)));
    assert.ok(starts[0] - t0 >= 950, `first after 1 s (${starts[0] - t0} ms)`);
    assert.ok(starts[1] - starts[0] >= 900, `second a second later (${starts[1] - starts[0]} ms)`);
    await sleep(1800);
    assert.equal(startedOf(ctx, 's-timer-r2').length, 2);
  });

  test('given a cron timer start event, when a new version replaces it, then the new version starts the next instances, and a version without it stops them', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'ts-cron.bpmn', content: timerStartModel('s-timer-cron', { cycle: '* * * * * *' }) }]);
    await waitStarted(ctx, 's-timer-cron', 2, 8000);
    await engine.deploy(tenantId, [{ name: 'ts-cron.bpmn', content: timerStartModel('s-timer-cron', { cycle: 'R/PT1S' }) }]);
    const before = startedOf(ctx, 's-timer-cron').length;
    const keys = await waitStarted(ctx, 's-timer-cron', before + 2, 8000);
    const versions = await Promise.all(keys.slice(before).map(async (k) => (await engine.getInstance(tenantId, k))!.version));
    assert.deepEqual(versions, [2, 2]);
    await engine.deploy(tenantId, [{ name: 'ts-cron.bpmn', content: plainTaskModel('s-timer-cron') }]);
    await sleep(300);
    const stopped = startedOf(ctx, 's-timer-cron').length;
    await sleep(2200);
    assert.equal(startedOf(ctx, 's-timer-cron').length, stopped);
  });
}

/** Signal start events and signal throw events broadcasting into the tenant. */
export function signalContract(ctx: ContractContext): void {
  test('given a signal start event, when the signal is broadcast, then an instance starts with the signal variables', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [{ name: 'ss.bpmn', content: signalStartModel('s-sig-start', 's-storm') }]);
    await assert.rejects(engine.startInstance({ tenantId, processId: 's-sig-start' }));
    await engine.broadcastSignal(tenantId, 's-storm', { area: 'north' });
    const [key] = await waitStarted(ctx, 's-sig-start', 1);
    assert.equal((await engine.getInstance(tenantId, key))?.variables.area, 'north');
  });

  test('given signal throw events, when an instance reaches them, then they broadcast into the tenant: catch events continue and signal start events start instances', async () => {
    const { engine, tenantId } = ctx;
    await engine.deploy(tenantId, [
      { name: 'st-throw.bpmn', content: signalThrowModel('s-sig-throw', 's-outage', 's-restored') },
      { name: 'st-catch.bpmn', content: signalCatchModel('s-sig-catch', 's-outage') },
      { name: 'st-start.bpmn', content: signalStartModel('s-sig-restored', 's-restored') },
    ]);
    const waiting = await engine.startInstance({ tenantId, processId: 's-sig-catch' });
    await until('catch event waiting', async () =>
      (await engine.getInstance(tenantId, waiting.instanceKey))?.activeElementIds.includes('wait'),
    );
    const thrower = await engine.startInstance({ tenantId, processId: 's-sig-throw', variables: { ticket: 'T-9' } });
    const [first] = await openTasks(ctx, thrower.instanceKey, 'first');
    await engine.completeUserTask(tenantId, first.taskKey, {});
    const caught = await instanceIn(ctx, waiting.instanceKey, 'completed');
    assert.equal(caught.variables.ticket, 'T-9');
    const [second] = await openTasks(ctx, thrower.instanceKey, 'second');
    assert.equal(startedOf(ctx, 's-sig-restored').length, 0);
    await engine.completeUserTask(tenantId, second.taskKey, {});
    await instanceIn(ctx, thrower.instanceKey, 'completed');
    await waitStarted(ctx, 's-sig-restored', 1);
  });
}

/** listDefinitions: the tenant's own versions, optionally with the group's. */
export function definitionListContract(ctx: ContractContext): void {
  test("given versions deployed for the tenant and the group, when listing definitions, then the tenant's own come by process id and version, and the group's only when asked", async () => {
    const { engine, tenantId } = ctx;
    const v1 = await engine.deploy(tenantId, [{ name: 'list.bpmn', content: plainTaskModel('s-list') }]);
    const v2 = await engine.deploy(tenantId, [
      { name: 'list.bpmn', content: messageStartModel('s-list', 's-list-msg', { noneStart: true }) },
    ]);
    const g = await engine.deploy(GROUP_TENANT, [{ name: 'list-g.bpmn', content: plainTaskModel('s-list-group') }]);
    const own = (await engine.listDefinitions(tenantId)).filter((d) => d.processId.startsWith('s-list'));
    assert.deepEqual(
      own.map((d) => [d.tenantId, d.processId, d.version, d.definitionKey, d.resourceName]),
      [
        [tenantId, 's-list', 1, v1[0].definitionKey, 'list.bpmn'],
        [tenantId, 's-list', 2, v2[0].definitionKey, 'list.bpmn'],
      ],
    );
    for (const d of own) if (d.deployedAt !== null) assert.ok(Math.abs(Date.parse(d.deployedAt) - Date.now()) < 120_000);
    const withGroup = (await engine.listDefinitions(tenantId, { includeGroup: true })).filter((d) => d.processId.startsWith('s-list'));
    assert.deepEqual(
      withGroup.map((d) => [d.tenantId, d.processId, d.version]),
      [
        [tenantId, 's-list', 1],
        [tenantId, 's-list', 2],
        [GROUP_TENANT, 's-list-group', g[0].version],
      ],
    );
  });

  test("given two versions and instances running on one, when reading a version's XML and counting running instances, then each version answers its own XML and count", async () => {
    const { engine, tenantId } = ctx;
    const first = plainTaskModel('s-xml');
    const second = messageStartModel('s-xml', 's-xml-msg', { noneStart: true });
    const v1 = await engine.deploy(tenantId, [{ name: 'xml.bpmn', content: first }]);
    const v2 = await engine.deploy(tenantId, [{ name: 'xml.bpmn', content: second }]);
    assert.equal(await engine.getDefinitionXml(tenantId, 's-xml', 1), first);
    assert.equal(await engine.getDefinitionXml(tenantId, 's-xml', 2), second);
    assert.equal(await engine.getDefinitionXml(tenantId, 's-xml', 3), undefined);
    assert.equal(await engine.getDefinitionXml(GROUP_TENANT, 's-xml', 1), undefined);
    const keys = [v1[0].definitionKey, v2[0].definitionKey];
    assert.deepEqual(await engine.countRunningInstances(tenantId, keys), { [keys[0]]: 0, [keys[1]]: 0 });
    const a = await engine.startInstance({ tenantId, processId: 's-xml', version: 1 });
    await engine.startInstance({ tenantId, processId: 's-xml', version: 1 });
    const finished = await engine.startInstance({ tenantId, processId: 's-xml', version: 2 });
    await engine.cancelInstance(tenantId, finished.instanceKey);
    const counts = await until('running counts', async () => {
      const c = await engine.countRunningInstances(tenantId, keys);
      return c[keys[0]] === 2 && c[keys[1]] === 0 ? c : undefined;
    });
    assert.deepEqual(counts, { [keys[0]]: 2, [keys[1]]: 0 });
    await engine.cancelInstance(tenantId, a.instanceKey);
  });
}
