import { Op, QueryTypes, type Transaction, type WhereOptions } from 'sequelize';
import type { NotificationItem, NotificationList, OutboxItem } from '@warmline/contracts';
import { notFound } from '../../core/app-error.js';
import type { AuthUser } from '../../auth/auth-user.js';
import type { Services } from '../../services.js';
import { notificationModel, type NotificationRow } from './notification.model.js';
import { toNotificationItem } from './notification-view.js';

type Paging = { page: number; pageSize: number };
type RouteTx = Transaction | undefined;

/** My in-app notifications, newest first, and how many are unread. */
export async function listMyNotifications(
  services: Services,
  user: AuthUser,
  q: Paging & { unread?: 'true' | 'false' },
): Promise<NotificationList> {
  const Notifications = notificationModel(services.dbs.group);
  const mine = { user_id: user.id, channel: 'inapp' };
  const where = q.unread === 'true' ? { ...mine, read_at: null } : q.unread === 'false' ? { ...mine, read_at: { [Op.ne]: null } } : mine;
  const { rows, count } = await Notifications.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    raw: true,
  });
  const unread = await Notifications.count({ where: { ...mine, read_at: null } });
  return { items: rows.map(toNotificationItem), total: count, unread, page: q.page, pageSize: q.pageSize };
}

export async function markRead(
  services: Services,
  user: AuthUser,
  id: number,
  tx: RouteTx,
): Promise<{ item: NotificationItem; changed: boolean }> {
  const Notifications = notificationModel(services.dbs.group);
  const row = await Notifications.findOne({ where: { id, user_id: user.id, channel: 'inapp' }, transaction: tx });
  if (!row) throw notFound('通知');
  const changed = row.read_at === null;
  if (changed) await row.update({ read_at: new Date() }, { transaction: tx });
  return { item: toNotificationItem(row.get({ plain: true })), changed };
}

export async function markAllRead(services: Services, user: AuthUser, tx: RouteTx): Promise<number> {
  const [updated] = await notificationModel(services.dbs.group).update(
    { read_at: new Date() },
    { where: { user_id: user.id, channel: 'inapp', read_at: null }, transaction: tx },
  );
  return updated;
}

/**
 * The outbox for admins (every channel; SMS / WeChat kept by the `keep` provider are read here),
 * limited to the subsidiaries in the caller's scope; group-level staff at the root see every row.
 */
export async function listOutbox(
  services: Services,
  user: AuthUser,
  q: Paging & { channel?: NotificationRow['channel']; status?: NotificationRow['status'] },
): Promise<{ items: OutboxItem[]; total: number; page: number; pageSize: number }> {
  const org = await services.orgs.get(user.orgId);
  const atRoot = user.subsidiaryId === null && org?.parent_id === null;
  const scope: WhereOptions<NotificationRow> = atRoot
    ? {}
    : { subsidiary_id: { [Op.in]: (await services.orgs.subsidiariesInScopeOf(user.orgId)).map((s) => s.id) } };
  const where: WhereOptions<NotificationRow> = {
    ...scope,
    ...(q.channel ? { channel: q.channel } : {}),
    ...(q.status ? { status: q.status } : {}),
  };
  const { rows, count } = await notificationModel(services.dbs.group).findAndCountAll({
    where,
    order: [['id', 'DESC']],
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    raw: true,
  });
  const ids = [...new Set(rows.map((r) => r.user_id))];
  const names = ids.length
    ? await services.dbs.group.query<{ id: number; display_name: string }>(
        `SELECT id, display_name FROM users WHERE id IN (${ids.map(() => '?').join(',')})`,
        { replacements: ids, type: QueryTypes.SELECT },
      )
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.display_name]));
  const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
  return {
    items: rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      userName: nameOf.get(r.user_id) ?? null,
      channel: r.channel,
      kind: r.kind,
      title: r.title,
      body: r.body,
      subsidiaryId: r.subsidiary_id,
      ticketId: r.ticket_id,
      ticketNo: r.ticket_no,
      status: r.status,
      attempts: r.attempts,
      provider: r.provider,
      lastError: r.last_error,
      createdAt: iso(r.created_at)!,
      sentAt: iso(r.sent_at),
    })),
    total: count,
    page: q.page,
    pageSize: q.pageSize,
  };
}
