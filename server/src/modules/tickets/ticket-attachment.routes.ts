import { ticketAttachmentDeleteBody, ticketAttachmentListParams, ticketAttachmentParams, ticketAttachmentView } from '@warmline/contracts';
import { z } from 'zod';
import { defineRoute } from '../../core/route-table.js';
import { sendAttachmentContent } from './ticket-attachment.content.js';
import { listAttachments, removeAttachment, uploadAttachment } from './ticket-attachment.service.js';

const base = '/subsidiaries/:subsidiaryId/tickets/:ticketId/attachments';

/**
 * Ticket attachments (images, videos, recordings, signatures): upload, list, download, remove.
 * Attachments never change; only a subsidiary admin removes one, with a reason.
 */
export const ticketAttachmentRoutes = [
  defineRoute({
    id: 'ticket-attachments.upload',
    method: 'post',
    path: base,
    summary: '上传工单附件（multipart：file + kind/takenAt/latitude/longitude；类型按文件内容判断）',
    tag: 'tickets',
    access: 'ticket:read',
    params: ticketAttachmentListParams,
    response: ticketAttachmentView,
    status: 201,
    // The file is streamed into storage before any transaction opens; the row, the timeline entry and
    // the audit record are then written in the service's own transaction (ticket-attachment.service.ts).
    audit: 'self-audited',
    handler: ({ services, tenant, user, req, res, params }) =>
      uploadAttachment({ services, tenant: tenant!, user }, req, res, params.ticketId),
  }),
  defineRoute({
    id: 'ticket-attachments.list',
    method: 'get',
    path: base,
    summary: '工单的附件列表',
    tag: 'tickets',
    access: 'ticket:read',
    params: ticketAttachmentListParams,
    response: z.array(ticketAttachmentView),
    handler: ({ services, tenant, user, params }) => listAttachments({ services, tenant: tenant!, user }, params.ticketId),
  }),
  defineRoute({
    id: 'ticket-attachments.content',
    method: 'get',
    path: `${base}/:attachmentId/content`,
    summary: '下载 / 预览附件内容（图片、视频、录音内联显示；视频支持 Range 分段读取）',
    tag: 'tickets',
    access: 'ticket:read',
    params: ticketAttachmentParams,
    handler: ({ services, tenant, user, req, res, params }) =>
      sendAttachmentContent({ services, tenant: tenant!, user }, req, res, params.ticketId, params.attachmentId),
  }),
  defineRoute({
    id: 'ticket-attachments.delete',
    method: 'delete',
    path: `${base}/:attachmentId`,
    summary: '删除附件（仅子公司管理员，须填写原因；记入时间线与操作日志）',
    tag: 'tickets',
    access: 'ticket:read',
    params: ticketAttachmentParams,
    body: ticketAttachmentDeleteBody,
    handler: async ({ services, tenant, user, tx, audit, params, body }) => {
      await removeAttachment({ services, tenant: tenant!, user, tx: tx!, audit }, params.ticketId, params.attachmentId, body.reason);
      return undefined;
    },
  }),
];
