import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { objectTooLarge } from './storage.errors.js';

/**
 * A pass-through that counts bytes and computes SHA-256 of what flows through it, and fails with
 * ObjectTooLargeError as soon as more than `maxBytes` arrived (so nothing larger is ever stored).
 */
export class HashingStream extends Transform {
  private readonly hash = crypto.createHash('sha256');
  bytes = 0;
  private digest: string | undefined;

  constructor(private readonly maxBytes = Number.POSITIVE_INFINITY) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(objectTooLarge(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.digest = this.hash.digest('hex');
    callback();
  }

  /** Hex SHA-256 of everything that passed; only after the stream ended. */
  get sha256(): string {
    if (this.digest === undefined) throw new Error('HashingStream: sha256 read before the end of the stream');
    return this.digest;
  }
}
