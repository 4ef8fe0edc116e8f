/**
 * Zeebe has no push stream to clients, so `onEvent` is served by polling REST searches while at
 * least one listener is subscribed (one query per source and poll, across all tenants the client
 * may see). Each source queries a time window that reaches back `lagWindowMs` behind the newest
 * record seen, to catch records exported late; records already delivered are remembered by key.
 * The first poll only primes that memory: records from before the subscription are not delivered.
 *
 * Polled: instance.started (startDate), instance.ended (endDate), task.created (creationDate),
 * task.completed / task.canceled (completionDate), incident.raised (creationTime).
 * task.assigned and incident.resolved have no timestamp to poll by: the engine emits them itself
 * when the assignment or resolution goes through this driver (see zeebe-engine.ts).
 */
import type { EngineEvent } from '../../process-engine.js';
import type { ZeebeRest } from './zeebe-rest.js';

export interface PollSource<T> {
  name: string;
  urlPath: string;
  dateField: string;
  keyOf(item: T): string;
  dateOf(item: T): string | undefined;
  toEvents(item: T): Promise<EngineEvent[]>;
}

const PAGE = 200;
const MAX_PAGES_PER_POLL = 5;

class SourceState<T> {
  primed = false;
  newest = Date.now();
  readonly seen = new Map<string, number>();

  constructor(readonly source: PollSource<T>) {}
}

export class EventPoller {
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly states: SourceState<unknown>[];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly rest: ZeebeRest,
    sources: PollSource<unknown>[],
    private readonly intervalMs: number,
    private readonly lagWindowMs: number,
    private readonly onError: (e: Error) => void,
  ) {
    this.states = sources.map((s) => new SourceState(s));
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1 && !this.stopped) {
      for (const s of this.states) {
        s.primed = false;
        s.newest = Date.now();
        s.seen.clear();
      }
      this.schedule(0);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.halt();
    };
  }

  hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  /** Delivers an event produced by the engine itself (task.assigned, incident.resolved). */
  emit(event: EngineEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (e) {
        this.onError(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.listeners.clear();
    this.halt();
    await this.running;
  }

  /** One poll of every source (exposed for tests). */
  async pollOnce(): Promise<void> {
    for (const state of this.states) {
      try {
        await this.pollSource(state);
      } catch (e) {
        this.onError(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  private halt(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delay: number): void {
    this.halt();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.pollOnce().finally(() => {
        this.running = undefined;
        if (this.listeners.size > 0 && !this.stopped && !this.timer) this.schedule(this.intervalMs);
      });
    }, delay);
    this.timer.unref();
  }

  private async pollSource(state: SourceState<unknown>): Promise<void> {
    const { source } = state;
    const since = new Date(state.newest - this.lagWindowMs).toISOString();
    for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
      const items = await this.rest.searchPage<unknown>(`poll ${source.name}`, source.urlPath, {
        filter: { [source.dateField]: { $gte: since } },
        sort: [{ field: source.dateField, order: 'ASC' }],
        page: { from: page * PAGE, limit: PAGE },
      });
      for (const item of items) {
        const key = source.keyOf(item);
        const at = Date.parse(source.dateOf(item) ?? '') || Date.now();
        if (at > state.newest) state.newest = at;
        if (state.seen.has(key)) continue;
        state.seen.set(key, at);
        if (!state.primed || this.listeners.size === 0) continue;
        for (const event of await source.toEvents(item)) this.emit(event);
      }
      if (items.length < PAGE) break;
    }
    state.primed = true;
    const forgetBefore = state.newest - 2 * this.lagWindowMs;
    for (const [key, at] of state.seen) if (at < forgetBefore) state.seen.delete(key);
  }
}
