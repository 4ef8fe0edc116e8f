import type { Model } from 'sequelize';
import type { NotificationChannel, NotificationKind, NotificationStatus } from '@warmline/contracts';
import { appendOnlyOptions, col } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

/** One outbox row (group database): a message for one user on one channel (docs/decisions/0008). */
export interface NotificationRow {
  id: number;
  user_id: number;
  channel: NotificationChannel;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Where the provider sends it: the mobile number for SMS; null for in-app. */
  address: string | null;
  subsidiary_id: number | null;
  ticket_id: number | null;
  ticket_no: string | null;
  /** Unique: the same event for the same user and channel is stored once (replayed engine events, two processes). */
  dedupe_key: string;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: Date;
  claimed_until: Date | null;
  claim_token: string | null;
  provider: string | null;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  read_at: Date | null;
}

export const notificationModel = modelFor<Model<NotificationRow, Partial<NotificationRow>> & NotificationRow>((seq) =>
  seq.define(
    'Notification',
    {
      id: col.id(),
      user_id: col.fk(),
      channel: col.str(16),
      kind: col.str(32),
      title: col.str(200),
      body: col.str(1000),
      address: col.str(64, true),
      subsidiary_id: col.fk(true),
      ticket_id: col.fk(true),
      ticket_no: col.str(32, true),
      dedupe_key: col.str(190),
      status: col.str(16),
      attempts: col.int(false, 0),
      next_attempt_at: col.date(false),
      claimed_until: col.date(),
      claim_token: col.str(40, true),
      provider: col.str(32, true),
      last_error: col.str(500, true),
      created_at: col.date(false),
      sent_at: col.date(),
      read_at: col.date(),
    },
    appendOnlyOptions('notifications'),
  ),
);
