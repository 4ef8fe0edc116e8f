/**
 * Counts the SQL statements the server sends to MySQL/MariaDB (mysql2 `query` and `execute`, the
 * two calls sequelize's MySQL dialect uses), by statement shape (literals replaced by `?`).
 * `tickets --statements N` uses it to tell how many statements each action costs.
 */
import { createRequire } from 'node:module';

type Patched = { query: (...args: unknown[]) => unknown; execute: (...args: unknown[]) => unknown };

/** Literals out, so `SELECT … WHERE id = 7` and `… id = 8` count as one shape. */
export function statementShape(sql: string): string {
  return sql
    .replace(/'(?:[^'\\]|\\.)*'/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\(\?(?:,\s*\?)+\)/g, '(?…)')
    .replace(/\s+/g, ' ')
    .slice(0, 160);
}

export class SqlCounter {
  private shapes = new Map<string, number>();
  total = 0;
  /** WARMLINE_BENCH_SQL_CALLER=1: each shape also names the project code that sent it (async stack). */
  private readonly withCaller = process.env.WARMLINE_BENCH_SQL_CALLER === '1';
  private restore?: () => void;

  install(): this {
    // The mysql2 sequelize loads (hoisted to the root node_modules).
    const require = createRequire(require_resolve_sequelize());
    const proto = (require('mysql2') as { Connection: { prototype: Patched } }).Connection.prototype;
    const own = Object.getOwnPropertyDescriptors(proto);
    const { query, execute } = proto;
    const count = (sql: unknown) => {
      const text = typeof sql === 'string' ? sql : ((sql as { sql?: string } | undefined)?.sql ?? '');
      this.total++;
      const shape = this.withCaller ? `${statementShape(text).slice(0, 90)}  ← ${callerOf(new Error().stack ?? '')}` : statementShape(text);
      this.shapes.set(shape, (this.shapes.get(shape) ?? 0) + 1);
    };
    proto.query = function (this: unknown, ...args: unknown[]) {
      count(args[0]);
      return query.apply(this, args);
    };
    proto.execute = function (this: unknown, ...args: unknown[]) {
      count(args[0]);
      return execute.apply(this, args);
    };
    this.restore = () => {
      for (const name of ['query', 'execute'] as const) {
        if (own[name]) Object.defineProperty(proto, name, own[name]);
        else delete (proto as Partial<Patched>)[name];
      }
    };
    return this;
  }

  uninstall(): void {
    this.restore?.();
  }

  /** Statement counts by shape since the last take, most frequent first; resets. */
  take(): { total: number; shapes: [string, number][] } {
    const out = { total: this.total, shapes: [...this.shapes].sort((a, b) => b[1] - a[1]) };
    this.shapes = new Map();
    this.total = 0;
    return out;
  }

  /** Waits `ms` so what an action set off (projector, notifications, SLA workers) is counted with it. */
  async settle(ms = 1500): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
  }
}

/** The first frames of project code (not the store helpers) in a stack: who sent the statement. */
function callerOf(stack: string): string {
  const frames = stack
    .split('\n')
    .map((l) => /\/(server|engine)\/src\/(.+?):(\d+):\d+\)?$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m && !/store\/engine-db|db\/model-for|bench\//.test(m[2]))
    .map((m) => `${m[2].replace(/^.*\//, '')}:${m[3]}`);
  return frames.slice(0, 3).join(' < ') || '?';
}

function require_resolve_sequelize(): string {
  return createRequire(import.meta.url).resolve('sequelize');
}
