import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import type { Transaction } from 'sequelize';
import { ATTACHMENT_TYPES_BY_KIND, ticketAttachmentUploadFields, type TicketAttachmentView } from '@warmline/contracts';
import type { AuthUser } from '../../auth/auth-user.js';
import type { AuditEntry } from '../../audit/audit.types.js';
import { writeAudit } from '../../audit/audit.writer.js';
import { AppError, conflict, forbidden, notFound } from '../../core/app-error.js';
import { zodDetails } from '../../core/zod-details.js';
import type { Services } from '../../services.js';
import { keySegment } from '../../storage/storage-key.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { ticketAttachmentModel } from './ticket-attachment.model.js';
import { defaultKind, receiveUpload, tooLarge, wrongType } from './ticket-attachment.upload.js';
import { attachmentView } from './ticket-attachment.view.js';
import { ticketEventModel } from './ticket-event.model.js';
import { ticketScopeOf } from './ticket-scope.js';
import { assertTicketInScope } from './ticket-scope.check.js';
import { ticketModel, type Ticket } from './ticket.model.js';

export interface AttachmentCtx {
  services: Services;
  tenant: TenantHandle;
  user: AuthUser;
}

/** Roles that may remove an attachment (with a reason). */
const REMOVER_ROLES = new Set(['subsidiary_admin', 'group_admin']);

/** The ticket of the path, in this subsidiary (404) and in the user's ticket scope (403). */
export async function ticketForAttachments(ctx: AttachmentCtx, ticketId: number): Promise<Ticket> {
  const row = await ticketModel(ctx.tenant.db).findByPk(ticketId);
  if (!row) throw notFound('工单');
  await assertTicketInScope(ctx.services, ctx.tenant, await ticketScopeOf(ctx.user, ctx.services.orgs), row);
  return row;
}

export async function listAttachments(ctx: AttachmentCtx, ticketId: number): Promise<TicketAttachmentView[]> {
  await ticketForAttachments(ctx, ticketId);
  const rows = await ticketAttachmentModel(ctx.tenant.db).findAll({ where: { ticket_id: ticketId }, order: [['id', 'ASC']] });
  return rows.map((r) => attachmentView(ctx.tenant.subsidiaryId, r));
}

/**
 * Upload one attachment: checks (ticket, scope, permission) → the file streamed into storage under
 * `tickets/<subsidiary code>/<ticketId>/<uuid>.<ext>` → the row, an `attachment_added` timeline entry
 * and the audit record in one transaction. The upload runs before any transaction is opened (a slow
 * phone must not hold a database connection); if the database write fails, the object is removed.
 */
export async function uploadAttachment(ctx: AttachmentCtx, req: Request, res: Response, ticketId: number): Promise<TicketAttachmentView> {
  if (!ctx.user.permissions.has('ticket:act') && !ctx.user.permissions.has('ticket:create')) {
    throw forbidden('没有上传工单附件的权限');
  }
  const ticket = await ticketForAttachments(ctx, ticketId);
  const { storage } = ctx.services;
  const up = await receiveUpload(req, res, {
    storage,
    limits: ctx.services.config.attachmentLimits,
    keyFor: (type) => `tickets/${keySegment(ctx.tenant.code)}/${ticket.id}/${crypto.randomUUID()}.${type.ext}`,
  });
  const key = up.stored.key;
  try {
    const parsed = ticketAttachmentUploadFields.safeParse(up.fields);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', '提交的数据有误', zodDetails('body', parsed.error));
    const fields = parsed.data;
    const kind = fields.kind ?? defaultKind(up.type);
    if (!ATTACHMENT_TYPES_BY_KIND[kind].includes(up.type.mime)) throw wrongType(kind, up.type);
    const limit = ctx.services.config.attachmentLimits[kind];
    if (up.stored.size > limit) throw tooLarge(kind, limit);

    return await ctx.tenant.db.transaction(async (tx) => {
      const row = await ticketAttachmentModel(ctx.tenant.db).create(
        {
          ticket_id: ticket.id,
          event_id: null,
          kind,
          storage_key: key,
          file_name: up.fileName,
          mime: up.type.mime,
          size: up.stored.size,
          sha256: up.stored.sha256,
          taken_at: fields.takenAt ? new Date(fields.takenAt) : null,
          latitude: fields.latitude ?? null,
          longitude: fields.longitude ?? null,
          uploaded_by: ctx.user.id,
          created_at: new Date(),
        },
        { transaction: tx },
      );
      const eventId = await timelineEntry(ctx, tx, ticket.id, 'attachment_added', null, {
        attachmentId: row.id,
        kind,
        fileName: up.fileName,
        mime: up.type.mime,
        size: up.stored.size,
      });
      await row.update({ event_id: eventId }, { transaction: tx });
      const view = attachmentView(ctx.tenant.subsidiaryId, row);
      await auditIn(ctx, req, tx, {
        action: 'ticket-attachment.create',
        entityType: 'ticket_attachment',
        entityId: row.id,
        orgId: ctx.tenant.subsidiaryId,
        after: view,
      });
      return view;
    });
  } catch (err) {
    await storage
      .remove(key)
      .catch((removeErr: unknown) => ctx.services.logger.error({ err: removeErr, key }, 'attachment: orphan object not removed'));
    throw err;
  }
}

/**
 * Remove an attachment (subsidiary admins only, with a reason): row, timeline entry and audit in the
 * request's transaction; the stored object goes once that transaction has committed. A signature a
 * ticket's completion refers to stays (409).
 */
export async function removeAttachment(
  ctx: AttachmentCtx & { tx: Transaction; audit: (entry: AuditEntry) => Promise<void> },
  ticketId: number,
  attachmentId: number,
  reason: string,
): Promise<void> {
  if (!ctx.user.roles.some((r) => REMOVER_ROLES.has(r.code))) throw forbidden('只有子公司管理员可以删除工单附件');
  const ticket = await ticketForAttachments(ctx, ticketId);
  const row = await ticketAttachmentModel(ctx.tenant.db).findByPk(attachmentId, { transaction: ctx.tx });
  if (!row || Number(row.ticket_id) !== ticket.id) throw notFound('附件');
  if (ticket.signature_attachment_id !== null && Number(ticket.signature_attachment_id) === row.id) {
    throw conflict('该附件是工单办结时的客户签字，不能删除');
  }
  const before = attachmentView(ctx.tenant.subsidiaryId, row);
  await row.destroy({ transaction: ctx.tx });
  await timelineEntry(ctx, ctx.tx, ticket.id, 'attachment_removed', reason, {
    attachmentId: row.id,
    kind: row.kind,
    fileName: row.file_name,
    sha256: row.sha256,
  });
  await ctx.audit({
    action: 'ticket-attachment.delete',
    entityType: 'ticket_attachment',
    entityId: row.id,
    orgId: ctx.tenant.subsidiaryId,
    before,
    reason,
  });
  const key = row.storage_key;
  // Sequelize runs after-commit hooks (awaited) even when COMMIT itself failed: remove the object only
  // once the row is really gone.
  ctx.tx.afterCommit(async () => {
    if (await ticketAttachmentModel(ctx.tenant.db).findByPk(attachmentId)) return;
    await ctx.services.storage
      .remove(key)
      .catch((err: unknown) => ctx.services.logger.error({ err, key }, 'attachment: stored object not removed'));
  });
}

async function timelineEntry(
  ctx: AttachmentCtx,
  tx: Transaction,
  ticketId: number,
  kind: 'attachment_added' | 'attachment_removed',
  reason: string | null,
  data: Record<string, unknown>,
): Promise<number> {
  const ev = await ticketEventModel(ctx.tenant.db).create(
    {
      ticket_id: ticketId,
      kind,
      actor_id: ctx.user.id,
      actor_name: ctx.user.displayName.slice(0, 64),
      reason,
      data: JSON.stringify(data),
      task_key: null,
      created_at: new Date(),
    },
    { transaction: tx },
  );
  return ev.id;
}

function auditIn(ctx: AttachmentCtx, req: Request, tx: Transaction, entry: AuditEntry): Promise<void> {
  const actor = { id: ctx.user.id, name: ctx.user.displayName, requestId: String(req.id ?? ''), ip: req.ip ?? null };
  return writeAudit(ctx.tenant.db, tx, actor, entry);
}
