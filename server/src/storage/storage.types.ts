import type { Readable } from 'node:stream';

/** What a stored object is: its key, length in bytes, SHA-256 (hex) and content type. */
export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
  contentType: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  contentType: string;
  lastModified: Date;
}

/** Inclusive byte range, as HTTP `Range: bytes=start-end` names it. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ObjectRead {
  info: ObjectInfo;
  /** The whole object, or the requested range of it. */
  stream: Readable;
  range?: ByteRange;
}

export interface PutOptions {
  contentType: string;
  /** Refuse (ObjectTooLargeError) and keep nothing when the body grows past this many bytes. */
  maxBytes?: number;
}

/**
 * Where files live: one interface, two drivers (local disk by default, MinIO / any S3-compatible
 * server when configured). Keys are `/`-separated segments of `[A-Za-z0-9._-]` (see storage-key.ts).
 * Objects are written whole or not at all and are never changed in place.
 */
export interface Storage {
  readonly driver: 'local' | 'minio';
  /** Store a stream or a buffer under `key`, computing size and SHA-256 on the way. */
  put(key: string, body: Readable | Buffer, options: PutOptions): Promise<StoredObject>;
  /** Read an object (or a byte range of it); ObjectNotFoundError when there is none. */
  get(key: string, range?: ByteRange): Promise<ObjectRead>;
  stat(key: string): Promise<ObjectInfo>;
  /** Remove an object; removing a missing object is not an error. */
  remove(key: string): Promise<void>;
  /** A time-limited URL that reads the object without the API (MinIO only). */
  presignedGet?(key: string, ttlSeconds: number): Promise<string>;
  /** Release connections / handles (tests). */
  close?(): Promise<void>;
}
