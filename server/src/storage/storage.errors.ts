/** Errors of the storage layer. The API maps them to its own vocabulary (not found, too large, bad name). */
export class StorageError extends Error {
  constructor(
    readonly code: 'OBJECT_NOT_FOUND' | 'INVALID_KEY' | 'OBJECT_TOO_LARGE' | 'RANGE_NOT_SATISFIABLE',
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export const objectNotFound = (key: string) => new StorageError('OBJECT_NOT_FOUND', `no object ${JSON.stringify(key)}`);
export const invalidKey = (key: string, why: string) =>
  new StorageError('INVALID_KEY', `invalid storage key ${JSON.stringify(key)}: ${why}`);
export const objectTooLarge = (maxBytes: number) => new StorageError('OBJECT_TOO_LARGE', `object larger than ${maxBytes} bytes`);
export const rangeNotSatisfiable = (size: number) => new StorageError('RANGE_NOT_SATISFIABLE', `range outside an object of ${size} bytes`);

export const isStorageError = (err: unknown, code?: StorageError['code']): err is StorageError =>
  err instanceof StorageError && (code === undefined || err.code === code);
