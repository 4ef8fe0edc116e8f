import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HashingStream } from './hashing-stream.js';
import { assertSafeKey } from './storage-key.js';
import { invalidKey, objectNotFound, rangeNotSatisfiable } from './storage.errors.js';
import type { ByteRange, ObjectInfo, ObjectRead, PutOptions, Storage, StoredObject } from './storage.types.js';

interface Meta {
  contentType: string;
  size: number;
  sha256: string;
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';

/**
 * Files under one folder: `objects/<key>` holds the bytes, `meta/<key>.json` the content type and
 * hash, `tmp/` the writes in progress. A write goes to a temp file (flushed) and is renamed into
 * place, so a reader sees a whole object or none.
 */
export class LocalDiskStorage implements Storage {
  readonly driver = 'local' as const;
  private readonly objects: string;
  private readonly meta: string;
  private readonly tmp: string;

  constructor(readonly root: string) {
    this.objects = path.join(path.resolve(root), 'objects');
    this.meta = path.join(path.resolve(root), 'meta');
    this.tmp = path.join(path.resolve(root), 'tmp');
  }

  /** The file of `key` below `base`, refusing anything that would land outside it. */
  private fileOf(base: string, key: string, suffix = ''): string {
    assertSafeKey(key);
    const file = path.resolve(base, ...key.split('/')) + suffix;
    if (!file.startsWith(base + path.sep)) throw invalidKey(key, 'outside the storage folder');
    return file;
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions): Promise<StoredObject> {
    const dataFile = this.fileOf(this.objects, key);
    const metaFile = this.fileOf(this.meta, key, '.json');
    await fs.promises.mkdir(this.tmp, { recursive: true });
    const id = crypto.randomUUID();
    const tmpData = path.join(this.tmp, `${id}.data`);
    const tmpMeta = path.join(this.tmp, `${id}.json`);
    try {
      const hasher = new HashingStream(options.maxBytes);
      const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
      await pipeline(source, hasher, fs.createWriteStream(tmpData, { flags: 'wx', flush: true }));
      const meta: Meta = { contentType: options.contentType, size: hasher.bytes, sha256: hasher.sha256 };
      await fs.promises.writeFile(tmpMeta, JSON.stringify(meta), { flag: 'wx', flush: true });
      await fs.promises.mkdir(path.dirname(metaFile), { recursive: true });
      await fs.promises.mkdir(path.dirname(dataFile), { recursive: true });
      await fs.promises.rename(tmpMeta, metaFile);
      await fs.promises.rename(tmpData, dataFile);
      return { key, ...meta };
    } catch (err) {
      await Promise.all([fs.promises.rm(tmpData, { force: true }), fs.promises.rm(tmpMeta, { force: true })]);
      throw err;
    }
  }

  private async readMeta(key: string): Promise<Partial<Meta>> {
    try {
      return JSON.parse(await fs.promises.readFile(this.fileOf(this.meta, key, '.json'), 'utf8')) as Meta;
    } catch (err) {
      if (isMissing(err)) return {};
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<ObjectRead> {
    const file = this.fileOf(this.objects, key);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch (err) {
      if (isMissing(err)) throw objectNotFound(key);
      throw err;
    }
    try {
      const st = await handle.stat();
      const meta = await this.readMeta(key);
      const info: ObjectInfo = { key, size: st.size, contentType: meta.contentType ?? 'application/octet-stream', lastModified: st.mtime };
      if (range && (range.start < 0 || range.start > range.end || range.end >= st.size)) throw rangeNotSatisfiable(st.size);
      const stream = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
      return range ? { info, stream, range } : { info, stream };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async stat(key: string): Promise<ObjectInfo> {
    try {
      const st = await fs.promises.stat(this.fileOf(this.objects, key));
      const meta = await this.readMeta(key);
      return { key, size: st.size, contentType: meta.contentType ?? 'application/octet-stream', lastModified: st.mtime };
    } catch (err) {
      if (isMissing(err)) throw objectNotFound(key);
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.fileOf(this.objects, key), { force: true });
    await fs.promises.rm(this.fileOf(this.meta, key, '.json'), { force: true });
  }
}
