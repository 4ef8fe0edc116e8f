import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';
import { attachmentForm, attachmentsPath, insertTicket, PNG, upload } from './ticket-attachment.test-data.js';

/** A ticket of the target subsidiary with one stored attachment (uploaded through the API as the group admin). */
async function withAttachment(env: FixtureEnv): Promise<{ ticketId: number; attachmentId: number }> {
  const ticketId = await insertTicket(env.server, env.target, { title: `附件工单${env.marker}` });
  const res = await upload(env.server.admin, env.target, ticketId, attachmentForm(`现场照片${env.marker}.png`, PNG));
  if (res.status !== 201) throw new Error(`fixture attachment upload: ${res.status} ${JSON.stringify(res.body)}`);
  return { ticketId, attachmentId: (res.body as { id: number }).id };
}

/** Ticket attachments: upload (multipart), list, content (bytes), delete (with reason). */
export const ticketAttachmentFixtures: RouteFixtures = {
  'ticket-attachments.upload': async (env) => {
    const ticketId = await insertTicket(env.server, env.target, { title: `附件工单${env.marker}` });
    return { path: attachmentsPath(env.target, ticketId), upload: { field: 'file', fileName: `签字${env.marker}.png`, content: PNG } };
  },
  'ticket-attachments.list': async (env) => {
    const { ticketId } = await withAttachment(env);
    return { path: attachmentsPath(env.target, ticketId) };
  },
  'ticket-attachments.content': async (env) => {
    const { ticketId, attachmentId } = await withAttachment(env);
    return { path: `${attachmentsPath(env.target, ticketId)}/${attachmentId}/content` };
  },
  'ticket-attachments.delete': async (env) => {
    const { ticketId, attachmentId } = await withAttachment(env);
    return { path: `${attachmentsPath(env.target, ticketId)}/${attachmentId}`, body: { reason: `重复上传${env.marker}` } };
  },
};
