import { Readable } from 'node:stream';
import type { Request, Response } from 'express';
import multer from 'multer';
import { ATTACHMENT_KINDS, ATTACHMENT_KIND_LABELS, ATTACHMENT_TYPES_BY_KIND, type TicketAttachmentKind } from '@warmline/contracts';
import type { AttachmentLimits } from '../../config.js';
import { AppError } from '../../core/app-error.js';
import { isStorageError } from '../../storage/storage.errors.js';
import type { Storage, StoredObject } from '../../storage/storage.types.js';
import { sniff, SNIFF_BYTES, type SniffedType } from './ticket-attachment.sniff.js';

/** A file received and already stored, with the text fields of the form. */
export interface ReceivedUpload {
  stored: StoredObject;
  type: SniffedType;
  /** The client's file name, cleaned (no folders, no control characters, ≤ 200 characters). */
  fileName: string;
  fields: Record<string, string>;
}

const MB = 1_048_576;
const sizeText = (bytes: number) => (bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);

export const tooLarge = (kind: TicketAttachmentKind, limit: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `${ATTACHMENT_KIND_LABELS[kind]}不能超过 ${sizeText(limit)}`, [
    { field: 'file', message: `${ATTACHMENT_KIND_LABELS[kind]}文件过大（上限 ${sizeText(limit)}）` },
  ]);

export const wrongType = (kind: TicketAttachmentKind | undefined, type: SniffedType | null) => {
  const accepted = kind ? ATTACHMENT_TYPES_BY_KIND[kind] : ATTACHMENT_TYPES_BY_KIND.file;
  const what = type ? `${type.label} 文件` : '无法识别的文件';
  const message = kind ? `${ATTACHMENT_KIND_LABELS[kind]}不接受${what}（只接受 ${accepted.join('、')}）` : `不支持的文件类型：${what}`;
  return new AppError('UNSUPPORTED_MEDIA_TYPE', message, [
    { field: 'file', message: '文件内容与允许的类型不符（按文件内容判断，而非扩展名）' },
  ]);
};

const isKind = (v: unknown): v is TicketAttachmentKind => typeof v === 'string' && (ATTACHMENT_KINDS as readonly string[]).includes(v);

/** The kind a file is when the form does not say: its media family, PDF → file. */
export function defaultKind(type: SniffedType): TicketAttachmentKind {
  if (type.mime.startsWith('image/')) return 'image';
  if (type.mime.startsWith('video/')) return 'video';
  if (type.mime.startsWith('audio/')) return 'audio';
  return 'file';
}

/** A file name safe to keep and to show: the last path segment, printable, at most 200 characters. */
export function cleanFileName(raw: string, fallbackExt: string): string {
  const decoded = Buffer.from(raw, 'latin1').toString('utf8');
  const last = decoded.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const printable = last.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  const name = printable === '.' || printable === '..' ? '' : printable;
  return (name || `附件.${fallbackExt}`).slice(-200);
}

/** busboy's parse errors (plain Errors without a code) are the client's broken request, not ours. */
function malformedAsInvalid(err: unknown): unknown {
  if (err instanceof AppError || (err as { code?: unknown })?.code !== undefined || !(err instanceof Error)) return err;
  if (/malformed|unexpected end of form|boundary/i.test(err.message)) {
    return new AppError('VALIDATION_FAILED', '上传内容格式错误', [
      { field: 'file', message: '无法解析上传的表单（文件名或分段格式有误）' },
    ]);
  }
  return err;
}

/** The first `n` bytes of a stream (fewer if it ends sooner); the stream is paused after them. */
function readHead(stream: Readable, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = () => {
      stream.off('data', onData);
      stream.off('end', finish);
      stream.off('error', reject);
      stream.pause();
      resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= n) finish();
    };
    stream.on('data', onData);
    stream.once('end', finish);
    stream.once('error', reject);
  });
}

async function* prepend(head: Buffer, rest: Readable) {
  if (head.length > 0) yield head;
  yield* rest;
}

/**
 * Read a multipart attachment upload (one `file` part plus text fields) and stream the file straight
 * into storage under `keyFor(ext)`: its type from the first bytes, its size capped on the way (the
 * kind's limit when the `kind` field came first, else the largest limit; the caller checks again).
 * Nothing is buffered whole in memory. Throws 400 / 413 / 415 AppErrors; nothing stays stored then.
 */
export async function receiveUpload(
  req: Request,
  res: Response,
  deps: { storage: Storage; limits: AttachmentLimits; keyFor: (type: SniffedType) => string },
): Promise<ReceivedUpload> {
  if (!req.is('multipart/form-data')) {
    throw new AppError('VALIDATION_FAILED', '请以 multipart/form-data 上传文件', [{ field: 'file', message: '缺少上传文件' }]);
  }
  const largest = Math.max(...Object.values(deps.limits));
  let received: ReceivedUpload | undefined;
  const engine: multer.StorageEngine = {
    _handleFile(request, file, callback) {
      const run = async () => {
        const head = await readHead(file.stream, SNIFF_BYTES);
        const type = sniff(head);
        const claimed = (request.body as Record<string, unknown> | undefined)?.kind;
        const kind = isKind(claimed) ? claimed : undefined;
        if (!type || (kind && !ATTACHMENT_TYPES_BY_KIND[kind].includes(type.mime))) throw wrongType(kind, type);
        const limit = kind ? deps.limits[kind] : largest;
        try {
          const stored = await deps.storage.put(deps.keyFor(type), Readable.from(prepend(head, file.stream)), {
            contentType: type.mime,
            maxBytes: limit,
          });
          received = { stored, type, fileName: cleanFileName(file.originalname, type.ext), fields: {} };
          return stored.size;
        } catch (err) {
          if (isStorageError(err, 'OBJECT_TOO_LARGE')) throw tooLarge(kind ?? defaultKind(type), limit);
          throw err;
        }
      };
      run().then(
        (size) => callback(null, { size }),
        (err: unknown) => {
          file.stream.resume();
          callback(err);
        },
      );
    },
    _removeFile(_request, _file, callback) {
      const key = received?.stored.key;
      received = undefined;
      if (!key) return callback(null);
      deps.storage.remove(key).then(
        () => callback(null),
        (err: Error) => callback(err),
      );
    },
  };
  const upload = multer({ storage: engine, limits: { fileSize: largest + 1, files: 1, fields: 10, fieldSize: 1_000, parts: 12 } }).single(
    'file',
  );
  await new Promise<void>((resolve, reject) => upload(req, res, (err: unknown) => (err ? reject(malformedAsInvalid(err)) : resolve())));
  const done = received as ReceivedUpload | undefined;
  if (!done) throw new AppError('VALIDATION_FAILED', '缺少上传文件', [{ field: 'file', message: '请选择要上传的文件' }]);
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>))
    fields[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return { ...done, fields };
}
