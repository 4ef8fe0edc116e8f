import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { consoleStatic } from '../console-static.js';

/** A real HTTP server with the console router over a given dist folder, and /api answering JSON beside it. */
async function serve(distDir: string) {
  const app = express();
  app.use('/api', (_req, res) => {
    res.status(404).json({ code: 'NOT_FOUND' });
  });
  app.use(consoleStatic(distDir));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('console static files', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-console-'));
  let running: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>暖线</title><div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'main-abc123.js'), 'console.log(1)');
    running = await serve(dist);
  });
  after(async () => {
    await running.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  test('given a hashed asset, when it is fetched, then it is cached for a year as immutable', async () => {
    const res = await fetch(`${running.url}/assets/main-abc123.js`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'console.log(1)');
    assert.match(res.headers.get('cache-control') ?? '', /max-age=31536000/);
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
  });

  test('given a console route, when the browser reloads it, then index.html is served and never cached', async () => {
    for (const route of ['/', '/login', '/pages/users?id=3']) {
      const res = await fetch(`${running.url}${route}`, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 200, route);
      assert.match(await res.text(), /<div id="root">/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
    }
  });

  test('given a path the console does not own, when fetched, then it passes through to a 404', async () => {
    const res = await fetch(`${running.url}/designer/`, { headers: { accept: 'text/html' } });
    assert.equal(res.status, 404);
    assert.doesNotMatch(await res.text(), /<div id="root">/);
  });

  test('given a missing asset or an unknown API path, when fetched, then it is a 404 and not the console page', async () => {
    const asset = await fetch(`${running.url}/assets/gone-000.js`);
    assert.equal(asset.status, 404);
    const api = await fetch(`${running.url}/api/nothing-here`, { headers: { accept: 'text/html' } });
    assert.equal(api.status, 404);
    assert.deepEqual(await api.json(), { code: 'NOT_FOUND' });
  });

  test('given no built console, when the root is opened, then a Chinese page says how to build it', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-console-empty-'));
    const bare = await serve(empty);
    try {
      const res = await fetch(`${bare.url}/`, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 503);
      assert.match(await res.text(), /管理控制台尚未构建/);
    } finally {
      await bare.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
