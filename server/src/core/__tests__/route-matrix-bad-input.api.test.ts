import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { z } from 'zod';
import { routeTable } from '../../routes.js';
import type { AnyRoute } from '../route-table.js';
import {
  buildWorld,
  dbFingerprint,
  describeEachDb,
  loadAllFixtures,
  type ApiClient,
  type ApiResponse,
  type FixtureRequest,
  type RouteFixtures,
  type TestServer,
  type World,
} from '../../testing/index.js';
import { uniqueHex } from '../../testing/unique-hex.js';

const unique = uniqueHex;

interface Variant {
  name: string;
  send: (client: ApiClient) => Promise<ApiResponse<any>>;
  /** The field a detail must name (prefix match), or undefined to require any detail. */
  field?: string;
  status?: number;
}

/** A value of a different JSON type than `v`, for the wrong-type probes. */
const wrongTypeFor = (v: unknown): unknown => {
  if (typeof v === 'string') return { not: 'a string' };
  if (typeof v === 'number') return 'not-a-number';
  if (typeof v === 'boolean') return 'not-a-boolean';
  if (Array.isArray(v)) return 'not-an-array';
  if (v && typeof v === 'object') return 'not-an-object';
  return { unexpected: true };
};

function withQuery(path: string, extra: Record<string, string>) {
  const url = new URL(path, 'http://x');
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  return url.pathname + url.search;
}

const uploadForm = (u: NonNullable<FixtureRequest['upload']>) => {
  const f = new FormData();
  f.append(u.field, new Blob([new Uint8Array(u.content)]), u.fileName);
  return f;
};

function variantsFor(route: AnyRoute, req: FixtureRequest): Variant[] {
  const m = route.method.toUpperCase();
  const out: Variant[] = [];
  const send = (path: string, body?: unknown) => (c: ApiClient) => (m === 'GET' ? c.get(path) : c.request(m, path, body));

  if (route.body && !route.upload) {
    const valid = (req.body ?? {}) as Record<string, unknown>;
    out.push({ name: 'unknown field', send: send(req.path, { ...valid, __unknown: 1 }), field: 'body.__unknown' });
    out.push({ name: 'array instead of object', send: send(req.path, [valid]), field: 'body' });
    out.push({ name: 'string instead of object', send: send(req.path, '"text"'), field: 'body' });
    if (!route.body.safeParse({}).success) out.push({ name: 'empty body', send: send(req.path, {}) });
    for (const [key, value] of Object.entries(valid)) {
      out.push({ name: `wrong type of ${key}`, send: send(req.path, { ...valid, [key]: wrongTypeFor(value) }), field: `body.${key}` });
      if (typeof value === 'string') {
        out.push({ name: `oversized ${key}`, send: send(req.path, { ...valid, [key]: 'x'.repeat(100_000) }), field: `body.${key}` });
      }
    }
  }
  if (route.upload) {
    out.push({ name: 'no file (JSON instead of multipart)', send: (c) => c.request(m, req.path, {}), field: route.upload.field });
    const form = (name: string, content: Buffer, field = route.upload!.field) => {
      const f = new FormData();
      f.append(field, new Blob([new Uint8Array(content)]), name);
      return f;
    };
    out.push({
      name: 'wrong file type',
      send: (c) => c.request(m, req.path, form('data.txt', Buffer.from('hello'))),
      field: route.upload.field,
    });
    // An unreadable file of the route's own type (xlsx, bpmn …) answers 422.
    out.push({
      name: `corrupt ${route.upload.extensions[0]}`,
      send: (c) => c.request(m, req.path, form(`data.${route.upload!.extensions[0]}`, Buffer.from('not a zip'))),
      status: 422,
      field: 'file',
    });
    out.push({ name: 'wrong upload field', send: (c) => c.request(m, req.path, form('data.xlsx', Buffer.from('x'), 'other')) });
  }
  if (route.query) {
    out.push({ name: 'unknown query parameter', send: send(withQuery(req.path, { __unknown: '1' }), req.body), field: 'query.__unknown' });
    const js = z.toJSONSchema(route.query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { type?: string }> };
    for (const [key, prop] of Object.entries(js.properties ?? {})) {
      if (prop.type === 'integer' || prop.type === 'number') {
        out.push({ name: `non-numeric query ${key}`, send: send(withQuery(req.path, { [key]: 'abc' }), req.body), field: `query.${key}` });
      }
      if (prop.type === 'string' || prop.type === undefined) {
        out.push({
          name: `oversized query ${key}`,
          send: send(withQuery(req.path, { [key]: 'x'.repeat(5_000) }), req.body),
          field: `query.${key}`,
        });
      }
    }
  }
  if (route.params) {
    const js = z.toJSONSchema(route.params, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { type?: string }> };
    const template = route.path.split('/');
    const url = new URL(req.path, 'http://x');
    const actual = url.pathname.replace(/^\/api/, '').split('/');
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      const idx = template.indexOf(`:${name}`);
      const bads = prop.type === 'integer' || prop.type === 'number' ? ['abc', '99999999999', '-1'] : ['x'.repeat(300)];
      for (const bad of bads) {
        const segs = [...actual];
        segs[idx] = bad;
        const path = `/api${segs.join('/')}${url.search}`;
        const sendBad = req.upload ? (c: ApiClient) => c.request(m, path, uploadForm(req.upload!)) : send(path, req.body);
        out.push({ name: `bad path param ${name}=${bad.slice(0, 12)}`, send: sendBad, field: `params.${name}` });
      }
    }
  }
  return out;
}

async function fingerprintAll(server: TestServer, world: World) {
  const a = await server.services.tenants.byId(world.a.id);
  return JSON.stringify({ group: await dbFingerprint(server.services.dbs.group), a: await dbFingerprint(a.db) });
}

/**
 * Bad input, generated from the route table: for every route, unknown fields, wrong types, oversized
 * values, missing bodies, non-numeric ids and broken uploads answer 400 (422 for an unreadable file)
 * with field-level details — and change nothing in any database.
 */
describeEachDb('bad input matrix (every route)', (ctx) => {
  let world: World;
  let fixtures: RouteFixtures;

  before(async () => {
    world = await buildWorld(ctx.server, 'bad');
    fixtures = await loadAllFixtures();
  });

  for (const route of routeTable) {
    test(`given ${route.method.toUpperCase()} /api${route.path}, when sent bad input, then 400 with field details and nothing changes`, async (t) => {
      const fx = fixtures[route.id];
      assert.ok(fx, `route ${route.id} has no fixture`);
      const req = await fx({ server: ctx.server, world, target: world.a, marker: '坏输入', unique });
      const variants = variantsFor(route, req);
      if (variants.length === 0) {
        t.diagnostic('route takes no input');
        return;
      }
      const before = await fingerprintAll(ctx.server, world);
      for (const v of variants) {
        const res = await v.send(ctx.server.admin);
        const where = `${route.id} / ${v.name} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        assert.equal(res.status, v.status ?? 400, where);
        assert.ok(Array.isArray(res.body.details) && res.body.details.length > 0, `${where}: no field details`);
        if (v.field) {
          const fields: string[] = res.body.details.map((d: { field: string }) => d.field);
          assert.ok(
            fields.some((f) => f === v.field || f.startsWith(`${v.field}.`) || f.startsWith(`${v.field}[`)),
            `${where}: no detail for ${v.field}`,
          );
        }
        for (const d of res.body.details) assert.match(d.message, /[\u4e00-\u9fa5]/, `${where}: message not in Chinese`);
      }
      assert.equal(await fingerprintAll(ctx.server, world), before, `${route.id}: bad input changed data`);
    });
  }
});
