import assert from 'node:assert/strict';

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * A server-sent-events reader over fetch, as a test client: `next(match)` waits for the first event
 * (received so far or later) that matches; `events` holds every parsed event; `comments` counts
 * comment lines (heartbeats).
 */
export class SseReader {
  readonly events: SseEvent[] = [];
  comments = 0;
  private buffer = '';
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];
  status = 0;
  closed = false;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const r = new SseReader();
    const res = await fetch(url, { headers, signal: r.controller.signal });
    r.status = res.status;
    if (res.status !== 200 || !res.body) {
      await res.arrayBuffer().catch(() => undefined);
      r.closed = true;
      return r;
    }
    void r.pump(res.body.getReader());
    return r;
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>) {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = this.buffer.indexOf('\n\n')) >= 0) {
          this.parse(this.buffer.slice(0, i));
          this.buffer = this.buffer.slice(i + 2);
        }
      }
    } catch {
      // aborted
    } finally {
      this.closed = true;
      this.wake();
    }
  }

  private parse(block: string) {
    const ev: SseEvent = { data: '' };
    let any = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments += 1;
        continue;
      }
      const [field, ...rest] = line.split(':');
      const value = rest.join(':').replace(/^ /, '');
      if (field === 'id') ev.id = value;
      else if (field === 'event') ev.event = value;
      else if (field === 'data') ev.data += value;
      else continue;
      any = true;
    }
    if (any && ev.data) this.events.push(ev);
    this.wake();
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Notification payloads received so far. */
  notifications<T = Record<string, unknown>>(): T[] {
    return this.events.filter((e) => e.event === 'notification').map((e) => JSON.parse(e.data) as T);
  }

  async next<T = Record<string, unknown>>(what: string, match: (n: T) => boolean, timeoutMs = 8000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.notifications<T>().find(match);
      if (found) return found;
      if (this.closed) assert.fail(`stream closed before ${what}`);
      const left = until - Date.now();
      if (left <= 0) assert.fail(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close() {
    this.controller.abort();
  }
}
