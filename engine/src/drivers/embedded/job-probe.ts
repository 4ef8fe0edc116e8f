import type { EmbeddedEngine } from './embedded-engine.js';

/**
 * Which job types a tenant has activatable jobs of — one query for all of this process's workers.
 * A worker's periodic poll asks this first and runs its own (per type) query only when its type is
 * listed: with a dozen job types and several tenants, an idle server sent a poll query per type and
 * tenant every second. An answer is shared for half the asking worker's poll interval, so a job
 * becoming activatable (another process's, a retry, a passed deadline) is still found within about
 * 1.5 poll intervals. Woken polls (a job of the type was created here) skip the probe.
 */
export class JobProbe {
  private readonly answers = new Map<string, { at: number; types: Promise<Set<string>> }>();

  constructor(private readonly engine: EmbeddedEngine) {}

  types(tenantId: string, maxAgeMs: number): Promise<Set<string>> {
    const hit = this.answers.get(tenantId);
    if (hit && Date.now() - hit.at <= maxAgeMs) return hit.types;
    const types = this.query(tenantId);
    const entry = { at: Date.now(), types };
    this.answers.set(tenantId, entry);
    // A failed probe is not shared: the next poll asks again.
    types.catch(() => this.answers.get(tenantId) === entry && this.answers.delete(tenantId));
    return types;
  }

  private async query(tenantId: string): Promise<Set<string>> {
    const db = await this.engine.db(tenantId);
    const now = new Date();
    const rows = await db.select<{ type: string }>(
      `SELECT DISTINCT type FROM engine_jobs
       WHERE (state = 'activatable' AND (retry_at IS NULL OR retry_at <= ?)) OR (state = 'activated' AND deadline_at < ?)`,
      [now, now],
    );
    return new Set(rows.map((r) => r.type));
  }
}

const probes = new WeakMap<EmbeddedEngine, JobProbe>();

/** The engine's probe (one per engine, shared by its workers). */
export function jobProbeOf(engine: EmbeddedEngine): JobProbe {
  let probe = probes.get(engine);
  if (!probe) probes.set(engine, (probe = new JobProbe(engine)));
  return probe;
}
