import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { QueryTypes } from 'sequelize';
import { simpleJobModel } from '../../../testing/models.js';
import type { EmbeddedEngine } from '../embedded-engine.js';
import { eachDb, engineOn, type TestDbs } from './db-harness.js';

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const [dbName, open] of eachDb) {
  describe(`embedded job hand-off on ${dbName}`, () => {
    let dbs: TestDbs;
    let engine: EmbeddedEngine;
    let other: EmbeddedEngine;
    before(async () => {
      dbs = await open();
      engine = engineOn(dbs, { scheduleTimers: false });
      await engine.db('A');
      await engine.group();
      other = engineOn(dbs, { scheduleTimers: false });
    });
    after(async () => {
      await engine.close();
      await other.close();
      await dbs.cleanup();
    });

    test('given a job created while a local worker has a free slot, when the instance starts, then the job row is already activated for that worker and no poll is needed', async () => {
      await engine.deploy('A', [{ name: 'h1.bpmn', content: simpleJobModel('h-direct', 'h-direct-work') }]);
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      const seen: string[] = [];
      const worker = engine.registerWorker(
        'h-direct-work',
        async (job) => {
          seen.push(job.instanceKey);
          await gate;
          return { outcome: 'complete', variables: { handled: job.variables.n } };
        },
        { pollIntervalMs: 60_000 }, // polling alone would not find it in time
      );
      try {
        const ref = await engine.startInstance({ tenantId: 'A', processId: 'h-direct', variables: { n: 7 } });
        const rows = await dbs.tenant.query<{ state: string; worker: string | null }>(
          'SELECT state, worker FROM engine_jobs WHERE instance_key = ?',
          { replacements: [ref.instanceKey], type: QueryTypes.SELECT },
        );
        assert.equal(rows[0].state, 'activated');
        assert.ok(rows[0].worker);
        await until('the worker got the job', async () => seen.length === 1);
        release();
        await until('completed', async () => (await engine.getInstance('A', ref.instanceKey))?.state === 'completed');
        assert.equal((await engine.getInstance('A', ref.instanceKey))?.variables.handled, 7);
      } finally {
        release();
        await worker.close();
      }
    });

    test('given a handed-over job whose worker never answers, when its deadline passes, then a worker of another engine gets it and the instance completes once', async () => {
      await engine.deploy('A', [{ name: 'h2.bpmn', content: simpleJobModel('h-stuck', 'h-stuck-work') }]);
      const stuck = engine.registerWorker('h-stuck-work', () => new Promise(() => undefined), { timeoutMs: 300, pollIntervalMs: 60_000 });
      let runs = 0;
      const rescuer = other.registerWorker(
        'h-stuck-work',
        async () => ((runs += 1), { outcome: 'complete', variables: { rescued: true } }),
        {
          pollIntervalMs: 100,
        },
      );
      try {
        const ref = await engine.startInstance({ tenantId: 'A', processId: 'h-stuck' });
        const done = await until('completed by the other engine', async () => {
          const i = await other.getInstance('A', ref.instanceKey);
          return i?.state === 'completed' ? i : undefined;
        });
        assert.equal(done.variables.rescued, true);
        assert.equal(runs, 1);
      } finally {
        await rescuer.close();
        void stuck.close();
      }
    });

    test('given a handed-over job, when another engine changes the instance before the job completes, then the completion is applied on the fresh state (nothing lost)', async () => {
      await engine.deploy('A', [{ name: 'h3.bpmn', content: simpleJobModel('h-raced', 'h-raced-work') }]);
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      let got = false;
      const worker = engine.registerWorker(
        'h-raced-work',
        async () => {
          got = true;
          await gate;
          return { outcome: 'complete', variables: { fromJob: 1 } };
        },
        { pollIntervalMs: 60_000 },
      );
      try {
        const ref = await engine.startInstance({ tenantId: 'A', processId: 'h-raced', variables: { original: true } });
        await until('the worker got the job', async () => got);
        await other.setVariables('A', ref.instanceKey, { fromOther: 2 });
        release();
        const done = await until('completed', async () => {
          const i = await engine.getInstance('A', ref.instanceKey);
          return i?.state === 'completed' ? i : undefined;
        });
        assert.deepEqual(
          { original: done.variables.original, fromOther: done.variables.fromOther, fromJob: done.variables.fromJob },
          { original: true, fromOther: 2, fromJob: 1 },
        );
      } finally {
        release();
        await worker.close();
      }
    });
  });
}
