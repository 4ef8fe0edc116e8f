import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { LocalDiskStorage } from '../local-disk.storage.js';
import { randomStream, storageContract, TRAVERSAL_KEYS } from './storage-contract.js';

/** Every file below `dir`, relative. */
const filesBelow = (dir: string): string[] =>
  fs.existsSync(dir)
    ? (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    : [];

describe('LocalDiskStorage', () => {
  let parent: string;
  let root: string;
  let storage: LocalDiskStorage;

  before(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-local-storage-'));
    root = path.join(parent, 'store');
    storage = new LocalDiskStorage(root);
  });
  after(() => fs.rmSync(parent, { recursive: true, force: true }));

  storageContract(() => storage);

  test('given writes that fail (too large, broken source), then no temp file is left behind', async () => {
    // given / when
    await assert.rejects(storage.put('fail/a.bin', randomStream(300_000).stream, { contentType: 'image/png', maxBytes: 1_000 }));
    // then
    assert.deepEqual(filesBelow(path.join(root, 'tmp')), []);
    assert.ok(!filesBelow(root).some((f) => f.includes('fail')), 'a partial object was kept');
  });

  test('given a write in progress, then the object appears only once complete (temp file + rename)', async () => {
    // given a write whose source has sent only its first chunk
    const source = new PassThrough();
    const done = storage.put('atomic/x.bin', source, { contentType: 'video/mp4' });
    source.write(Buffer.alloc(1024, 1));
    for (let i = 0; i < 200 && filesBelow(path.join(root, 'tmp')).length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    // when it is still being written
    const tmpDuring = filesBelow(path.join(root, 'tmp')).length;
    const finalDuring = fs.existsSync(path.join(root, 'objects', 'atomic', 'x.bin'));
    source.end(Buffer.alloc(1024, 2));
    await done;
    // then the bytes sat in a temp file, the final name appeared only complete, and no temp file is left
    assert.ok(tmpDuring > 0, 'no temp file while writing');
    assert.equal(finalDuring, false);
    assert.equal(fs.readFileSync(path.join(root, 'objects', 'atomic', 'x.bin')).length, 2048);
    assert.deepEqual(filesBelow(path.join(root, 'tmp')), []);
  });

  test('given traversal keys, when put is tried, then nothing is written outside (or inside) the storage folder', async () => {
    const before = filesBelow(parent).sort();
    for (const bad of TRAVERSAL_KEYS) await assert.rejects(storage.put(bad, Buffer.from('pwned'), { contentType: 'text/plain' }));
    assert.deepEqual(filesBelow(parent).sort(), before);
  });
});
