#!/usr/bin/env node
// Builds a front end (<dir>/dist) with Vite when it is missing or older than its sources; `npm start`
// and the browser tests run this first, so a fresh clone needs nothing beyond `npm install`.
// Usage: node scripts/ensure-built.mjs <admin|designer> [--force]
// Sources: the app's src, index.html, vite.config.ts and package.json, plus the folders its
// package.json lists under "warmline.extraSources" (relative to the app, e.g. bundled BPMN templates).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!app || !fs.existsSync(path.join(root, app, 'vite.config.ts'))) {
  console.error('usage: node scripts/ensure-built.mjs <admin|designer> [--force]');
  process.exit(2);
}
const appDir = path.join(root, app);
const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
const label = pkg.warmline?.label ?? app;
const builtIndex = path.join(appDir, 'dist', 'index.html');
const sources = [...['src', 'index.html', 'vite.config.ts', 'package.json'], ...(pkg.warmline?.extraSources ?? [])].map((p) =>
  path.join(appDir, p),
);

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

console.log(builtAt ? `${label} sources changed: rebuilding ${app}/dist …` : `building the ${label} into ${app}/dist …`);
const vite = path.join(path.dirname(fileURLToPath(import.meta.resolve('vite/package.json'))), 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: appDir, stdio: 'inherit' });
process.exit(result.status ?? 1);
