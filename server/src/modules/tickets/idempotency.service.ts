import crypto from 'node:crypto';
import { Model, Op, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import { col } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';
import type { AuditEntry } from '../../audit/audit.types.js';
import { conflict, invalid } from '../../core/app-error.js';

/** One idempotency key of a user on a route (tenant table `idempotency_keys`). `status` 0 = still running. */
export class IdempotencyKey extends Model {
  declare id: number;
  declare user_id: number;
  declare route_id: string;
  declare idem_key: string;
  declare status: number;
  /** JSON `{hash, response}`: the request's digest and the first answer. */
  declare body: string;
  declare created_at: Date;
}

export const idempotencyKeyModel = modelFor((seq: Sequelize) =>
  class extends IdempotencyKey {}.init(
    {
      id: col.id(),
      user_id: col.fk(),
      route_id: col.str(64),
      idem_key: col.str(100),
      status: col.int(),
      body: col.text(),
      created_at: col.date(false),
    },
    { sequelize: seq, tableName: 'idempotency_keys', underscored: true, timestamps: false },
  ),
);

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEEP_MS = 24 * 3_600_000;
/** A key left "running" this long belongs to a request whose transaction never committed. */
const ABANDONED_MS = 60_000;
const PURGE_EVERY_MS = 10 * 60_000;
const lastPurge = new Map<Sequelize, number>();

export interface IdempotencyScope {
  db: Sequelize;
  userId: number;
  routeId: string;
  /** The header's value, if the request carries one. */
  key: string | undefined;
  /** What makes two requests "the same": path parameters and body. */
  request: unknown;
  audit: (entry: AuditEntry) => Promise<void>;
  /** Marks a replayed answer (`Idempotent-Replayed: true`). */
  markReplayed: () => void;
}

const digest = (v: unknown) =>
  crypto
    .createHash('sha256')
    .update(JSON.stringify(v ?? null))
    .digest('hex');

async function purgeOld(db: Sequelize): Promise<void> {
  const now = Date.now();
  if (now - (lastPurge.get(db) ?? 0) < PURGE_EVERY_MS) return;
  lastPurge.set(db, now);
  await idempotencyKeyModel(db).destroy({ where: { created_at: { [Op.lt]: new Date(now - KEEP_MS) } } });
}

/**
 * Run `fn` at most once per user + route + `Idempotency-Key` (decision 0007). The first successful
 * answer is stored with the request's digest; a repeat with the same key and the same request answers
 * it again and changes nothing (an audit record notes the replay); the same key with a different
 * request, or while the first is still running, answers 409. A failed request frees its key.
 *
 * The key is claimed outside any transaction (the engine acts between claim and answer and cannot
 * join one); `fn` stores the answer with `remember` inside the transaction of the action's own records
 * (an answer `fn` did not remember is stored on its own).
 */
export async function idempotent<T>(
  s: IdempotencyScope,
  fn: (remember: (tx: Transaction | undefined, response: T) => Promise<void>) => Promise<T>,
): Promise<T> {
  if (s.key === undefined) return fn(async () => undefined);
  const key = s.key.trim();
  if (!key || key.length > 100) throw invalid(`headers.${IDEMPOTENCY_HEADER}`, '幂等键长度必须为 1–100 个字符');
  const Keys = idempotencyKeyModel(s.db);
  const hash = digest(s.request);
  const where = { user_id: s.userId, route_id: s.routeId, idem_key: key };
  await purgeOld(s.db);

  for (let attempt = 0; ; attempt++) {
    const found = await Keys.findOne({ where });
    if (found) {
      const stored = JSON.parse(found.body) as { hash: string; response?: T };
      if (stored.hash !== hash) throw conflict('此幂等键已用于另一个不同的请求，请更换幂等键');
      if (found.status === 0) {
        if (Date.now() - found.created_at.getTime() < ABANDONED_MS || attempt > 0) throw conflict('相同幂等键的请求正在处理，请稍后重试');
        await Keys.destroy({ where: { id: found.id, status: 0 } });
        continue;
      }
      await s.audit({
        action: 'ticket.idempotent-replay',
        entityType: 'idempotency_key',
        entityId: found.id,
        after: { routeId: s.routeId, key },
      });
      s.markReplayed();
      return stored.response as T;
    }
    let claimed: IdempotencyKey;
    try {
      claimed = await Keys.create({ ...where, status: 0, body: JSON.stringify({ hash }), created_at: new Date() });
    } catch (err) {
      if (err instanceof UniqueConstraintError && attempt < 2) continue;
      throw err;
    }
    let remembered = false;
    const remember = async (tx: Transaction | undefined, response: T) => {
      await Keys.update({ status: 200, body: JSON.stringify({ hash, response }) }, { where: { id: claimed.id }, transaction: tx });
      remembered = true;
    };
    try {
      const response = await fn(remember);
      if (!remembered) await remember(undefined, response);
      return response;
    } catch (err) {
      await Keys.destroy({ where: { id: claimed.id } }).catch(() => undefined);
      throw err;
    }
  }
}
