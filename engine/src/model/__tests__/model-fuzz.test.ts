import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelRejectedError } from '../../process-engine.js';
import { validateDeployment } from '../index.js';
import { fixture, fixtureNames } from './fixture-files.js';
import { garbledInputs } from './garbled-xml.js';

const SEED = 20260324;

describe('parse + gate + lint against garbled input (fuzz)', () => {
  test('given 200 random, truncated, mutated and deeply nested inputs, when validated, then each ends in a model or a ModelRejectedError', async () => {
    const models = [
      ...fixtureNames('accepted').map((n) => fixture('accepted', n)),
      ...['feel-syntax-errors', 'javascript-expressions'].map((n) => fixture('refused', n)),
    ];
    const inputs = garbledInputs(models, 200, SEED);
    let rejected = 0;
    for (const [i, xml] of inputs.entries()) {
      const started = Date.now();
      try {
        const model = await validateDeployment(xml);
        assert.ok(model.processes.length > 0);
      } catch (err) {
        assert.ok(err instanceof ModelRejectedError, `case ${i} (seed ${SEED}) threw ${String(err)}\n${xml.slice(0, 300)}`);
        assert.ok(err.problems.length > 0 && err.problems.length <= 100, `case ${i}: ${err.problems.length} problems`);
        for (const p of err.problems) {
          assert.ok(p.elementId && p.reason && p.reasonEn, `case ${i}: incomplete problem ${JSON.stringify(p)}`);
          assert.ok(p.reason.length < 1000 && p.reasonEn.length < 1000, `case ${i}: overlong reason`);
        }
        rejected += 1;
      }
      assert.ok(Date.now() - started < 10_000, `case ${i} took ${Date.now() - started} ms`);
    }
    assert.ok(rejected > 150, `only ${rejected} of 200 garbled inputs were rejected`);
  });
});
