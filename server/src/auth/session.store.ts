import crypto from 'node:crypto';
import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Opaque bearer tokens; only their SHA-256 is stored, so a database leak yields no usable token. */
export class SessionStore {
  constructor(
    private readonly db: Sequelize,
    private readonly ttlMs: number,
  ) {}

  async create(userId: number, ip: string | null): Promise<{ token: string; expiresAt: Date }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await this.db
      .getQueryInterface()
      .bulkInsert('sessions', [{ token_hash: hashToken(token), user_id: userId, expires_at: expiresAt, ip, created_at: new Date() }]);
    return { token, expiresAt };
  }

  async find(tokenHash: string): Promise<{ userId: number; expiresAt: Date } | undefined> {
    const rows = await this.db.query<{ user_id: number; expires_at: Date | string }>(
      'SELECT user_id, expires_at FROM sessions WHERE token_hash = ?',
      { replacements: [tokenHash], type: QueryTypes.SELECT },
    );
    const row = rows[0];
    if (!row) return undefined;
    const expiresAt = new Date(row.expires_at);
    if (expiresAt.getTime() <= Date.now()) return undefined;
    return { userId: row.user_id, expiresAt };
  }

  async revoke(tokenHash: string, transaction?: Transaction): Promise<void> {
    await this.db.getQueryInterface().bulkDelete('sessions', { token_hash: tokenHash }, { transaction });
  }

  async revokeAllOf(userId: number, transaction?: Transaction): Promise<void> {
    await this.db.getQueryInterface().bulkDelete('sessions', { user_id: userId }, { transaction });
  }

  async purgeExpired(): Promise<void> {
    await this.db.getQueryInterface().bulkDelete('sessions', { expires_at: { [Op.lt]: new Date() } });
  }
}
