import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { until as waitUntil } from '../../../testing/contract-helpers.js';
import { simpleJobModel } from '../../../testing/models.js';
import type { EmbeddedEngine } from '../embedded-engine.js';
import { eachDb, engineOn, type TestDbs } from './db-harness.js';

for (const [dbName, open] of eachDb) {
  describe(`embedded job polling probe on ${dbName}`, () => {
    let dbs: TestDbs;
    let engine: EmbeddedEngine;
    let other: EmbeddedEngine;
    /** Statements the tenant database ran, by kind. */
    const sent = { probes: 0, typePolls: 0 };
    before(async () => {
      dbs = await open();
      engine = engineOn(dbs, { scheduleTimers: false });
      await engine.db('A');
      await engine.group();
      other = engineOn(dbs, { scheduleTimers: false });
      // This engine's statements on tenant A (every select of the engine goes through its EngineDb).
      const db = await engine.db('A');
      const select = db.select.bind(db);
      db.select = ((sql: string, ...rest: unknown[]) => {
        if (/SELECT DISTINCT type FROM engine_jobs/.test(sql)) sent.probes++;
        else if (/FROM engine_jobs j JOIN engine_instances/.test(sql)) sent.typePolls++;
        return (select as (...a: unknown[]) => unknown)(sql, ...rest);
      }) as typeof db.select;
    });
    after(async () => {
      await engine.close();
      await other.close();
      await dbs.cleanup();
    });

    test('given idle workers of six job types, when they poll for a second, then the tenant is asked once per half interval for all types, not once per type', async () => {
      const types = ['p-idle-1', 'p-idle-2', 'p-idle-3', 'p-idle-4', 'p-idle-5', 'p-idle-6'];
      const workers = types.map((t) => engine.registerWorker(t, async () => ({ outcome: 'complete' }), { pollIntervalMs: 100 }));
      try {
        // Each worker's first poll is direct (one per-type query each); wait for all six, however slow the machine.
        await waitUntil('the first poll of every worker', async () => sent.typePolls >= types.length, 20_000);
        await new Promise((r) => setTimeout(r, 50));
        sent.probes = 0;
        sent.typePolls = 0;
        await new Promise((r) => setTimeout(r, 1000));
        // Six workers polling every 100 ms used to send ≈ 60 per-type queries; now ≤ 1 probe per 50 ms
        // (fewer on a busy machine — the bound that matters is the upper one, and no per-type query).
        assert.equal(sent.typePolls, 0);
        assert.ok(sent.probes >= 1 && sent.probes <= 22, `probes: ${sent.probes}`);
      } finally {
        await Promise.all(workers.map((w) => w.close()));
      }
    });

    test('given a job created by another engine (no worker of its own to hand it to), when a worker of this engine polls, then the probe lists its type and the worker of this engine completes it', async () => {
      await other.deploy('A', [{ name: 'p1.bpmn', content: simpleJobModel('p-remote', 'p-remote-work') }]);
      let ran = 0;
      const worker = engine.registerWorker(
        'p-remote-work',
        async () => ((ran += 1), { outcome: 'complete', variables: { polled: true } }),
        {
          pollIntervalMs: 400,
        },
      );
      try {
        sent.typePolls = 0;
        sent.probes = 0;
        // the worker's first (direct) poll found nothing
        await waitUntil('the first poll of the worker', async () => sent.typePolls >= 1, 20_000);
        const ref = await other.startInstance({ tenantId: 'A', processId: 'p-remote' });
        const done = await waitUntil(
          'completed by the polling worker',
          async () => {
            const i = await engine.getInstance('A', ref.instanceKey);
            return i?.state === 'completed' ? i : undefined;
          },
          20_000,
        );
        assert.equal(done.variables.polled, true);
        assert.equal(ran, 1);
        // found through the probe (how soon is a benchmark's question, not a test's: ≈ 1.5 poll intervals)
        assert.ok(sent.probes >= 1, `probes: ${sent.probes}`);
      } finally {
        await worker.close();
      }
    });
  });
}
