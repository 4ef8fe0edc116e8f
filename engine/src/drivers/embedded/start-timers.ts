import { GROUP_TENANT } from '../../process-engine.js';
import { toDate } from '../../store/sql.js';
import type { EmbeddedEngine } from './embedded-engine.js';
import { createInstance } from './instance-apply.js';
import { nextDue } from './start-timer-schedule.js';
import { stableKey } from './start-events.js';

/** A start timer row was fired by someone else meanwhile (another process, or the row was replaced). */
class AlreadyFired extends Error {}

interface StartTimerRow {
  timer_key: string;
  wait_key: string;
  element_id: string;
  due_at: unknown;
  fired_at: unknown;
}

/** `start:<definitionKey>:<n>` — the definition whose timer start event this is, and which firing. */
const waitKeyOf = (definitionKey: string, n: number) => `start:${definitionKey}:${n}`;
function parseWaitKey(waitKey: string): { definitionKey: string; n: number } | undefined {
  const m = /^start:([^:]+):(\d+)$/.exec(waitKey);
  return m ? { definitionKey: m[1], n: Number(m[2]) } : undefined;
}

/**
 * Timer start events as rows of `engine_timers` without an instance (`instance_key = ''`), in the
 * tenant database, one row per firing: the scheduler fires due rows; firing marks the row and inserts
 * the next one in the transaction that creates the instance (exactly once, across restarts and
 * processes: row keys are deterministic). Only the latest version's start timers are scheduled: a
 * deploy replaces the rows of the previous version.
 */
export class StartTimers {
  constructor(private readonly engine: EmbeddedEngine) {}

  /** After a deploy: reconcile the tenant (a group deploy: every tenant). */
  async deployed(tenantId: string): Promise<void> {
    const tenants = tenantId === GROUP_TENANT ? await this.engine.tenantIds() : [tenantId];
    for (const t of tenants) await this.reconcile(t);
  }

  /** Bring the tenant's start timer rows in line with its latest versions. */
  async reconcile(tenantId: string): Promise<void> {
    const engine = this.engine;
    const db = await engine.db(tenantId);
    const wanted = new Map<
      string,
      { definitionKey: string; elementId: string; timer: { type: 'timeDate' | 'timeCycle'; value: string } }
    >();
    for (const def of await engine.starts.latest(tenantId)) {
      const parsed = await engine.deployments.get(def.definition_key);
      for (const s of parsed.facts.starts.get(def.process_id) ?? []) {
        if (s.kind === 'timer' && s.timer) {
          wanted.set(`${def.definition_key}\u0000${s.id}`, { definitionKey: def.definition_key, elementId: s.id, timer: s.timer });
        }
      }
    }
    const rows = await db.select<StartTimerRow>(
      "SELECT timer_key, wait_key, element_id, due_at, fired_at FROM engine_timers WHERE instance_key = ''",
    );
    const present = new Set<string>();
    for (const r of rows) {
      const id = `${parseWaitKey(r.wait_key)?.definitionKey}\u0000${r.element_id}`;
      if (wanted.has(id)) present.add(id);
      else if (!r.fired_at) await db.execute('DELETE FROM engine_timers WHERE timer_key = ? AND fired_at IS NULL', [r.timer_key]);
    }
    const now = new Date();
    for (const [id, w] of wanted) {
      if (present.has(id)) continue;
      const due = nextDue(w.timer, 0, undefined, now);
      if (!due) continue;
      await db
        .insert('engine_timers', {
          timer_key: stableKey('start-timer', tenantId, w.definitionKey, w.elementId, '0'),
          instance_key: '',
          wait_key: waitKeyOf(w.definitionKey, 0),
          element_id: w.elementId,
          due_at: due,
          fired_at: null,
          created_at: now,
        })
        .catch(() => undefined); // another process scheduled it meanwhile
    }
  }

  /** Fire the tenant's due start timers; answers the time (ms) until the next one, if any. */
  async fireDue(tenantId: string): Promise<number | undefined> {
    const db = await this.engine.db(tenantId);
    const rows = await db.select<StartTimerRow>(
      "SELECT timer_key, wait_key, element_id, due_at, fired_at FROM engine_timers WHERE instance_key = '' AND fired_at IS NULL ORDER BY due_at LIMIT 100",
    );
    let next: number | undefined;
    for (const r of rows) {
      const due = toDate(r.due_at)?.getTime() ?? 0;
      const wait = due - Date.now();
      if (wait > 0) {
        next = Math.min(next ?? wait, wait);
        continue;
      }
      await this.fire(tenantId, r).catch((err: unknown) => {
        if (!(err instanceof AlreadyFired)) this.engine.log.warn({ err, timer: r.timer_key }, 'start timer not fired');
      });
    }
    return next;
  }

  private async fire(tenantId: string, r: StartTimerRow): Promise<void> {
    const engine = this.engine;
    const ref = parseWaitKey(r.wait_key);
    if (!ref) return;
    const def = await engine.definitions.byKey(ref.definitionKey);
    if (!def) return;
    const timer = (await engine.deployments.get(def.definition_key)).facts.starts
      .get(def.process_id)
      ?.find((s) => s.id === r.element_id && s.kind === 'timer')?.timer;
    if (!timer) return;
    const dueAt = toDate(r.due_at) ?? new Date();
    const now = new Date();
    const following = nextDue(timer, ref.n + 1, dueAt, now);
    await createInstance(
      engine,
      tenantId,
      { process_id: def.process_id, version: def.version, definition_key: def.definition_key },
      {},
      {
        startAt: r.element_id,
        inTx: async (db, tx) => {
          const n = await db.execute(
            'UPDATE engine_timers SET fired_at = ? WHERE timer_key = ? AND fired_at IS NULL',
            [now, r.timer_key],
            tx,
          );
          if (n !== 1) throw new AlreadyFired();
          if (!following) return;
          await db.insert(
            'engine_timers',
            {
              timer_key: stableKey('start-timer', tenantId, def.definition_key, r.element_id, String(ref.n + 1)),
              instance_key: '',
              wait_key: waitKeyOf(def.definition_key, ref.n + 1),
              element_id: r.element_id,
              due_at: following,
              fired_at: null,
              created_at: now,
            },
            tx,
          );
        },
      },
    );
  }
}
