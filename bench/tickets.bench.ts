/**
 * `npm run bench -- tickets [--rate 20] [--duration 60] [--warmup 10] [--profile]`: whole tickets from
 * intake to close through the HTTP API, on MariaDB with the embedded engine — the demo data set (3
 * subsidiaries, 18 stations, 5,000 houses) in a fresh database, Changchun's 3 agents, 7 station
 * heads and 14 repair workers at work.
 *
 * A new ticket starts every 1/rate s; each runs intake → dispatch → confirm-assign → accept →
 * signature upload → handle → callback, every step by the person whose step it is, as soon as the
 * previous answer arrived. Prints per-action p50/p99, completed tickets/s and the CPU this process
 * (server and HTTP clients) spent per ticket as one JSON object last. `--profile` samples this
 * process's CPU while tickets are started and saves it to `<tmp>/warmline-tickets.cpuprofile`.
 * `--statements N` instead runs N tickets one after another and counts the SQL statements each action
 * sends (with what it sets off: projector, notifications, SLA workers — 1.5 s after each answer), by
 * statement shape; WARMLINE_BENCH_SQL_CALLER=1 also names the code that sent each (async stack).
 * Env: WARMLINE_BENCH_MYSQL (default mysql://root@127.0.0.1:3306/; a query string such as
 * `?socketPath=/run/mysqld/mysqld.sock` is passed on to the driver), the database `wl_bench_tickets`
 * (and its subsidiary schemas) is dropped and recreated; WARMLINE_BENCH_LOG_LEVEL (default silent).
 */
import { parseArgs } from 'node:util';
import { Sequelize, QueryTypes } from 'sequelize';
import { loadConfig, startServer } from '@warmline/server';
import { ApiClient, type ApiResponse } from '@warmline/server/testing';
import { seedDemo } from '@warmline/seed';
import { cpuBetween, cpuSnapshot } from './cpu-usage.js';
import { profileCpu } from './cpu-profile.js';
import { SqlCounter } from './sql-counter.js';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import path from 'node:path';

const DB = 'wl_bench_tickets';
const PASSWORD = 'Demo@2026';
/** A 1×1 PNG: the customer's "signature". */
const SIGNATURE = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

interface Crew {
  stationId: number;
  head: ApiClient;
  workers: { id: number; client: ApiClient }[];
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const round = (n: number) => Math.round(n * 100) / 100;

type HotCache = { stats: { hits: number; misses: number; evicted: number }; maxInstances: number; loaded: number; clear(): void };

/** Hits, misses and evictions of the embedded engine's hot-instance cache (undefined for another driver). */
function hotStats(engine: unknown): { hits: number; misses: number; evicted: number; maxInstances: number } | undefined {
  const hot = (engine as { hot?: HotCache }).hot;
  return hot?.stats ? { ...hot.stats, maxInstances: hot.maxInstances } : undefined;
}

/** Heap the loaded instances hold: heap in use before and after unloading them (after gc). */
async function hotHeap(engine: unknown): Promise<{ loaded: number; heapMb: number; kbPerInstance: number } | undefined> {
  const hot = (engine as { hot?: HotCache }).hot;
  if (!hot?.stats) return undefined;
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const settled = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 100));
    }
    gc();
    return process.memoryUsage().heapUsed;
  };
  const loaded = hot.loaded;
  const before = await settled();
  hot.clear();
  const freed = before - (await settled());
  return { loaded, heapMb: round(freed / 1048576), kbPerInstance: loaded ? Math.round(freed / 1024 / loaded) : 0 };
}

async function dropBenchDatabases(base: string): Promise<void> {
  const admin = new Sequelize(base, { dialect: 'mysql', logging: false });
  const rows = await admin.query<{ name: string }>(
    `SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE '${DB}%'`,
    {
      type: QueryTypes.SELECT,
    },
  );
  for (const r of rows) await admin.query(`DROP DATABASE \`${r.name}\``);
  await admin.close();
}

export async function ticketsBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '20' },
      duration: { type: 'string', default: '60' },
      warmup: { type: 'string', default: '10' },
      profile: { type: 'boolean', default: false },
      statements: { type: 'string' },
    },
  });
  const rate = Number(values.rate);
  const duration = Number(values.duration);
  const warmup = Number(values.warmup);
  // A query string is kept (e.g. `?socketPath=/run/mysqld/mysqld.sock`: the server reaches MariaDB over its Unix socket).
  const baseUrl = new URL(process.env.WARMLINE_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306/');
  const base = baseUrl.toString();
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${DB}`;
  await dropBenchDatabases(base);

  const server = await startServer(
    loadConfig({
      ...process.env,
      WARMLINE_DATABASE_URL: dbUrl.toString(),
      WARMLINE_SEED_DEMO: 'false',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.WARMLINE_BENCH_LOG_LEVEL ?? 'silent',
    }),
  );
  try {
    await seedDemo(server.services);
    // Given: Changchun's agents, station heads and repair workers signed in, and its houses
    const login = async (username: string) => {
      const r = await new ApiClient(server.url).post('/api/auth/login', { username, password: PASSWORD });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      const client = new ApiClient(server.url, r.body.token);
      const me = await client.get('/api/auth/me');
      return { client, me: me.body as { id: number; orgId: number; subsidiaryId: number } };
    };
    const agents = await Promise.all(['cc.agent1', 'cc.agent2', 'cc.agent3'].map(login));
    const subsidiaryId = agents[0].me.subsidiaryId;
    const crews: Crew[] = [];
    for (let s = 1; s <= 7; s++) {
      const st = `cc.st0${s}`;
      const head = await login(`${st}.head`);
      const workers = await Promise.all([`${st}.repair1`, `${st}.repair2`].map(login));
      crews.push({ stationId: head.me.orgId, head: head.client, workers: workers.map((w) => ({ id: w.me.id, client: w.client })) });
    }
    const tenant = await server.services.tenants.byId(subsidiaryId);
    const houses = (
      await tenant.db.query<{ id: number }>('SELECT id FROM houses WHERE customer_id IS NOT NULL ORDER BY id LIMIT 2000', {
        type: QueryTypes.SELECT,
      })
    ).map((h) => h.id);

    const latencies = new Map<string, number[]>();
    const errors: string[] = [];
    let measuring = false;
    /** Between the first measured start and the last start: completions counted for tickets/s. */
    let windowOpen = false;
    let completedInWindow = 0;

    // --statements N: N tickets one after another, each action's SQL counted (with what it set off) instead of a timed run.
    const sql = values.statements ? new SqlCounter().install() : undefined;
    const perAction = new Map<string, { total: number; shapes: Map<string, number> }>();
    const countStatements = async (action: string) => {
      if (!sql) return;
      await sql.settle();
      const taken = sql.take();
      const acc = perAction.get(action) ?? perAction.set(action, { total: 0, shapes: new Map() }).get(action)!;
      acc.total += taken.total;
      for (const [shape, n] of taken.shapes) acc.shapes.set(shape, (acc.shapes.get(shape) ?? 0) + n);
    };

    const timed = async (action: string, run: () => Promise<ApiResponse<any>>, expected: number): Promise<ApiResponse<any>> => {
      const t0 = performance.now();
      const res = await run();
      const ms = performance.now() - t0;
      if (res.status !== expected) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      if (measuring) (latencies.get(action) ?? latencies.set(action, []).get(action)!).push(ms);
      await countStatements(action);
      return res;
    };

    const oneTicket = async (n: number) => {
      const agent = agents[n % agents.length].client;
      const crew = crews[n % crews.length];
      const worker = crew.workers[Math.floor(n / crews.length) % crew.workers.length];
      const path = `/api/subsidiaries/${subsidiaryId}/tickets`;
      const created = await timed(
        'intake',
        () =>
          agent.post(path, {
            houseId: houses[n % houses.length],
            typeCode: 'repair',
            urgency: 'normal',
            source: 'phone',
            title: '暖气不热',
            description: '卧室暖气片不热，室温 14℃',
          }),
        201,
      );
      const t = `${path}/${created.body.id}`;
      await timed('dispatch', () => agent.post(`${t}/dispatch`, { stationId: crew.stationId }), 200);
      await timed('confirm-assign', () => crew.head.post(`${t}/confirm-assign`, { workerId: worker.id }), 200);
      await timed('accept', () => worker.client.post(`${t}/accept`, {}), 200);
      const form = new FormData();
      form.append('kind', 'signature');
      form.append('file', new Blob([SIGNATURE], { type: 'image/png' }), 'signature.png');
      const signature = await timed('upload-signature', () => worker.client.request('POST', `${t}/attachments`, form), 201);
      await timed(
        'handle',
        () =>
          worker.client.post(`${t}/handle`, {
            result: 'resolved',
            resultDescription: '排气后暖气恢复',
            durationMinutes: 40,
            indoorTemperatures: [19.5, 20.1],
            satisfaction: 'satisfied',
            signatureAttachmentId: signature.body.id,
          }),
        200,
      );
      await timed('callback', () => agent.post(`${t}/callback`, { outcome: 'satisfied', note: '用户满意' }), 200);
      if (windowOpen) completedInWindow++;
    };

    if (sql) {
      const tickets = Number(values.statements);
      await oneTicket(0); // warm-up: caches filled, code compiled
      await countStatements('(warm-up)');
      perAction.clear();
      await countStatements('(idle: job polling, per settle window)');
      for (let n = 1; n <= tickets; n++) await oneTicket(n);
      sql.uninstall();
      const report: Record<string, { perTicket: number; top: [string, number][] }> = {};
      for (const [action, { total: sum, shapes }] of perAction) {
        const runs = action.startsWith('(') ? 1 : tickets;
        report[action] = {
          perTicket: round(sum / runs),
          top: [...shapes]
            .sort((a, b) => b[1] - a[1])
            .slice(0, process.env.WARMLINE_BENCH_SQL_CALLER === '1' ? 80 : 25)
            .map(([shape, n]) => [shape, round(n / runs)]),
        };
      }
      const steps = [...perAction].filter(([a]) => !a.startsWith('('));
      const perTicket = steps.reduce((t, [, v]) => t + v.total / tickets, 0);
      // Background statements (job and timer polls, the notification dispatcher) fall into every action's window too.
      const background = perAction.get('(idle: job polling, per settle window)')?.total ?? 0;
      const result = {
        benchmark: 'tickets-statements',
        tickets,
        statementsPerTicket: round(perTicket),
        backgroundPerWindow: background,
        actionStatementsPerTicket: round(perTicket - background * steps.length),
        actions: report,
      };
      console.log(JSON.stringify(result, null, 1));
      return;
    }

    // When: a new ticket every 1/rate s for warmup + duration seconds
    const total = Math.round(rate * (warmup + duration));
    const running: Promise<void>[] = [];
    const began = performance.now();
    const cpuAtFirst = process.cpuUsage();
    let cpuStart = cpuSnapshot();
    let windowStart = began;
    const startTickets = async () => {
      for (let n = 0; n < total; n++) {
        const due = began + (n * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (!measuring && n >= rate * warmup) {
          measuring = true;
          windowOpen = true;
          windowStart = performance.now();
          cpuStart = cpuSnapshot();
        }
        running.push(oneTicket(n).catch((err: Error) => void errors.push(err.message)));
      }
    };
    const profileFile = path.join(os.tmpdir(), 'warmline-tickets.cpuprofile');
    const profiled = values.profile ? await profileCpu(startTickets, profileFile) : await startTickets();
    const windowEnd = performance.now();
    windowOpen = false;
    // The HTTP clients run in the server's process: serverCores includes them.
    const cpu = cpuBetween(cpuStart, cpuSnapshot(), 0);
    // WARMLINE_BENCH_HOT_HEAP=1: how much heap the instances loaded at this moment hold (unloads them: the drain restores).
    const heldInFlight = process.env.WARMLINE_BENCH_HOT_HEAP === '1' ? await hotHeap(server.services.engine) : undefined;
    await Promise.all(running);
    const drained = performance.now();

    // Then: every ticket closed (projected from the engine), per-action latencies
    // The rows follow the engine asynchronously (projector): wait up to 120 s for every answered ticket's row to close.
    const closedRows = async () =>
      Number(
        (await tenant.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM tickets WHERE status = 'closed'", { type: QueryTypes.SELECT }))[0]
          .n,
      );
    let closed = await closedRows();
    while (closed < total - errors.length && performance.now() - drained < 120_000) {
      await new Promise((r) => setTimeout(r, 500));
      closed = await closedRows();
    }
    const projectionLagSec = round((performance.now() - drained) / 1000);
    // CPU of this process (server + HTTP clients) per ticket, first start until every row closed: barely moved by other load on the machine.
    const cpuAll = process.cpuUsage(cpuAtFirst);
    const cpuMsPerTicket = round((cpuAll.user + cpuAll.system) / 1000 / Math.max(1, total - errors.length));
    const actions: Record<string, { count: number; p50Ms: number; p99Ms: number; maxMs: number }> = {};
    const all: number[] = [];
    for (const [action, list] of latencies) {
      const sorted = [...list].sort((a, b) => a - b);
      all.push(...list);
      actions[action] = {
        count: list.length,
        p50Ms: round(pct(sorted, 50)),
        p99Ms: round(pct(sorted, 99)),
        maxMs: round(sorted[sorted.length - 1]),
      };
    }
    all.sort((a, b) => a - b);
    const windowSec = (windowEnd - windowStart) / 1000;
    const result = {
      benchmark: 'tickets',
      database: 'mariadb',
      engine: 'embedded',
      rateTicketsPerSec: rate,
      durationSec: duration,
      started: total,
      completedInWindow,
      ticketsPerSec: round(completedInWindow / windowSec),
      /** All tickets over the whole run, first start to last answer: what the server sustained. */
      throughputTicketsPerSec: round((total - errors.length) / ((drained - began) / 1000)),
      closedRows: closed,
      projectionLagSec,
      errors: errors.length,
      firstErrors: errors.slice(0, 3),
      drainSec: round((drained - windowEnd) / 1000),
      p50Ms: round(pct(all, 50)),
      p99Ms: round(pct(all, 99)),
      worstActionP99Ms: Math.max(...Object.values(actions).map((a) => a.p99Ms)),
      actions,
      cpu,
      cpuMsPerTicket,
      // The embedded engine's loaded instances (decision 0017): actions that continued a loaded copy vs. restored one.
      ...(hotStats(server.services.engine) && {
        hotInstances: { ...hotStats(server.services.engine), ...(heldInFlight && { heldInFlight }) },
      }),
      ...(profiled ? { profile: { file: profileFile, idlePct: profiled.idlePct, buckets: profiled.buckets } } : {}),
    };
    console.log(JSON.stringify(result));
  } finally {
    await server.close();
    await dropBenchDatabases(base);
  }
}
