import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: http.Server;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  resetOnClose?: boolean;
}) => S3rverInstance;

/** An S3-compatible server (s3rver, npm) on a random loopback port, for the MinIO driver's tests. */
export interface S3TestServer {
  endPoint: string;
  port: number;
  accessKey: string;
  secretKey: string;
  region: string;
  /** Environment for a test server that stores attachments there (bucket `bucket`). */
  env: (bucket: string) => Record<string, string>;
  stop: () => Promise<void>;
}

/**
 * Start s3rver on 127.0.0.1 with a fresh folder. It checks request signatures with its fixed
 * credentials (S3RVER / S3RVER). Throws when it cannot start: the tests then fail, they never skip.
 */
export async function startS3TestServer(): Promise<S3TestServer> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const address = await server.run();
  const base = { endPoint: '127.0.0.1', port: address.port, accessKey: 'S3RVER', secretKey: 'S3RVER', region: 'us-east-1' };
  return {
    ...base,
    env: (bucket) => ({
      WARMLINE_STORAGE_DRIVER: 'minio',
      MINIO_ENDPOINT: base.endPoint,
      MINIO_PORT: String(base.port),
      MINIO_USE_SSL: 'false',
      MINIO_ACCESS_KEY: base.accessKey,
      MINIO_SECRET_KEY: base.secretKey,
      MINIO_BUCKET: bucket,
      MINIO_REGION: base.region,
    }),
    stop: async () => {
      server.httpServer?.closeAllConnections();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
