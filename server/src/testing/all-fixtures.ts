import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AnyRoute } from '../core/route-table.js';
import type { ApiClient, ApiResponse } from './api-client.js';
import type { FixtureRequest, RouteFixtures } from './route-fixture.js';

const srcRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every route fixture of the server: all exports of every `__tests__/*.fixtures.ts` file, merged. */
export async function loadAllFixtures(): Promise<RouteFixtures> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.fixtures.ts') && dir.endsWith('__tests__')) files.push(full);
    }
  };
  walk(srcRoot);
  const merged: RouteFixtures = {};
  for (const file of files.sort()) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, RouteFixtures>;
    for (const fixtures of Object.values(mod)) {
      for (const [id, fx] of Object.entries(fixtures)) {
        if (merged[id]) throw new Error(`two fixtures for route ${id}`);
        merged[id] = fx;
      }
    }
  }
  return merged;
}

/** Send a fixture request with the route's method, as JSON or multipart. */
export function sendFixture(client: ApiClient, route: AnyRoute, req: FixtureRequest): Promise<ApiResponse> {
  const method = route.method.toUpperCase();
  if (req.upload) {
    const form = new FormData();
    form.append(req.upload.field, new Blob([new Uint8Array(req.upload.content)]), req.upload.fileName);
    return client.request(method, req.path, form);
  }
  if (method === 'GET') return client.get(req.path);
  return client.request(method, req.path, req.body ?? {});
}
