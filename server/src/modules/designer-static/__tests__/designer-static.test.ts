import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { consoleStatic } from '../../console/console-static.js';
import { designerStatic } from '../designer-static.js';

/** A real HTTP server mounting the designer at /designer before the console at /, as app.ts does. */
async function serve(designerDist: string, consoleDist: string) {
  const app = express();
  app.use('/designer', designerStatic(designerDist));
  app.use(consoleStatic(consoleDist));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

describe('designer static files at /designer/', () => {
  const designer = tmp('warmline-designer-');
  const consoleDir = tmp('warmline-console-');
  const missing = path.join(tmp('warmline-designer-missing-'), 'dist');
  let running: Awaited<ReturnType<typeof serve>>;
  let unbuilt: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    fs.mkdirSync(path.join(designer, 'assets'));
    fs.writeFileSync(path.join(designer, 'index.html'), '<!doctype html><title>流程设计器</title><div id="app"></div>');
    fs.writeFileSync(path.join(designer, 'assets', 'index-abc123.js'), 'console.log("designer")');
    fs.writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>暖线</title><div id="root"></div>');
    running = await serve(designer, consoleDir);
    unbuilt = await serve(missing, consoleDir);
  });
  after(async () => {
    await running.close();
    await unbuilt.close();
    for (const d of [designer, consoleDir, path.dirname(missing)]) fs.rmSync(d, { recursive: true, force: true });
  });

  test('given the designer is built, when /designer/ is opened, then its index.html is served uncached, not the console', async () => {
    for (const route of ['/designer/', '/designer']) {
      const res = await fetch(`${running.url}${route}`, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 200, route);
      assert.match(await res.text(), /<div id="app">/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
    }
    const consoleRoot = await fetch(`${running.url}/`, { headers: { accept: 'text/html' } });
    assert.match(await consoleRoot.text(), /<div id="root">/);
  });

  test('given a hashed designer asset, when fetched, then it is cached for a year as immutable; an unknown asset is 404', async () => {
    const res = await fetch(`${running.url}/designer/assets/index-abc123.js`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'console.log("designer")');
    assert.match(res.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
    const gone = await fetch(`${running.url}/designer/assets/index-old.js`);
    assert.equal(gone.status, 404);
  });

  test('given the designer is not built, when /designer/ is opened, then a Chinese page says how to build it', async () => {
    const res = await fetch(`${unbuilt.url}/designer/`, { headers: { accept: 'text/html' } });
    assert.equal(res.status, 503);
    assert.match(await res.text(), /流程设计器尚未构建/);
  });
});
