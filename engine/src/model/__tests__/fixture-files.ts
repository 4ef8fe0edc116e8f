import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';
import { ModelRejectedError, type ModelProblem } from '../../process-engine.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The text of `fixtures/<group>/<name>.bpmn`. */
export const fixture = (group: 'accepted' | 'refused', name: string): string =>
  fs.readFileSync(path.join(dir, group, `${name}.bpmn`), 'utf8');

export const fixtureNames = (group: 'accepted' | 'refused'): string[] =>
  fs
    .readdirSync(path.join(dir, group))
    .filter((f) => f.endsWith('.bpmn'))
    .map((f) => f.replace(/\.bpmn$/, ''))
    .sort();

/** Run `fn` and answer the problems of the ModelRejectedError it must throw. */
export async function rejection(fn: () => Promise<unknown>): Promise<ModelProblem[]> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof ModelRejectedError, `expected ModelRejectedError, got ${String(err)}`);
    for (const p of err.problems) {
      assert.ok(p.elementId && p.reason && p.reasonEn, `incomplete problem ${JSON.stringify(p)}`);
      assert.match(p.reason, /[\u4e00-\u9fa5]/, `reason not in Chinese: ${p.reason}`);
    }
    return err.problems;
  }
  assert.fail('expected the model to be rejected');
}

/** Assert one problem names `elementId` with both reasons matching. */
export function assertProblem(problems: ModelProblem[], elementId: string, zh: RegExp, en: RegExp): void {
  const found = problems.filter((p) => p.elementId === elementId);
  assert.ok(found.length > 0, `no problem for ${elementId}; got ${JSON.stringify(problems.map((p) => [p.elementId, p.reasonEn]))}`);
  assert.ok(
    found.some((p) => zh.test(p.reason) && en.test(p.reasonEn)),
    `no problem for ${elementId} matching ${zh} / ${en}; got ${JSON.stringify(found)}`,
  );
}
