import crypto from 'node:crypto';
import { Op, QueryTypes, type Sequelize } from 'sequelize';
import { AppError } from '../../core/app-error.js';

const TICKET_TTL_MS = 60_000;
const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * One-time tickets for the SSE stream: `EventSource` cannot send an Authorization header, so a signed-in
 * client asks for a ticket (valid 60 s, usable once) and opens `/api/notifications/stream?ticket=…`.
 * Tickets live in the group database, so any server process accepts them; only their hash is stored.
 */
export async function issueStreamTicket(group: Sequelize, userId: number): Promise<{ ticket: string; expiresAt: Date }> {
  const ticket = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + TICKET_TTL_MS);
  const qi = group.getQueryInterface();
  await qi.bulkDelete('notification_stream_tickets', { expires_at: { [Op.lt]: new Date() } });
  await qi.bulkInsert('notification_stream_tickets', [{ token_hash: hash(ticket), user_id: userId, expires_at: expiresAt }]);
  return { ticket, expiresAt };
}

/** Redeem a ticket: answers its user, or 401 when unknown, expired, already used or the user is disabled. */
export async function redeemStreamTicket(group: Sequelize, ticket: string): Promise<number> {
  const h = hash(ticket);
  const [row] = await group.query<{ user_id: number; expires_at: Date | string }>(
    'SELECT user_id, expires_at FROM notification_stream_tickets WHERE token_hash = ?',
    { replacements: [h], type: QueryTypes.SELECT },
  );
  const refuse = () => new AppError('UNAUTHENTICATED', '推送凭证无效或已过期，请重新获取');
  if (!row || new Date(row.expires_at).getTime() <= Date.now()) throw refuse();
  // One use: only the request whose delete removed the row may open the stream.
  const deleted = await group.query('DELETE FROM notification_stream_tickets WHERE token_hash = ?', {
    replacements: [h],
    type: QueryTypes.BULKDELETE,
  });
  if (Number(deleted) !== 1) throw refuse();
  const [user] = await group.query<{ enabled: number | boolean }>('SELECT enabled FROM users WHERE id = ?', {
    replacements: [row.user_id],
    type: QueryTypes.SELECT,
  });
  if (!user || !user.enabled) throw refuse();
  return row.user_id;
}
