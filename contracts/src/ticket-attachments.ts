import { z } from 'zod';
import { idSchema, text } from './common.js';

/** Kinds of ticket attachments (ticket_attachments.kind). */
export const ATTACHMENT_KINDS = ['image', 'video', 'audio', 'signature', 'file'] as const;
export type TicketAttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_KIND_LABELS: Record<TicketAttachmentKind, string> = {
  image: '图片',
  video: '视频',
  audio: '录音',
  signature: '客户签字',
  file: '文件',
};

/**
 * Content types each kind accepts. The server decides the type from the file's first bytes (magic
 * numbers), never from the name or the client's claim.
 */
export const ATTACHMENT_TYPES_BY_KIND: Record<TicketAttachmentKind, readonly string[]> = {
  image: ['image/jpeg', 'image/png', 'image/webp'],
  video: ['video/mp4', 'video/quicktime'],
  audio: ['audio/mp4', 'audio/mpeg', 'audio/amr', 'audio/wav'],
  signature: ['image/png'],
  file: [
    'image/jpeg',
    'image/png',
    'image/webp',
    'video/mp4',
    'video/quicktime',
    'audio/mp4',
    'audio/mpeg',
    'audio/amr',
    'audio/wav',
    'application/pdf',
  ],
};

export const ticketAttachmentListParams = z.strictObject({ subsidiaryId: idSchema, ticketId: idSchema });
export const ticketAttachmentParams = z.strictObject({ subsidiaryId: idSchema, ticketId: idSchema, attachmentId: idSchema });

const decimal = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(\.\d{1,10})?$/, `${what}须为数字`)
    .transform(Number)
    .pipe(z.number().min(min, `${what}超出范围`).max(max, `${what}超出范围`));

/**
 * The text fields of an attachment upload (multipart, beside the `file` part). `kind` defaults to
 * what the file is (image, video, audio; PDF → file); a signature must say `signature`.
 */
export const ticketAttachmentUploadFields = z
  .strictObject({
    kind: z.enum(ATTACHMENT_KINDS, { message: '附件类型须为 image、video、audio、signature 或 file' }).optional(),
    takenAt: z.iso.datetime({ offset: true, message: '拍摄时间须为 ISO 8601 时间，如 2026-11-24T09:30:00+08:00' }).optional(),
    latitude: decimal(-90, 90, '纬度').optional(),
    longitude: decimal(-180, 180, '经度').optional(),
  })
  .refine((v) => (v.latitude === undefined) === (v.longitude === undefined), {
    message: '经度和纬度须同时提供',
    path: ['longitude'],
  });
export type TicketAttachmentUploadFields = z.infer<typeof ticketAttachmentUploadFields>;

/** Removing an attachment (subsidiary admins only) needs a reason; it is kept in the timeline and the audit log. */
export const ticketAttachmentDeleteBody = z.strictObject({ reason: text(500) });

export const ticketAttachmentView = z.object({
  id: z.number().int(),
  ticketId: z.number().int(),
  /** The timeline entry (`attachment_added`) that records the upload. */
  eventId: z.number().int().nullable(),
  kind: z.enum(ATTACHMENT_KINDS),
  kindLabel: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  takenAt: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  uploadedBy: z.number().int(),
  createdAt: z.string(),
  /** API path that streams the file (inline for images and videos). */
  contentPath: z.string(),
});
export type TicketAttachmentView = z.infer<typeof ticketAttachmentView>;
