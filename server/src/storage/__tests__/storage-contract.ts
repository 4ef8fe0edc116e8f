import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { isStorageError } from '../storage.errors.js';
import type { Storage } from '../storage.types.js';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

/** A stream of `total` pseudo-random bytes in chunks of 64 KiB, and the bytes it yields. */
export function randomStream(total: number): { stream: Readable; bytes: Buffer } {
  const bytes = crypto.randomBytes(total);
  const chunk = 64 * 1024;
  async function* gen() {
    for (let i = 0; i < total; i += chunk) {
      await new Promise((r) => setImmediate(r));
      yield bytes.subarray(i, Math.min(total, i + chunk));
    }
  }
  return { stream: Readable.from(gen()), bytes };
}

/** A stream that yields some bytes and then fails. */
function failingStream(): Readable {
  async function* gen() {
    yield Buffer.alloc(1024, 1);
    await new Promise((r) => setImmediate(r));
    throw new Error('client went away');
  }
  return Readable.from(gen());
}

export const TRAVERSAL_KEYS = [
  '../escape.txt',
  'a/../../escape.txt',
  '/etc/passwd',
  'a//b',
  '.hidden',
  'a/./b',
  'a\\..\\b',
  '%2e%2e/x',
  'a/b/',
  '',
];

/**
 * The behaviour every Storage driver shares, run against a real driver. `storage()` answers the
 * driver under test (created by the caller's `before`).
 */
export function storageContract(storage: () => Storage) {
  const key = () => `contract/${crypto.randomUUID()}.bin`;

  test('given a buffer, when put, then get / stat return the same bytes, size, hash and content type', async () => {
    // given
    const k = key();
    const body = Buffer.from('供热工单附件 — hello');
    // when
    const stored = await storage().put(k, body, { contentType: 'text/plain; charset=utf-8' });
    // then
    assert.deepEqual(stored, { key: k, size: body.length, sha256: sha(body), contentType: 'text/plain; charset=utf-8' });
    const info = await storage().stat(k);
    assert.equal(info.size, body.length);
    assert.equal(info.contentType, 'text/plain; charset=utf-8');
    const read = await storage().get(k);
    assert.deepEqual(await readAll(read.stream), body);
    assert.equal(read.info.size, body.length);
  });

  test('given a 20 MB stream of unknown length, when put, then it is stored whole with the right hash', async () => {
    // given
    const k = key();
    const { stream, bytes } = randomStream(20 * 1024 * 1024);
    // when
    const stored = await storage().put(k, stream, { contentType: 'video/mp4' });
    // then
    assert.equal(stored.size, bytes.length);
    assert.equal(stored.sha256, sha(bytes));
    const back = await readAll((await storage().get(k)).stream);
    assert.equal(back.length, bytes.length);
    assert.ok(back.equals(bytes), 'bytes differ');
    await storage().remove(k);
  });

  test('given a stored object, when a byte range is read, then exactly those bytes come back', async () => {
    const k = key();
    const body = crypto.randomBytes(10_000);
    await storage().put(k, body, { contentType: 'video/mp4' });
    const read = await storage().get(k, { start: 100, end: 1_099 });
    assert.deepEqual(read.range, { start: 100, end: 1_099 });
    assert.equal(read.info.size, 10_000);
    assert.deepEqual(await readAll(read.stream), body.subarray(100, 1_100));
    await assert.rejects(storage().get(k, { start: 9_000, end: 10_000 }), (e) => isStorageError(e, 'RANGE_NOT_SATISFIABLE'));
  });

  test('given a stored object, when removed, then it is gone and a second remove is harmless', async () => {
    const k = key();
    await storage().put(k, Buffer.from('x'), { contentType: 'application/octet-stream' });
    await storage().remove(k);
    await assert.rejects(storage().stat(k), (e) => isStorageError(e, 'OBJECT_NOT_FOUND'));
    await storage().remove(k);
  });

  test('given no object under a key, when read or stat, then a not-found error', async () => {
    const k = key();
    await assert.rejects(storage().get(k), (e) => isStorageError(e, 'OBJECT_NOT_FOUND'));
    await assert.rejects(storage().stat(k), (e) => isStorageError(e, 'OBJECT_NOT_FOUND'));
  });

  test('given a body over maxBytes, when put, then it is refused and nothing is stored', async () => {
    const k = key();
    const { stream } = randomStream(300_000);
    await assert.rejects(storage().put(k, stream, { contentType: 'image/jpeg', maxBytes: 200_000 }), (e) =>
      isStorageError(e, 'OBJECT_TOO_LARGE'),
    );
    await assert.rejects(storage().stat(k), (e) => isStorageError(e, 'OBJECT_NOT_FOUND'));
  });

  test('given a source stream that fails half-way, when put, then the error surfaces and nothing is stored', async () => {
    const k = key();
    await assert.rejects(storage().put(k, failingStream(), { contentType: 'image/jpeg' }), /client went away/);
    await assert.rejects(storage().stat(k), (e) => isStorageError(e, 'OBJECT_NOT_FOUND'));
  });

  test('given keys with traversal or odd segments, when used, then every operation refuses them', async () => {
    for (const bad of TRAVERSAL_KEYS) {
      await assert.rejects(
        storage().put(bad, Buffer.from('x'), { contentType: 'text/plain' }),
        (e) => isStorageError(e, 'INVALID_KEY'),
        bad,
      );
      await assert.rejects(storage().get(bad), (e) => isStorageError(e, 'INVALID_KEY'), bad);
      await assert.rejects(storage().remove(bad), (e) => isStorageError(e, 'INVALID_KEY'), bad);
    }
  });
}
