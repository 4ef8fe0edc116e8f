import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { timerStartModel } from '../../../testing/models-starts.js';
import type { EmbeddedEngine } from '../embedded-engine.js';
import { eachDb, engineOn, type TestDbs } from './db-harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until `processId` has `count` instances (a busy machine fires late, never more often). */
async function untilInstances(engine: EmbeddedEngine, processId: string, count: number): Promise<void> {
  const end = Date.now() + 20_000;
  while ((await instancesOf(engine, processId)) < count) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${count} instance(s) of ${processId}`);
    await sleep(50);
  }
}

async function instancesOf(engine: EmbeddedEngine, processId: string): Promise<number> {
  const db = await engine.db('A');
  const rows = await db.select<{ n: number }>('SELECT COUNT(*) AS n FROM engine_instances WHERE process_id = ?', [processId]);
  return Number(rows[0].n);
}

for (const [dbName, open] of eachDb) {
  describe(`embedded timer start events on ${dbName}`, () => {
    let dbs: TestDbs;
    const engines: EmbeddedEngine[] = [];
    before(async () => {
      dbs = await open();
    });
    after(async () => {
      for (const e of engines) await e.close();
      await dbs.cleanup();
    });

    test('given two engine processes on one database, when a timer start event R3/PT0.6S runs, then exactly three instances start', async () => {
      // given: two schedulers polling the same timer rows
      const a = engineOn(dbs, { timerPollMs: 50 });
      await a.group();
      await a.db('A');
      const b = engineOn(dbs, { timerPollMs: 50 });
      await a.deploy('A', [{ name: 'two.bpmn', content: timerStartModel('t-two', { cycle: 'R3/PT0.6S' }) }]);
      // when: every firing is due
      await untilInstances(a, 't-two', 3);
      // then: each firing created one instance, and none more follows
      assert.equal(await instancesOf(a, 't-two'), 3);
      await sleep(1_200);
      assert.equal(await instancesOf(a, 't-two'), 3);
      await a.close();
      await b.close();
    });

    test('given a start timer due while no engine runs, when an engine starts again, then it fires once', async () => {
      // given: deployed, then the engine stops before the date
      const first = engineOn(dbs, { timerPollMs: 50 });
      const date = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
      await first.deploy('A', [{ name: 'down.bpmn', content: timerStartModel('t-down', { date }) }]);
      await first.close();
      await sleep(Date.parse(date) - Date.now() + 300);
      assert.equal(await instancesOf(first, 't-down'), 0);
      // when: two engines start
      const c = engineOn(dbs, { timerPollMs: 50 });
      const d = engineOn(dbs, { timerPollMs: 50 });
      engines.push(c, d);
      await untilInstances(c, 't-down', 1);
      await sleep(800);
      // then: one instance
      assert.equal(await instancesOf(c, 't-down'), 1);
    });
  });
}
