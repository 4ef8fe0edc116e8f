/**
 * The load generator of the lookup benchmark, in its own process (so it does not share the event
 * loop, or a core, with the server). Reads its plan from the JSON file named by argv[2], runs a
 * warm-up and the measured run with autocannon, and reports to the parent over IPC.
 *
 * Fixed rate: autocannon's `overallRate` gives each connection a quota per second that it sends
 * back-to-back when the second starts, so one instance turns 1,000 req/s into one burst a second.
 * The rate is therefore split over `phases` autocannon instances started 1/phases s apart, each
 * with `overallRate = rate / phases`: the same total rate, spread over the second.
 * Latency is timed here per request (sub-millisecond), from when autocannon builds the request
 * (right before writing it) to when its response is complete.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type AutocannonResult } from 'autocannon';

export interface LoadCase {
  path: string;
  customerId: number;
}

export interface LoadPlan {
  url: string;
  token: string;
  cases: LoadCase[];
  /** Requests per second over all connections; null = as fast as possible. */
  rate: number | null;
  /** Total connections (divided over the phases). */
  connections: number;
  /** Staggered autocannon instances sharing the rate (1 without a rate). */
  phases: number;
  warmupSec: number;
  durationSec: number;
}

export interface LoadStats {
  requests: number;
  requestsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  non2xx: number;
  /** 200 responses without the expected customer among the matches (or unreadable). */
  misses: number;
  firstMiss: string | null;
  durationSec: number;
}

export interface LoadResult extends LoadStats {
  /** CPU time of this load generator during the measured run, in microseconds. */
  cpuMicros: number;
}

/** Messages to the parent: the warm-up is over (the measured run starts now), then the result. */
export type LoadMessage = { type: 'warm' } | ({ type: 'result' } & LoadResult);

const round2 = (n: number) => Math.round(n * 100) / 100;

async function run(plan: LoadPlan, durationSec: number): Promise<LoadStats> {
  let next = 0;
  let misses = 0;
  let firstMiss: string | null = null;
  const latencies: number[] = [];
  const phases = plan.rate ? Math.max(1, plan.phases) : 1;
  const instance = (): PromiseLike<AutocannonResult> =>
    autocannon({
      url: plan.url,
      connections: Math.max(1, Math.round(plan.connections / phases)),
      duration: durationSec,
      // Latency is timed per request here; autocannon's coordinated-omission correction would use
      // 1/rate (seconds) as an interval in milliseconds. A server falling behind shows in the rate.
      ...(plan.rate ? { overallRate: plan.rate / phases, ignoreCoordinatedOmission: true } : {}),
      timeout: 10,
      headers: { authorization: `Bearer ${plan.token}` },
      requests: [
        {
          method: 'GET',
          setupRequest: (request, context) => {
            const c = plan.cases[next++ % plan.cases.length];
            context.expected = c.customerId;
            context.path = c.path;
            context.sentAt = performance.now();
            return { ...request, path: c.path };
          },
          onResponse: (status, body, context) => {
            latencies.push(performance.now() - (context.sentAt as number));
            if (status !== 200) return;
            let found = false;
            try {
              const matches = (JSON.parse(body) as { matches: { customer: { id: number } }[] }).matches;
              found = matches.some((m) => m.customer.id === context.expected);
            } catch {
              found = false;
            }
            if (!found) {
              misses += 1;
              firstMiss ??= `${String(context.path)} → ${body.slice(0, 200)}`;
            }
          },
        },
      ],
    });

  const started = performance.now();
  const runs: PromiseLike<AutocannonResult>[] = [];
  for (let i = 0; i < phases; i += 1) {
    runs.push(instance());
    if (i < phases - 1) await sleep(1000 / phases);
  }
  const results = await Promise.all(runs);
  const wallSec = (performance.now() - started) / 1000;

  latencies.sort((a, b) => a - b);
  const at = (q: number) => round2(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  const requests = results.reduce((n, r) => n + r.requests.total, 0);
  return {
    requests,
    requestsPerSec: Math.round(results.reduce((n, r) => n + r.requests.average, 0)),
    latencyMs: {
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      max: round2(latencies.at(-1) ?? 0),
      mean: round2(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    },
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    misses,
    firstMiss,
    durationSec: round2(wallSec),
  };
}

const send = (m: LoadMessage) => process.send!(m);
const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as LoadPlan;
if (plan.warmupSec > 0) await run(plan, plan.warmupSec);
send({ type: 'warm' });
const cpu = process.cpuUsage();
const measured = await run(plan, plan.durationSec);
const used = process.cpuUsage(cpu);
send({ type: 'result', ...measured, cpuMicros: used.user + used.system });
