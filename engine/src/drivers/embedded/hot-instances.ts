import type { InstanceRow } from './instance-store.js';
import type { InstanceRun } from './instance-run.js';

/** Bounds of the hot-instance cache (decision 0017). */
export interface HotInstanceOptions {
  /** Most instances kept loaded (0 turns the cache off: every action restores from the snapshot). Default 200. */
  maxInstances?: number;
  /** An instance not used for this long is unloaded (ms). Default 60 s. */
  idleMs?: number;
  /**
   * Heap the loaded instances may take, estimated (MB). Default 32. A loaded bpmn-engine instance is
   * large: ≈ 0.8 MB for a 5-element process, ≈ 3 MB for the ticket process (every element and flow has
   * its own message broker), about 600 times its compressed snapshot — the estimate used.
   */
  maxMb?: number;
}

export const DEFAULT_HOT_INSTANCES = 200;
export const DEFAULT_HOT_MB = 32;
/** Heap of a loaded instance per byte of its compressed snapshot (measured: bench/README.md). */
const HEAP_PER_SNAPSHOT_BYTE = 600;
const MIN_INSTANCE_BYTES = 256 * 1024;
export const DEFAULT_HOT_IDLE_MS = 60_000;
/** A row read without a loaded instance (a user task's completion reads it) serves only the action right after. */
const ROW_ONLY_MS = 30_000;
const ROW_ONLY_CAP = 100;

interface Entry {
  row: InstanceRow;
  /** The loaded bpmn-engine instance, exactly at the state committed as `row.rev`; null: only the row. */
  run: InstanceRun | null;
  at: number;
  /** Estimated heap of the loaded instance (0 without one). */
  bytes: number;
}

const estimate = (row: InstanceRow, run: InstanceRun | null) =>
  run ? Math.max(MIN_INSTANCE_BYTES, (row.snapshot?.length ?? 0) * HEAP_PER_SNAPSHOT_BYTE) : 0;

/**
 * Instances kept loaded in the process that last ran them, keyed by (tenant, instance key), each
 * with the row it committed. The invariant that makes it safe: an entry's loaded state is exactly the
 * state stored as `row.rev`. A run on it writes `WHERE rev = row.rev`, so if another engine process
 * (or anything else) changed the instance meanwhile, the write finds no row, the caller's conflict
 * retry reloads from the database, and the stale entry is gone (it was taken out for the run).
 * Bounded in count (least recently used goes first) and in idle time; failed, ended and conflicting
 * runs are never put back.
 */
export class HotInstances {
  private readonly entries = new Map<string, Entry>();
  readonly maxInstances: number;
  readonly idleMs: number;
  readonly maxBytes: number;
  /** Estimated heap of the loaded instances. */
  private bytes = 0;
  private sweeper: NodeJS.Timeout | null = null;
  /** Counters for tests and benchmarks. */
  readonly stats = { hits: 0, misses: 0, evicted: 0 };

  constructor(options: HotInstanceOptions = {}) {
    this.maxInstances = Math.max(0, Math.floor(options.maxInstances ?? DEFAULT_HOT_INSTANCES));
    this.idleMs = Math.max(1, options.idleMs ?? DEFAULT_HOT_IDLE_MS);
    this.maxBytes = Math.max(0, options.maxMb ?? DEFAULT_HOT_MB) * 1024 * 1024;
  }

  /** Estimated heap of the loaded instances (MB). */
  get estimatedMb(): number {
    return this.bytes / 1024 / 1024;
  }

  private remove(id: string): Entry | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    this.entries.delete(id);
    this.bytes -= e.bytes;
    return e;
  }

  private add(id: string, row: InstanceRow, run: InstanceRun | null) {
    const bytes = estimate(row, run);
    this.entries.set(id, { row, run, at: Date.now(), bytes });
    this.bytes += bytes;
  }

  private static id(tenantId: string, instanceKey: string): string {
    return `${tenantId}\u0000${instanceKey}`;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Instances loaded (entries with a bpmn-engine instance, not only a row). */
  get loaded(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.run) n++;
    return n;
  }

  /** The entry of an instance, removed (one run at a time uses it); undefined when absent or too old. */
  take(tenantId: string, instanceKey: string): { row: InstanceRow; run: InstanceRun | null } | undefined {
    const id = HotInstances.id(tenantId, instanceKey);
    const e = this.entries.get(id);
    if (!e) {
      this.stats.misses++;
      return undefined;
    }
    this.remove(id);
    if (Date.now() - e.at > (e.run ? this.idleMs : ROW_ONLY_MS)) {
      this.stats.misses++;
      return undefined;
    }
    if (e.run) this.stats.hits++;
    else this.stats.misses++;
    return { row: e.row, run: e.run };
  }

  /** After a committed run: the instance as loaded, at the row just written. */
  keep(tenantId: string, row: InstanceRow, run: InstanceRun | null): void {
    if ((this.maxInstances === 0 || this.maxBytes === 0) && run) run = null;
    const id = HotInstances.id(tenantId, row.instance_key);
    const old = this.entries.get(id);
    // A newer state is already here (written by another path of this process): keep that one.
    if (old && Number(old.row.rev) > Number(row.rev)) return;
    this.remove(id);
    this.add(id, row, run);
    this.trim();
  }

  /**
   * A row just read from the database: a loaded entry at the same `rev` stays (it is current); one at
   * another `rev` is stale and goes; without a loaded entry the row serves the next run.
   */
  offer(tenantId: string, row: InstanceRow): void {
    const id = HotInstances.id(tenantId, row.instance_key);
    const old = this.entries.get(id);
    if (old && Number(old.row.rev) === Number(row.rev) && old.run) return;
    if (old && Number(old.row.rev) > Number(row.rev)) return;
    this.remove(id);
    this.add(id, row, null);
    this.trim();
  }

  delete(tenantId: string, instanceKey: string): void {
    this.remove(HotInstances.id(tenantId, instanceKey));
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  /**
   * Least recently used first out, until both the count and the estimated heap fit; with the cache
   * off, rows alone (a few KB each) still serve the action right after their read.
   */
  private trim(): void {
    const cap = this.maxInstances || ROW_ONLY_CAP;
    while (this.entries.size > cap || this.bytes > this.maxBytes) {
      const first = this.entries.keys().next();
      if (first.done) break;
      this.remove(first.value);
      this.stats.evicted++;
    }
    this.arm();
  }

  /** Unload idle instances now and then (so a quiet process gives the memory back). */
  private arm(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), Math.min(this.idleMs, ROW_ONLY_MS)).unref();
  }

  sweep(now = Date.now()): void {
    for (const [id, e] of this.entries) {
      if (now - e.at > (e.run ? this.idleMs : ROW_ONLY_MS)) {
        this.remove(id);
        this.stats.evicted++;
      }
    }
    if (!this.entries.size && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }
}
