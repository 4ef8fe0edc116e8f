import type { PublishMessageInput, Variables } from '../../process-engine.js';
import type { EngineDb } from '../../store/engine-db.js';
import { newKey } from '../../store/keys.js';
import type { EmbeddedEngine } from './embedded-engine.js';
import type { Wait } from './instance-run.js';
import { parseJson } from './instance-store.js';

/**
 * Messages (name + correlation key, buffered for their time to live, idempotent by message id) and
 * signals (broadcast to every waiting signal event of the tenant).
 */
export class Messages {
  constructor(private readonly engine: EmbeddedEngine) {}

  async publish(input: PublishMessageInput): Promise<{ messageKey: string; correlated: boolean }> {
    const engine = this.engine;
    const db = await engine.db(input.tenantId);
    if (input.messageId) {
      const dup = await db.select<{ message_key: string }>('SELECT message_key FROM engine_messages WHERE message_id = ?', [
        input.messageId,
      ]);
      if (dup[0]) return { messageKey: dup[0].message_key, correlated: false };
    }
    const messageKey = newKey();
    const started = await engine.starts.byMessage(input.tenantId, input.name, input.correlationKey ?? '', input.variables ?? {});
    const subs = await db.select<{ instance_key: string; wait_key: string }>(
      "SELECT instance_key, wait_key FROM engine_message_subscriptions WHERE kind = 'msg' AND name = ? AND correlation_key = ? ORDER BY created_at",
      [input.name, input.correlationKey],
    );
    for (const sub of subs) {
      try {
        await engine.apply(input.tenantId, sub.instance_key, { t: 'msg', waitKey: sub.wait_key, variables: input.variables });
        if (input.messageId) await this.record(db, input, messageKey, new Date(), new Date()).catch(() => undefined);
        return { messageKey, correlated: true };
      } catch {
        // the subscription went away meanwhile: try the next one
      }
    }
    if (started.length) {
      if (input.messageId) await this.record(db, input, messageKey, new Date(), new Date()).catch(() => undefined);
      return { messageKey, correlated: true };
    }
    const ttl = input.timeToLiveMs ?? 0;
    if (ttl > 0 || input.messageId) {
      try {
        await this.record(db, input, messageKey, null, new Date(Date.now() + ttl));
      } catch (err) {
        if (input.messageId) {
          const dup = await db.select<{ message_key: string }>('SELECT message_key FROM engine_messages WHERE message_id = ?', [
            input.messageId,
          ]);
          if (dup[0]) return { messageKey: dup[0].message_key, correlated: false };
        }
        throw err;
      }
    }
    return { messageKey, correlated: false };
  }

  private record(db: EngineDb, input: PublishMessageInput, messageKey: string, correlatedAt: Date | null, expiresAt: Date) {
    return db.insert('engine_messages', {
      message_key: messageKey,
      name: input.name,
      correlation_key: input.correlationKey,
      message_id: input.messageId ?? null,
      variables: JSON.stringify(input.variables ?? {}),
      expires_at: expiresAt,
      correlated_at: correlatedAt,
      created_at: new Date(),
    });
  }

  /** A new message subscription takes the oldest buffered message for it, if one is still alive. */
  async correlateBuffered(tenantId: string, instanceKey: string, waitKey: string, wait: Wait): Promise<void> {
    const engine = this.engine;
    const db = await engine.db(tenantId);
    const msgs = await db.select<{ message_key: string; variables: string }>(
      'SELECT message_key, variables FROM engine_messages WHERE name = ? AND correlation_key = ? AND correlated_at IS NULL AND expires_at > ? ORDER BY created_at LIMIT 1',
      [wait.name ?? '', wait.ck ?? '', new Date()],
    );
    const msg = msgs[0];
    if (!msg) return;
    const n = await db.execute('UPDATE engine_messages SET correlated_at = ? WHERE message_key = ? AND correlated_at IS NULL', [
      new Date(),
      msg.message_key,
    ]);
    if (n !== 1) return;
    await engine
      .apply(tenantId, instanceKey, { t: 'msg', waitKey, variables: parseJson<Variables>(msg.variables, {}) })
      .catch(async (err: unknown) => {
        await db.execute('UPDATE engine_messages SET correlated_at = NULL WHERE message_key = ?', [msg.message_key]);
        engine.log.warn({ err }, 'buffered message could not be correlated');
      });
  }

  async broadcastSignal(tenantId: string, name: string, variables?: Variables): Promise<void> {
    const engine = this.engine;
    const db = await engine.db(tenantId);
    await engine.starts.bySignal(tenantId, name, variables ?? {});
    const subs = await db.select<{ instance_key: string; wait_key: string }>(
      "SELECT instance_key, wait_key FROM engine_message_subscriptions WHERE kind = 'signal' AND name = ? ORDER BY created_at",
      [name],
    );
    for (const sub of subs) {
      await engine
        .apply(tenantId, sub.instance_key, { t: 'signal', waitKey: sub.wait_key, variables })
        .catch((err: unknown) => engine.log.warn({ err }, 'signal not delivered'));
    }
  }
}
