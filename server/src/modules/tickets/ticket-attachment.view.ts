import { ATTACHMENT_KIND_LABELS, type TicketAttachmentView } from '@warmline/contracts';
import { invalid } from '../../core/app-error.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { ticketAttachmentModel, type TicketAttachment } from './ticket-attachment.model.js';

const num = (v: string | number | null) => (v === null || v === undefined ? null : Number(v));
const iso = (d: Date | string | null) => (d === null || d === undefined ? null : new Date(d).toISOString());

/** The API shape of an attachment row. */
export function attachmentView(subsidiaryId: number, row: TicketAttachment): TicketAttachmentView {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    eventId: row.event_id ?? null,
    kind: row.kind,
    kindLabel: ATTACHMENT_KIND_LABELS[row.kind] ?? row.kind,
    fileName: row.file_name,
    mime: row.mime,
    size: Number(row.size),
    sha256: row.sha256,
    takenAt: iso(row.taken_at),
    latitude: num(row.latitude),
    longitude: num(row.longitude),
    uploadedBy: row.uploaded_by,
    createdAt: iso(row.created_at) ?? '',
    contentPath: `/api/subsidiaries/${subsidiaryId}/tickets/${row.ticket_id}/attachments/${row.id}/content`,
  };
}

/**
 * The customer's signature a completion refers to (`signatureAttachmentId` of the handle / complete
 * action): an attachment of this ticket of kind `signature`, else 400 on `field`.
 */
export async function requireSignatureAttachment(
  tenant: Pick<TenantHandle, 'db'>,
  ticketId: number,
  attachmentId: number,
  field = 'body.signatureAttachmentId',
): Promise<TicketAttachment> {
  const row = await ticketAttachmentModel(tenant.db).findByPk(attachmentId);
  if (!row || Number(row.ticket_id) !== ticketId) throw invalid(field, '签字附件不存在或不属于该工单');
  if (row.kind !== 'signature') throw invalid(field, '该附件不是客户签字（请以 kind=signature 上传签字图片）');
  return row;
}
