/**
 * The load generator of the lookup benchmark, in its own process (so it does not share the event
 * loop, or a core, with the server). Reads its plan from the JSON file named by argv[2], runs a
 * warm-up and the measured run with autocannon, and sends the results to the parent over IPC.
 */
import fs from 'node:fs';
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
  connections: number;
  warmupSec: number;
  durationSec: number;
}

export interface LoadResult {
  result: AutocannonResult;
  /** 200 responses without the expected customer among the matches. */
  misses: number;
  /** Responses whose body was not the lookup JSON. */
  unreadable: number;
  firstMiss: string | null;
}

async function run(plan: LoadPlan, durationSec: number): Promise<LoadResult> {
  let next = 0;
  let misses = 0;
  let unreadable = 0;
  let firstMiss: string | null = null;
  const result = await autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: durationSec,
    // autocannon's coordinated-omission correction uses 1/rate (seconds) as an interval in
    // milliseconds, i.e. always 1 ms, which multiplies samples; the achieved rate is reported
    // instead, so a server falling behind shows.
    ...(plan.rate ? { overallRate: plan.rate, ignoreCoordinatedOmission: true } : {}),
    timeout: 10,
    headers: { authorization: `Bearer ${plan.token}` },
    requests: [
      {
        method: 'GET',
        setupRequest: (request, context) => {
          const c = plan.cases[next++ % plan.cases.length];
          context.expected = c.customerId;
          context.path = c.path;
          return { ...request, path: c.path };
        },
        onResponse: (status, body, context) => {
          if (status !== 200) return;
          let matches: { customer: { id: number } }[];
          try {
            matches = (JSON.parse(body) as { matches: { customer: { id: number } }[] }).matches;
          } catch {
            unreadable += 1;
            return;
          }
          if (!matches.some((m) => m.customer.id === context.expected)) {
            misses += 1;
            firstMiss ??= `${String(context.path)} → ${body.slice(0, 200)}`;
          }
        },
      },
    ],
  });
  return { result, misses, unreadable, firstMiss };
}

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as LoadPlan;
if (plan.warmupSec > 0) await run(plan, plan.warmupSec);
const measured = await run(plan, plan.durationSec);
process.send!(measured);
