#!/usr/bin/env node
// Builds the console (admin/dist) when it is missing or older than its sources; `npm start` and the
// browser tests run this first, so a fresh clone needs nothing beyond `npm install`.
// Usage: node admin/scripts/ensure-built.mjs [--force]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const adminDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(adminDir, 'dist', 'index.html');
const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(adminDir, p));

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

console.log(builtAt ? 'console sources changed: rebuilding admin/dist …' : 'building the console into admin/dist …');
const vite = path.join(path.dirname(fileURLToPath(import.meta.resolve('vite/package.json'))), 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: adminDir, stdio: 'inherit' });
process.exit(result.status ?? 1);
