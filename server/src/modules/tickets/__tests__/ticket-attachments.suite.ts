import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { before, test } from 'node:test';
import { QueryTypes } from 'sequelize';
import { buildWorld, type TestServer, type World } from '../../../testing/index.js';
import { isStorageError } from '../../../storage/storage.errors.js';
import { ticketAttachmentModel } from '../ticket-attachment.model.js';
import { requireSignatureAttachment } from '../ticket-attachment.view.js';
import { ticketModel } from '../ticket.model.js';
import { attachmentForm, attachmentsPath, insertTicket, jpeg, mp4, PNG, upload } from './ticket-attachment.test-data.js';

/** Size limits the suite's servers run with (bytes). */
export const SUITE_LIMITS = {
  WARMLINE_ATTACHMENT_MAX_IMAGE_BYTES: String(64 * 1024),
  WARMLINE_ATTACHMENT_MAX_SIGNATURE_BYTES: String(16 * 1024),
};

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const isChinese = (s: string) => /[\u4e00-\u9fa5]/.test(s);

/**
 * Ticket attachments through HTTP, for one storage driver: `objectKeys(server, prefix)` lists what the
 * driver holds below a key prefix (to prove nothing is left behind).
 */
export function attachmentSuite(
  ctx: { readonly server: TestServer },
  objectKeys: (server: TestServer, prefix: string) => Promise<string[]>,
) {
  let world: World;
  const tenantOf = (sub: { id: number }) => ctx.server.services.tenants.byId(sub.id);
  const prefixOf = (ticketId: number) => `tickets/${world.a.code}/${ticketId}/`;
  const rowsOf = async (ticketId: number) =>
    ticketAttachmentModel((await tenantOf(world.a)).db).findAll({ where: { ticket_id: ticketId } });

  before(async () => {
    // A fresh tag per server: both databases' servers may share one bucket, keys start with the subsidiary code.
    world = await buildWorld(ctx.server, `att${crypto.randomBytes(2).toString('hex')}`);
  });

  test('given a ticket, when an agent uploads a photo with time and place, then list and download give it back byte for byte, with timeline and audit', async () => {
    // given
    const ticketId = await insertTicket(ctx.server, world.a);
    const photo = jpeg(20_000);
    // when
    const res = await upload(
      world.a.as.agent,
      world.a,
      ticketId,
      attachmentForm('现场 照片.jpg', photo, { takenAt: '2026-11-24T09:30:00+08:00', latitude: '43.8171234', longitude: '125.3235678' }),
    );
    // then
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const view = res.body;
    assert.equal(view.kind, 'image');
    assert.equal(view.mime, 'image/jpeg');
    assert.equal(view.fileName, '现场 照片.jpg');
    assert.equal(view.size, photo.length);
    assert.equal(view.sha256, sha(photo));
    assert.equal(view.takenAt, '2026-11-24T01:30:00.000Z');
    assert.equal(view.latitude, 43.8171234);
    assert.equal(view.longitude, 125.3235678);
    const list = await world.a.as.repair_worker.get(attachmentsPath(world.a, ticketId));
    assert.equal(list.status, 403, 'a worker not assigned to the ticket must not see it');
    const listed = await world.a.as.station_head.get(attachmentsPath(world.a, ticketId));
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.map((a: { id: number }) => a.id),
      [view.id],
    );
    const content = await world.a.as.station_head.get(view.contentPath);
    assert.equal(content.status, 200);
    assert.ok(Buffer.isBuffer(content.body) && content.body.equals(photo), 'downloaded bytes differ');
    assert.equal(content.headers.get('content-type'), 'image/jpeg');
    assert.equal(
      content.headers.get('content-disposition'),
      `inline; filename="__ __.jpg"; filename*=UTF-8''${encodeURIComponent('现场 照片.jpg')}`,
    );
    const row = (await rowsOf(ticketId))[0];
    assert.match(row.storage_key, new RegExp(`^tickets/${world.a.code}/${ticketId}/[0-9a-f-]{36}\\.jpg$`));
    assert.deepEqual(await objectKeys(ctx.server, prefixOf(ticketId)), [row.storage_key]);
    const db = (await tenantOf(world.a)).db;
    const events = await db.query<{ kind: string; data: string; id: number }>(
      'SELECT id, kind, data FROM ticket_events WHERE ticket_id = ?',
      {
        replacements: [ticketId],
        type: QueryTypes.SELECT,
      },
    );
    assert.equal(events.length, 1);
    assert.equal(events[0].kind, 'attachment_added');
    assert.equal(JSON.parse(events[0].data).attachmentId, view.id);
    assert.equal(view.eventId, events[0].id);
    const audits = await db.query('SELECT action FROM audit_logs WHERE entity_type = ? AND entity_id = ?', {
      replacements: ['ticket_attachment', String(view.id)],
      type: QueryTypes.SELECT,
    });
    assert.deepEqual(audits, [{ action: 'ticket-attachment.create' }]);
  });

  test('given the worker the ticket is assigned to, when they upload a video and seek in it, then ranges come back as 206', async () => {
    // given
    const ticketId = await insertTicket(ctx.server, world.a, { worker_id: world.a.userIds.repair_worker });
    const video = mp4(300_000);
    const res = await upload(world.a.as.repair_worker, world.a, ticketId, attachmentForm('clip.mp4', video, { kind: 'video' }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    // when
    const part = await world.a.as.repair_worker.request('GET', res.body.contentPath, undefined, { headers: { range: 'bytes=1000-1999' } });
    const beyond = await world.a.as.repair_worker.request('GET', res.body.contentPath, undefined, { headers: { range: 'bytes=400000-' } });
    // then
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 1000-1999/${video.length}`);
    assert.ok(part.body.equals(video.subarray(1000, 2000)));
    assert.equal(part.headers.get('content-disposition')?.startsWith('inline;'), true);
    assert.equal(beyond.status, 416);
  });

  test('given files whose bytes are not what they claim, when uploaded, then 415 in Chinese and nothing is stored', async () => {
    const ticketId = await insertTicket(ctx.server, world.a);
    const cases = [
      attachmentForm('photo.jpg', Buffer.from('this is plain text, not a JPEG at all')),
      attachmentForm('sign.png', jpeg(100), { kind: 'signature' }),
      attachmentForm('clip.mp4', PNG, { kind: 'video' }),
      attachmentForm('sign.png', jpeg(100), { kind: 'signature' }, true),
    ];
    for (const form of cases) {
      const res = await upload(world.a.as.agent, world.a, ticketId, form);
      assert.equal(res.status, 415, JSON.stringify(res.body));
      assert.ok(isChinese(res.body.message), res.body.message);
      assert.equal(res.body.details[0].field, 'file');
    }
    assert.equal((await rowsOf(ticketId)).length, 0);
    assert.deepEqual(await objectKeys(ctx.server, prefixOf(ticketId)), []);
  });

  test('given images over the image limit, when uploaded with the kind before or after the file, then 413 in Chinese and nothing is stored', async () => {
    const ticketId = await insertTicket(ctx.server, world.a);
    for (const form of [
      attachmentForm('big.jpg', jpeg(100 * 1024), { kind: 'image' }),
      attachmentForm('big.jpg', jpeg(100 * 1024)),
      attachmentForm('sig.png', Buffer.concat([PNG, crypto.randomBytes(20 * 1024)]), { kind: 'signature' }, true),
    ]) {
      const res = await upload(world.a.as.agent, world.a, ticketId, form);
      assert.equal(res.status, 413, JSON.stringify(res.body));
      assert.ok(isChinese(res.body.message), res.body.message);
    }
    assert.equal((await rowsOf(ticketId)).length, 0);
    assert.deepEqual(await objectKeys(ctx.server, prefixOf(ticketId)), []);
  });

  test("given A's attachment, when B's users ask for it, then 403; an unknown ticket or attachment answers 404", async () => {
    const ticketId = await insertTicket(ctx.server, world.a);
    const res = await upload(world.a.as.agent, world.a, ticketId, attachmentForm('a.png', PNG));
    assert.equal(res.status, 201);
    for (const role of ['agent', 'subsidiary_admin', 'leader']) {
      assert.equal((await world.b.as[role].get(res.body.contentPath)).status, 403, role);
      assert.equal((await world.b.as[role].get(attachmentsPath(world.a, ticketId))).status, 403, role);
    }
    assert.equal((await world.a.as.agent.get(attachmentsPath(world.a, 99_999_999))).status, 404);
    assert.equal((await upload(world.a.as.agent, world.a, 99_999_999, attachmentForm('a.png', PNG))).status, 404);
    const other = await insertTicket(ctx.server, world.a);
    assert.equal((await world.a.as.agent.get(`${attachmentsPath(world.a, other)}/${res.body.id}/content`)).status, 404);
  });

  test('given the database fails while recording an upload, then 500 and the stored object is removed (no orphan)', async () => {
    // given a timeline table that cannot be written
    const ticketId = await insertTicket(ctx.server, world.a);
    const db = (await tenantOf(world.a)).db;
    await db.query('ALTER TABLE ticket_events RENAME TO ticket_events_off');
    let res;
    try {
      // when
      res = await upload(world.a.as.agent, world.a, ticketId, attachmentForm('a.png', PNG));
    } finally {
      await db.query('ALTER TABLE ticket_events_off RENAME TO ticket_events');
    }
    // then
    assert.equal(res.status, 500);
    assert.equal((await rowsOf(ticketId)).length, 0);
    assert.deepEqual(await objectKeys(ctx.server, prefixOf(ticketId)), []);
  });

  test('given file names with folders or control characters, then only a clean last segment is kept and the key is the server’s own', async () => {
    const ticketId = await insertTicket(ctx.server, world.a);
    for (const [name, kept] of [
      ['../../../etc/passwd.png', 'passwd.png'],
      ['..\\..\\windows\\win.ini.png', 'win.ini.png'],
    ]) {
      const res = await upload(world.a.as.agent, world.a, ticketId, attachmentForm(name, PNG));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.fileName, kept);
      const content = await world.a.as.agent.get(res.body.contentPath);
      assert.ok(content.body.equals(PNG));
    }
    for (const row of await rowsOf(ticketId))
      assert.match(row.storage_key, new RegExp(`^tickets/${world.a.code}/${ticketId}/[0-9a-f-]{36}\\.png$`));
    // A control character in the part header is a malformed request: 400, nothing stored.
    const bad = await upload(world.a.as.agent, world.a, ticketId, attachmentForm('a\u0001b.png', PNG));
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.equal((await rowsOf(ticketId)).length, 2);
  });

  test('given an attachment, when removed, then only a subsidiary admin with a reason may, and row, object and timeline follow', async () => {
    const ticketId = await insertTicket(ctx.server, world.a);
    const res = await upload(world.a.as.agent, world.a, ticketId, attachmentForm('dup.png', PNG));
    const path = `${attachmentsPath(world.a, ticketId)}/${res.body.id}`;
    assert.equal((await world.a.as.agent.delete(path, { reason: '重复' })).status, 403);
    assert.equal((await world.a.as.subsidiary_admin.delete(path, {})).status, 400);
    const key = (await rowsOf(ticketId))[0].storage_key;
    // when
    const del = await world.a.as.subsidiary_admin.delete(path, { reason: '重复上传' });
    // then
    assert.equal(del.status, 204, JSON.stringify(del.body));
    assert.equal((await rowsOf(ticketId)).length, 0);
    await assert.rejects(ctx.server.services.storage.stat(key), (e) => isStorageError(e, 'OBJECT_NOT_FOUND'));
    assert.equal((await world.a.as.agent.get(res.body.contentPath)).status, 404);
    const db = (await tenantOf(world.a)).db;
    const removed = await db.query<{ reason: string }>('SELECT reason FROM ticket_events WHERE ticket_id = ? AND kind = ?', {
      replacements: [ticketId, 'attachment_removed'],
      type: QueryTypes.SELECT,
    });
    assert.deepEqual(removed, [{ reason: '重复上传' }]);
  });

  test('given a signature, then the handle action can refer to it; a signature a ticket completed with cannot be removed', async () => {
    const ticketId = await insertTicket(ctx.server, world.a);
    const sig = await upload(world.a.as.agent, world.a, ticketId, attachmentForm('签字.png', PNG, { kind: 'signature' }));
    const photo = await upload(world.a.as.agent, world.a, ticketId, attachmentForm('p.png', PNG));
    assert.equal(sig.body.kind, 'signature');
    assert.equal(photo.body.kind, 'image');
    const tenant = await tenantOf(world.a);
    assert.equal((await requireSignatureAttachment(tenant, ticketId, sig.body.id)).id, sig.body.id);
    await assert.rejects(requireSignatureAttachment(tenant, ticketId, photo.body.id), /提交的数据有误/);
    await assert.rejects(requireSignatureAttachment(tenant, ticketId + 1, sig.body.id), /提交的数据有误/);
    await ticketModel(tenant.db).update({ signature_attachment_id: sig.body.id }, { where: { id: ticketId } });
    const del = await world.a.as.subsidiary_admin.delete(`${attachmentsPath(world.a, ticketId)}/${sig.body.id}`, { reason: '误删' });
    assert.equal(del.status, 409);
  });
}
