import type { InstanceRow } from './instance-store.js';

/**
 * The rows just written for instances whose next step is already on its way in this process (a job
 * handed to a local worker), so applying that step does not read back what was just written. Only a
 * cache: every write is still checked against the row's `rev`, and a conflict reloads from the
 * database. Bounded in size and age; waiting instances are not kept here.
 */
export class HotRows {
  private readonly rows = new Map<string, { row: InstanceRow; at: number }>();

  constructor(
    private readonly maxEntries = 2000,
    private readonly maxAgeMs = 30_000,
  ) {}

  set(row: InstanceRow): void {
    this.rows.delete(row.instance_key);
    this.rows.set(row.instance_key, { row, at: Date.now() });
    if (this.rows.size > this.maxEntries) this.rows.delete(this.rows.keys().next().value as string);
  }

  /** The cached row (removed: one use), if fresh. */
  take(instanceKey: string): InstanceRow | undefined {
    const hit = this.rows.get(instanceKey);
    if (!hit) return undefined;
    this.rows.delete(instanceKey);
    return Date.now() - hit.at <= this.maxAgeMs ? hit.row : undefined;
  }

  delete(instanceKey: string): void {
    this.rows.delete(instanceKey);
  }

  get size(): number {
    return this.rows.size;
  }
}
