#!/usr/bin/env node
// Finds every *.test.ts beside the code (in __tests__ folders) and runs them with node's test runner.
// Usage: node scripts/run-tests.mjs [substring filter ...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const roots = ['contracts', 'engine', 'process-models', 'forms', 'server', 'seed', 'e2e'];
const filters = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.test\.ts$/.test(entry.name) && full.includes('__tests__')) files.push(full);
  }
};
roots.forEach(walk);
const selected = files.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
if (selected.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// TAP to the console as before, and the failed tests alone to a file printed at the very end: a CI
// log cut to its tail still says which test failed and why.
const failuresFile = path.join(os.tmpdir(), `warmline-test-failures-${process.pid}.txt`);
const reporter = path.join(path.dirname(new URL(import.meta.url).pathname), 'test-failures-reporter.mjs');
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=1200000',
    '--test-reporter=tap',
    '--test-reporter-destination=stdout',
    `--test-reporter=${reporter}`,
    `--test-reporter-destination=${failuresFile}`,
    ...selected,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
if (fs.existsSync(failuresFile)) {
  const failures = fs.readFileSync(failuresFile, 'utf8');
  if (failures.trim()) process.stdout.write(failures);
  fs.rmSync(failuresFile, { force: true });
}
process.exit(result.status ?? 1);
