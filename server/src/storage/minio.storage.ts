import { Readable } from 'node:stream';
import { Client } from 'minio';
import { HashingStream } from './hashing-stream.js';
import { assertSafeKey } from './storage-key.js';
import { objectNotFound, rangeNotSatisfiable } from './storage.errors.js';
import type { ByteRange, ObjectInfo, ObjectRead, PutOptions, Storage, StoredObject } from './storage.types.js';

export interface MinioStorageOptions {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
  /** Bytes per multipart part (S3 minimum 5 MiB); bodies smaller than one part go up in one PUT. */
  partSize?: number;
}

const MIN_PART = 5 * 1024 * 1024;
const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound', 'NoSuchObject']);
const isNotFound = (err: unknown) => NOT_FOUND_CODES.has((err as { code?: string })?.code ?? '');

/**
 * Objects in one bucket of MinIO or any S3-compatible server, through the `minio` client. The bucket
 * is created on first use. A stream of unknown length is sent in parts of `partSize` (one part in
 * memory at a time) with a fresh multipart upload that is aborted on any error, so a failed write
 * leaves no object behind.
 */
export class MinioStorage implements Storage {
  readonly driver = 'minio' as const;
  private readonly client: Client;
  private readonly partSize: number;
  private bucketReady: Promise<void> | undefined;

  constructor(private readonly options: MinioStorageOptions) {
    this.partSize = Math.max(MIN_PART, options.partSize ?? 8 * 1024 * 1024);
    this.client = new Client({
      endPoint: options.endPoint,
      port: options.port,
      useSSL: options.useSSL,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: options.region,
      pathStyle: true,
    });
  }

  get bucket(): string {
    return this.options.bucket;
  }

  /** Create the bucket if it does not exist (once per process; retried after a failure). */
  ensureBucket(): Promise<void> {
    this.bucketReady ??= (async () => {
      if (await this.client.bucketExists(this.bucket)) return;
      try {
        await this.client.makeBucket(this.bucket, this.options.region);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw err;
      }
    })().catch((err: unknown) => {
      this.bucketReady = undefined;
      throw err;
    });
    return this.bucketReady;
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions): Promise<StoredObject> {
    assertSafeKey(key);
    await this.ensureBucket();
    const hasher = new HashingStream(options.maxBytes);
    const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
    source.on('error', (err) => hasher.destroy(err));
    source.pipe(hasher);
    const headers = { 'Content-Type': options.contentType };
    let uploadId: string | undefined;
    const etags: { part: number; etag: string }[] = [];
    const sendPart = async (part: Buffer) => {
      uploadId ??= await this.client.initiateNewMultipartUpload(this.bucket, key, headers);
      const partNumber = etags.length + 1;
      const res = await this.client.uploadPart(
        { bucketName: this.bucket, objectName: key, uploadID: uploadId, partNumber, headers: {} },
        part,
      );
      etags.push({ part: partNumber, etag: res.etag });
    };
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const chunk of hasher as AsyncIterable<Buffer>) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        while (pendingBytes >= this.partSize) {
          const all = Buffer.concat(pending);
          await sendPart(all.subarray(0, this.partSize));
          const rest = all.subarray(this.partSize);
          pending = rest.length > 0 ? [rest] : [];
          pendingBytes = rest.length;
        }
      }
      const last = Buffer.concat(pending);
      if (uploadId === undefined) {
        await this.client.putObject(this.bucket, key, last, last.length, headers);
      } else {
        if (last.length > 0) await sendPart(last);
        await this.client.completeMultipartUpload(this.bucket, key, uploadId, etags);
      }
    } catch (err) {
      source.unpipe(hasher);
      if (!Buffer.isBuffer(body)) source.resume();
      if (uploadId !== undefined) await this.client.abortMultipartUpload(this.bucket, key, uploadId).catch(() => undefined);
      throw err;
    }
    return { key, size: hasher.bytes, sha256: hasher.sha256, contentType: options.contentType };
  }

  async stat(key: string): Promise<ObjectInfo> {
    assertSafeKey(key);
    await this.ensureBucket();
    try {
      const st = await this.client.statObject(this.bucket, key);
      const type = st.metaData['content-type'] as string | undefined;
      return { key, size: st.size, contentType: type ?? 'application/octet-stream', lastModified: st.lastModified };
    } catch (err) {
      if (isNotFound(err)) throw objectNotFound(key);
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<ObjectRead> {
    const info = await this.stat(key);
    if (range && (range.start < 0 || range.start > range.end || range.end >= info.size)) throw rangeNotSatisfiable(info.size);
    try {
      const stream = range
        ? await this.client.getPartialObject(this.bucket, key, range.start, range.end - range.start + 1)
        : await this.client.getObject(this.bucket, key);
      return range ? { info, stream, range } : { info, stream };
    } catch (err) {
      if (isNotFound(err)) throw objectNotFound(key);
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    assertSafeKey(key);
    await this.ensureBucket();
    await this.client.removeObject(this.bucket, key);
  }

  async presignedGet(key: string, ttlSeconds: number): Promise<string> {
    assertSafeKey(key);
    await this.ensureBucket();
    return this.client.presignedGetObject(this.bucket, key, ttlSeconds);
  }
}
