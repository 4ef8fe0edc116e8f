import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Client } from 'minio';
import { MinioStorage } from '../minio.storage.js';
import { startS3TestServer, type S3TestServer } from '../testing/s3-test-server.js';
import { storageContract } from './storage-contract.js';

/** The MinIO driver against a real S3-compatible server (s3rver) on a random loopback port. */
describe('MinioStorage against an S3-compatible server', () => {
  let s3: S3TestServer;
  let storage: MinioStorage;
  const bucket = `wl-test-${crypto.randomBytes(4).toString('hex')}`;

  before(async () => {
    s3 = await startS3TestServer();
    storage = new MinioStorage({ ...s3, useSSL: false, bucket, partSize: 5 * 1024 * 1024 });
  });
  after(async () => {
    await s3?.stop();
  });

  test('given a bucket that does not exist, when the first object is stored, then the bucket is created', async () => {
    // given
    const raw = new Client({
      endPoint: s3.endPoint,
      port: s3.port,
      useSSL: false,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      region: s3.region,
      pathStyle: true,
    });
    assert.equal(await raw.bucketExists(bucket), false);
    // when
    await storage.put('first/one.txt', Buffer.from('一'), { contentType: 'text/plain' });
    // then
    assert.equal(await raw.bucketExists(bucket), true);
  });

  storageContract(() => storage);

  test('given a stored object, when a presigned GET URL is made, then it reads the bytes without credentials', async () => {
    const body = crypto.randomBytes(4096);
    await storage.put('signed/x.bin', body, { contentType: 'application/octet-stream' });
    const url = await storage.presignedGet('signed/x.bin', 60);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(body));
  });
});
