import { after } from 'node:test';
import { Client } from 'minio';
import { describeEachDb } from '../../../testing/index.js';
import { startS3TestServer } from '../../../storage/testing/s3-test-server.js';
import { attachmentSuite, SUITE_LIMITS } from './ticket-attachments.suite.js';

// An S3-compatible server (s3rver) on a random loopback port; if it cannot start, this file fails.
const s3 = await startS3TestServer();
after(() => s3.stop());
const client = new Client({
  endPoint: s3.endPoint,
  port: s3.port,
  useSSL: false,
  accessKey: s3.accessKey,
  secretKey: s3.secretKey,
  region: s3.region,
  pathStyle: true,
});

/** Ticket attachments on the MinIO driver (the bucket is created by the first upload). */
describeEachDb(
  'ticket attachments (MinIO storage)',
  (ctx) => {
    attachmentSuite(ctx, async (server, prefix) => {
      const storage = server.services.config.storage;
      if (storage.driver !== 'minio') throw new Error('expected the minio driver');
      if (!(await client.bucketExists(storage.bucket))) return [];
      const keys: string[] = [];
      for await (const item of client.listObjectsV2(storage.bucket, prefix, true)) if (item.name) keys.push(item.name);
      return keys;
    });
  },
  { ...SUITE_LIMITS, ...s3.env('wl-attachments') },
);
