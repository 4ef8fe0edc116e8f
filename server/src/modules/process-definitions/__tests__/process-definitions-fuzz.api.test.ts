import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDb } from '../../../testing/index.js';
import { garbledInputs } from '../../../../../engine/src/model/__tests__/garbled-xml.js';
import { deployableBpmn, hostileBpmn, inclusiveJoinBpmn } from './bpmn-samples.js';

const SEED = 424242;

describeEachDb('process definitions: garbled uploads (fuzz)', (ctx) => {
  test('given 200 random, truncated, mutated and deeply nested BPMN uploads, when deployed, then each answers 201 or 422 MODEL_REJECTED', async () => {
    const inputs = garbledInputs([deployableBpmn('fuzz_base'), hostileBpmn('fuzz_hostile'), inclusiveJoinBpmn('fuzz_join')], 200, SEED);
    const seen = { 201: 0, 422: 0 };
    for (const [i, xml] of inputs.entries()) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(Buffer.from(xml, i % 10 === 1 ? 'latin1' : 'utf8'))]), `fuzz-${i}.bpmn`);
      const res = await ctx.server.admin.request('POST', '/api/process-definitions', form);
      const where = `case ${i} (seed ${SEED}) → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      assert.ok(res.status === 201 || res.status === 422, where);
      if (res.status === 422) {
        assert.equal(res.body.code, 'MODEL_REJECTED', where);
        assert.ok(res.body.details.length > 0, where);
      }
      seen[res.status as 201 | 422] += 1;
    }
    assert.ok(seen[422] > 150, JSON.stringify(seen));
  });
});
