import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { notFound } from '../../core/app-error.js';
import { isStorageError } from '../../storage/storage.errors.js';
import type { ByteRange } from '../../storage/storage.types.js';
import { ticketAttachmentModel } from './ticket-attachment.model.js';
import { ticketForAttachments, type AttachmentCtx } from './ticket-attachment.service.js';

/** One `bytes=` range of an object of `size` bytes; undefined = whole object, 'unsatisfiable' = 416. */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/** `inline` or `attachment` with the original name (RFC 6266 / 5987: an ASCII fallback plus UTF-8). */
export function contentDisposition(mode: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${mode}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Stream an attachment: its stored content type, the original name (inline for images, video and
 * audio so the console can preview them), one byte range when asked (206, for video seeking), and
 * the SHA-256 as ETag (attachments never change).
 */
export async function sendAttachmentContent(
  ctx: AttachmentCtx,
  req: Request,
  res: Response,
  ticketId: number,
  attachmentId: number,
): Promise<void> {
  await ticketForAttachments(ctx, ticketId);
  const row = await ticketAttachmentModel(ctx.tenant.db).findByPk(attachmentId);
  if (!row || Number(row.ticket_id) !== ticketId) throw notFound('附件');
  const size = Number(row.size);
  const etag = `"${row.sha256}"`;
  const inline = /^(image|video|audio)\//.test(row.mime);
  res.setHeader('Content-Type', row.mime);
  res.setHeader('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', row.file_name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, max-age=86400, immutable');
  res.setHeader('ETag', etag);
  res.setHeader('Accept-Ranges', 'bytes');
  if (req.headers['if-none-match'] === etag) {
    res.status(304).end();
    return;
  }
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${size}`);
    res.status(416).end();
    return;
  }
  let read;
  try {
    read = await ctx.services.storage.get(row.storage_key, range);
  } catch (err) {
    if (isStorageError(err, 'OBJECT_NOT_FOUND')) throw notFound('附件文件');
    throw err;
  }
  if (range) {
    res.status(206);
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.status(200);
    res.setHeader('Content-Length', String(read.info.size));
  }
  try {
    await pipeline(read.stream, res);
  } catch (err) {
    // The client went away mid-download: nothing to answer any more.
    if (!res.destroyed) throw err;
  }
}
