import type { StorageConfig } from '../config.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { MinioStorage } from './minio.storage.js';
import type { Storage } from './storage.types.js';

/** The storage driver the configuration names: local disk by default, MinIO when configured. */
export function createStorage(config: StorageConfig): Storage {
  if (config.driver === 'local') return new LocalDiskStorage(config.dir);
  return new MinioStorage(config);
}
