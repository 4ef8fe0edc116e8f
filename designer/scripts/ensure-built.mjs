#!/usr/bin/env node
// Builds the designer (designer/dist) when it is missing or older than its sources; `npm start` and the
// browser tests run this first, so a fresh clone needs nothing beyond `npm install`.
// Usage: node designer/scripts/ensure-built.mjs [--force]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const designerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(designerDir, 'dist', 'index.html');
// The designer also bundles the shipped templates and the engine's locked-node check.
const sources = [
  ...['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(designerDir, p)),
  ...['process-models/bpmn', 'engine/src/model'].map((p) => path.join(designerDir, '..', p)),
];

const newestMtime = (p) => {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((name) => newestMtime(path.join(p, name))));
};

const force = process.argv.includes('--force');
const builtAt = fs.existsSync(builtIndex) ? fs.statSync(builtIndex).mtimeMs : 0;
const changedAt = Math.max(...sources.map(newestMtime));
if (!force && builtAt >= changedAt) process.exit(0);

console.log(builtAt ? 'designer sources changed: rebuilding designer/dist …' : 'building the designer into designer/dist …');
const vite = path.join(path.dirname(fileURLToPath(import.meta.resolve('vite/package.json'))), 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: designerDir, stdio: 'inherit' });
process.exit(result.status ?? 1);
