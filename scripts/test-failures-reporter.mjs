// A node:test reporter that lists only the failed tests, with their file and error, once every
// event is in. run-tests.mjs writes it to a file and prints it after the run, so the last lines of a
// long CI log name what failed instead of the passing tail.
import { inspect } from 'node:util';

const describe = (error) => {
  const cause = error?.cause ?? error;
  const text = cause instanceof Error ? (cause.stack ?? cause.message) : inspect(cause, { depth: 4 });
  return String(text).split('\n').slice(0, 12).join('\n');
};

export default async function* failuresReporter(source) {
  const failures = [];
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { name, file, details } = event.data;
    // A suite fails because a test inside it failed: that test is listed already.
    if (details?.error?.failureType === 'subtestsFailed') continue;
    failures.push({ name, file, error: describe(details?.error) });
  }
  if (failures.length === 0) return;
  yield `\n# ${failures.length} failed test(s):\n`;
  for (const failure of failures) {
    yield `\n✖ ${failure.name}\n  in ${failure.file ?? '(unknown file)'}\n`;
    yield `${failure.error.replace(/^/gm, '    ')}\n`;
  }
}
