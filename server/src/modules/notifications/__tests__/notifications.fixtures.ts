import type { RouteFixtures, FixtureEnv } from '../../../testing/index.js';
import { notificationModel } from '../notification.model.js';
import { issueStreamTicket } from '../stream-ticket.service.js';

/** A notification of the target subsidiary's admin (in-app) and its SMS copy, named with the marker. */
async function seedNotification(env: FixtureEnv, channel: 'inapp' | 'sms' = 'inapp'): Promise<number> {
  const now = new Date();
  const row = await notificationModel(env.server.services.dbs.group).create({
    user_id: env.target.userIds.subsidiary_admin,
    channel,
    kind: 'dispatched',
    title: `新工单待确认${env.marker}`,
    body: `新工单待确认：${env.marker}-${env.unique()}`,
    address: channel === 'sms' ? '13900000000' : null,
    subsidiary_id: env.target.id,
    ticket_id: null,
    ticket_no: null,
    dedupe_key: `fixture:${env.unique()}:${env.unique()}`,
    status: 'sent',
    attempts: 1,
    next_attempt_at: now,
    provider: channel === 'sms' ? 'keep' : 'inapp',
    created_at: now,
    sent_at: now,
  });
  return row.id;
}

export const notificationFixtures: RouteFixtures = {
  'notifications.list': async (env) => {
    await seedNotification(env);
    return { path: '/api/notifications?page=1&pageSize=20' };
  },
  'notifications.streamTicket': () => Promise.resolve({ path: '/api/notifications/stream-ticket' }),
  'notifications.stream': async (env) => {
    const { ticket } = await issueStreamTicket(env.server.services.dbs.group, env.target.userIds.subsidiary_admin);
    return { path: `/api/notifications/stream?ticket=${ticket}&lastEventId=0` };
  },
  'notifications.read': async (env) => ({ path: `/api/notifications/${await seedNotification(env)}/read` }),
  'notifications.readAll': async (env) => {
    await seedNotification(env);
    return { path: '/api/notifications/read-all' };
  },
  'notificationOutbox.list': async (env) => {
    await seedNotification(env, 'sms');
    return { path: '/api/notification-outbox?channel=sms&status=sent&page=1' };
  },
};
