import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ApiClient, TestServer, WorldSubsidiary } from '../../../testing/index.js';
import { ticketModel, type Ticket } from '../ticket.model.js';

/** A real 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** JPEG magic (SOI + APP0 JFIF) followed by `size` filler bytes. */
export const jpeg = (size = 2048) =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), crypto.randomBytes(size)]);
/** An ISO base media file (`ftyp mp42`) followed by `size` random bytes. */
export const mp4 = (size = 4096) =>
  Buffer.concat([Buffer.from('00000018667479706d7034320000000069736f6d6d703432', 'hex'), crypto.randomBytes(size)]);

/** A ticket row in `sub`'s database (no process: attachments need only the row). */
export async function insertTicket(server: TestServer, sub: WorldSubsidiary, overrides: Partial<Ticket> = {}): Promise<number> {
  const tenant = await server.services.tenants.byId(sub.id);
  const now = new Date();
  const row = await ticketModel(tenant.db).create({
    ticket_no: `ATT-${crypto.randomBytes(5).toString('hex')}`,
    type_code: 'repair',
    urgency: 'normal',
    source: 'phone',
    status: 'in_progress',
    priority: 'normal',
    title: '暖气不热',
    description: '附件测试',
    agent_id: sub.userIds.agent,
    station_id: sub.stationId,
    worker_id: null,
    created_at: now,
    updated_at: now,
    ...overrides,
  });
  return row.id;
}

export const attachmentsPath = (sub: Pick<WorldSubsidiary, 'id'>, ticketId: number) =>
  `/api/subsidiaries/${sub.id}/tickets/${ticketId}/attachments`;

/** A multipart form: `fields` before the file unless `fieldsAfter`. */
export function attachmentForm(fileName: string, content: Buffer, fields: Record<string, string> = {}, fieldsAfter = false): FormData {
  const f = new FormData();
  const addFields = () => Object.entries(fields).forEach(([k, v]) => f.append(k, v));
  if (!fieldsAfter) addFields();
  f.append('file', new Blob([new Uint8Array(content)]), fileName);
  if (fieldsAfter) addFields();
  return f;
}

export function upload(client: ApiClient, sub: Pick<WorldSubsidiary, 'id'>, ticketId: number, form: FormData) {
  return client.request('POST', attachmentsPath(sub, ticketId), form);
}

/** Every file below a folder, relative to it. */
export function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}
