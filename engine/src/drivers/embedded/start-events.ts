import { createHash } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { GROUP_TENANT, type InstanceRef, type Variables } from '../../process-engine.js';
import { evaluateExpression } from '../../feel/index.js';
import type { EngineDb, EngineTx } from '../../store/engine-db.js';
import type { StartFact } from './deployment-facts.js';
import type { EmbeddedEngine } from './embedded-engine.js';
import { createInstance } from './instance-apply.js';
import { parseJson } from './instance-store.js';

/** The latest version of a process as one tenant sees it (its own, else the group's). */
export interface EffectiveDefinition {
  tenant_id: string;
  process_id: string;
  version: number;
  definition_key: string;
  resource_name: string;
  deployed_at: unknown;
}

/** A deterministic key (32 hex characters) for rows two processes might create at once. */
export const stableKey = (...parts: string[]): string => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

/** A message start blocked by Zeebe's rule: an instance started by the same correlation key is still active. */
class StartBlocked extends Error {}

/**
 * Instances started by what happens outside them (Zeebe semantics): a published message matching a
 * message start event, a broadcast signal matching a signal start event. Only the latest version of
 * each process subscribes: the tenant's own latest version, else the group's.
 */
export class StartEvents {
  private cache = new Map<string, { at: number; defs: Promise<EffectiveDefinition[]> }>();

  constructor(
    private readonly engine: EmbeddedEngine,
    private readonly ttlMs = 1000,
  ) {}

  /** Forget the cached latest versions (a deploy in this process). */
  invalidate(): void {
    this.cache.clear();
  }

  /** Every tenant's own latest versions (`tenantId`), optionally with the group's for process ids the tenant does not deploy itself. */
  async latest(tenantId: string, withGroup = true): Promise<EffectiveDefinition[]> {
    const group = await this.engine.group();
    const tenants = withGroup && tenantId !== GROUP_TENANT ? [tenantId, GROUP_TENANT] : [tenantId];
    const rows = await group.query<EffectiveDefinition>(
      `SELECT p.tenant_id, p.process_id, p.version, p.definition_key, p.resource_name, p.deployed_at FROM process_definitions p
       WHERE p.tenant_id IN (${tenants.map(() => '?').join(', ')})
       AND p.version = (SELECT MAX(q.version) FROM process_definitions q WHERE q.tenant_id = p.tenant_id AND q.process_id = p.process_id)
       ORDER BY p.process_id, p.tenant_id`,
      { replacements: tenants, type: QueryTypes.SELECT },
    );
    const own = new Set(rows.filter((r) => r.tenant_id === tenantId).map((r) => r.process_id));
    return rows.filter((r) => r.tenant_id === tenantId || !own.has(r.process_id)).map((r) => ({ ...r, version: Number(r.version) }));
  }

  private effective(tenantId: string): Promise<EffectiveDefinition[]> {
    const hit = this.cache.get(tenantId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.defs;
    const defs = this.latest(tenantId);
    defs.catch(() => this.cache.delete(tenantId));
    this.cache.set(tenantId, { at: Date.now(), defs });
    return defs;
  }

  /** The start events of `kind` of the tenant's effective latest versions. */
  async starts(tenantId: string, kind: StartFact['kind']): Promise<{ def: EffectiveDefinition; start: StartFact }[]> {
    const out: { def: EffectiveDefinition; start: StartFact }[] = [];
    for (const def of await this.effective(tenantId)) {
      const parsed = await this.engine.deployments.get(def.definition_key);
      for (const start of parsed.facts.starts.get(def.process_id) ?? []) if (start.kind === kind) out.push({ def, start });
    }
    return out;
  }

  /**
   * Start an instance of every latest process with a message start event for `name`. With a
   * correlation key, a process is not started again while an instance it started for the same key is
   * still active (Zeebe's rule).
   */
  async byMessage(tenantId: string, name: string, correlationKey: string, variables: Variables): Promise<InstanceRef[]> {
    const started: InstanceRef[] = [];
    for (const { def, start } of await this.starts(tenantId, 'message')) {
      if (staticName(start.name) !== name) continue;
      const ref = await this.startByMessage(tenantId, def, start, correlationKey, variables);
      if (ref) started.push(ref);
    }
    return started;
  }

  /** One instance from a message start event; undefined when the correlation-key rule holds it back. */
  private async startByMessage(
    tenantId: string,
    def: EffectiveDefinition,
    start: StartFact,
    correlationKey: string,
    variables: Variables,
  ): Promise<InstanceRef | undefined> {
    const lock = correlationKey ? stableKey('message-start', def.process_id, correlationKey) : undefined;
    try {
      return await createInstance(this.engine, tenantId, def, variables, {
        startAt: start.id,
        ...(lock && {
          inTx: (db, tx, instanceKey) => takeStartLock(db, tx, lock, instanceKey, def.process_id, correlationKey, start.id),
        }),
      });
    } catch (err) {
      if (!(err instanceof StartBlocked) && !isDuplicate(err)) throw err;
      return undefined;
    }
  }

  /**
   * An instance started by a message start event with a correlation key ended: the oldest message
   * for that start event and key still buffered (held back meanwhile by the correlation-key rule,
   * within its time to live) now starts the next instance, as in Zeebe.
   */
  async released(tenantId: string, instanceKey: string, processId: string, definitionKey: string): Promise<void> {
    const engine = this.engine;
    const facts = (await engine.deployments.get(definitionKey)).facts;
    if (!facts.starts.get(processId)?.some((s) => s.kind === 'message')) return;
    const db = await engine.db(tenantId);
    const locks = await db.select<{ correlation_key: string }>(
      "SELECT correlation_key FROM engine_message_subscriptions WHERE kind = 'start-lock' AND instance_key = ?",
      [instanceKey],
    );
    for (const lock of locks) await this.startBuffered(tenantId, processId, lock.correlation_key);
  }

  private async startBuffered(tenantId: string, processId: string, correlationKey: string): Promise<void> {
    const db = await this.engine.db(tenantId);
    for (const { def, start } of await this.starts(tenantId, 'message')) {
      const name = staticName(start.name);
      if (def.process_id !== processId || name === undefined) continue;
      const [msg] = await db.select<{ message_key: string; variables: string }>(
        'SELECT message_key, variables FROM engine_messages WHERE name = ? AND correlation_key = ? AND correlated_at IS NULL AND expires_at > ? ORDER BY created_at LIMIT 1',
        [name, correlationKey, new Date()],
      );
      if (!msg) continue;
      const taken = await db.execute('UPDATE engine_messages SET correlated_at = ? WHERE message_key = ? AND correlated_at IS NULL', [
        new Date(),
        msg.message_key,
      ]);
      if (taken !== 1) continue;
      const ref = await this.startByMessage(tenantId, def, start, correlationKey, parseJson<Variables>(msg.variables, {})).catch(
        (err: unknown) => (this.engine.log.warn({ err }, 'buffered message start failed'), undefined),
      );
      if (!ref) await db.execute('UPDATE engine_messages SET correlated_at = NULL WHERE message_key = ?', [msg.message_key]);
    }
  }

  /** Buffered message starts a crash kept from their turn (the holding instance ended, the follow-up never ran). */
  async reconcile(tenantId: string): Promise<void> {
    const db = await this.engine.db(tenantId);
    const ended = await db.select<{ instance_key: string; process_id: string; definition_key: string }>(
      "SELECT i.instance_key, i.process_id, i.definition_key FROM engine_message_subscriptions s JOIN engine_instances i ON i.instance_key = s.instance_key WHERE s.kind = 'start-lock' AND i.state IN ('completed', 'terminated')",
    );
    for (const e of ended) await this.released(tenantId, e.instance_key, e.process_id, e.definition_key);
  }

  /** Start an instance of every latest process with a signal start event for `name`. */
  async bySignal(tenantId: string, name: string, variables: Variables): Promise<InstanceRef[]> {
    const started: InstanceRef[] = [];
    for (const { def, start } of await this.starts(tenantId, 'signal')) {
      if (staticName(start.name) !== name) continue;
      started.push(await createInstance(this.engine, tenantId, def, variables, { startAt: start.id }));
    }
    return started;
  }
}

/** A message or signal name as deployed (a FEEL name is evaluated without variables, as Zeebe does at deploy). */
function staticName(name: string | undefined): string | undefined {
  if (!name?.startsWith('=')) return name;
  try {
    const v = evaluateExpression(name, {});
    return v === null || v === undefined ? undefined : String(v);
  } catch {
    return undefined;
  }
}

/** The correlation-key lock of a message start, taken in the creating transaction (a subscription row of kind `start-lock`). */
async function takeStartLock(
  db: EngineDb,
  tx: EngineTx,
  lock: string,
  instanceKey: string,
  processId: string,
  correlationKey: string,
  elementId: string,
): Promise<void> {
  const held = await db.select<{ instance_key: string; state: string | null }>(
    'SELECT s.instance_key, i.state FROM engine_message_subscriptions s LEFT JOIN engine_instances i ON i.instance_key = s.instance_key WHERE s.subscription_key = ?',
    [lock],
    tx,
  );
  if (held[0] && (held[0].state === 'active' || held[0].state === 'incident')) throw new StartBlocked();
  if (held[0]) await db.execute('DELETE FROM engine_message_subscriptions WHERE subscription_key = ?', [lock], tx);
  await db.insert(
    'engine_message_subscriptions',
    {
      subscription_key: lock,
      instance_key: instanceKey,
      wait_key: '',
      element_id: elementId,
      kind: 'start-lock',
      name: processId.slice(0, 255),
      correlation_key: correlationKey.slice(0, 255),
      created_at: new Date(),
    },
    tx,
  );
}

function isDuplicate(err: unknown): boolean {
  const e = err as { code?: string; original?: { code?: string }; message?: string };
  const code = e?.code ?? e?.original?.code;
  return code === 'ER_DUP_ENTRY' || (code === 'SQLITE_CONSTRAINT' && /UNIQUE|PRIMARY/i.test(e.message ?? ''));
}
