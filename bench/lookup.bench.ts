/**
 * `npm run bench -- lookup [--max]`: the screen-pop phone lookup (GET /api/phone-lookup, route
 * `phone.lookupAll`) on MariaDB with 1,000,000 households, signed in as an agent of one subsidiary.
 *
 * Default: a fixed rate of 1,000 requests/s for 30 s after a 5 s warm-up; `--max`: 50 connections,
 * no rate limit. Every response must be 200 with the seeded customer among the matches.
 * The server runs in this process, autocannon in a child process.
 * Env: WARMLINE_BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/wl_bench),
 * WARMLINE_BENCH_HOUSEHOLDS (default 1000000).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, startServer } from '@warmline/server';
import { samplePhones, seedGroup } from '@warmline/server/seeding';
import { ApiClient } from '@warmline/server/testing';
import { callerSpellings, Prng, seedLarge } from '@warmline/seed';
import type { LoadCase, LoadPlan, LoadResult } from './lookup-load.js';

const AGENT = { username: 'bench.agent', password: 'Bench@2026' };
const here = path.dirname(fileURLToPath(import.meta.url));

export async function lookupBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      max: { type: 'boolean', default: false },
      rate: { type: 'string', default: '1000' },
      duration: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '5' },
      connections: { type: 'string' },
      sample: { type: 'string', default: '20000' },
    },
  });
  const databaseUrl = process.env.WARMLINE_BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/wl_bench';
  const households = Number(process.env.WARMLINE_BENCH_HOUSEHOLDS ?? 1_000_000);
  const rate = values.max ? null : Number(values.rate);
  const connections = Number(values.connections ?? (values.max ? 50 : 10));

  const config = loadConfig({
    ...process.env,
    WARMLINE_DATABASE_URL: databaseUrl,
    WARMLINE_SEED_DEMO: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  const server = await startServer(config);
  try {
    // Given: the households (seeded when missing) and an agent of the first subsidiary
    const seeded = await seedLarge(server.services, { households, subsidiaries: 3, onProgress: (line) => console.log(`[seed] ${line}`) });
    const subsidiaryId = seeded.subsidiaryIds[0];
    const sub = (await server.services.orgs.get(subsidiaryId))!;
    await seedGroup(server.services, {
      orgs: [],
      users: [{ username: AGENT.username, displayName: '压测坐席', orgCode: sub.code, roles: ['agent'] }],
      password: AGENT.password,
      skipExisting: true,
      audit: { action: 'seed.bench', reason: '压测账号' },
    });
    const login = await new ApiClient(server.url).post('/api/auth/login', AGENT);
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);

    // Numbers of that subsidiary's customers, each in a random spelling (+86 …, dashes, local landline)
    const rng = new Prng(2026);
    const phones = await samplePhones(server.services, subsidiaryId, Number(values.sample), () => rng.next());
    const cases: LoadCase[] = phones.map((p) => {
      const spelling = rng.pick(callerSpellings(p.normalized, p.kind, sub.area_code));
      return { path: `/api/phone-lookup?phone=${encodeURIComponent(spelling)}`, customerId: p.customerId };
    });
    const landlines = phones.filter((p) => p.kind === 'landline').length;
    console.log(
      `lookup bench: ${seeded.households.toLocaleString('en-US')} households, agent of ${sub.name}, ` +
        `${cases.length.toLocaleString('en-US')} numbers (${landlines.toLocaleString('en-US')} landlines), ` +
        `${rate ? `${rate} req/s` : 'max rate'}, ${connections} connections, ${values.warmup} s warm-up + ${values.duration} s`,
    );

    // When
    const plan: LoadPlan = {
      url: server.url,
      token: (login.body as { token: string }).token,
      cases,
      rate,
      connections,
      warmupSec: Number(values.warmup),
      durationSec: Number(values.duration),
    };
    const { result, misses, unreadable, firstMiss } = await runLoad(plan);

    // Then
    const summary = {
      benchmark: 'lookup',
      mode: rate ? 'rate' : 'max',
      households: seeded.households,
      rateTarget: rate,
      connections,
      requests: result.requests.total,
      requestsPerSec: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p90Ms: result.latency.p90,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      misses: misses + unreadable,
      durationSec: result.duration,
    };
    console.log(
      [
        `requests     ${summary.requests.toLocaleString('en-US')} in ${summary.durationSec} s = ${summary.requestsPerSec} req/s`,
        `latency (ms) p50 ${summary.p50Ms}  p90 ${summary.p90Ms}  p99 ${summary.p99Ms}  max ${summary.maxMs}  (mean ${result.latency.mean})`,
        `failures     errors ${summary.errors}, non-2xx ${summary.non2xx}, 200 without the customer ${summary.misses}`,
        ...(firstMiss ? [`first miss   ${firstMiss}`] : []),
        rate
          ? `target       p99 ≤ 20 ms at ${rate} req/s: ${summary.p99Ms <= 20 && summary.requestsPerSec >= rate * 0.98 ? 'met' : 'MISSED'}`
          : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
    console.log(JSON.stringify(summary));
    if (summary.errors || summary.non2xx || summary.misses) process.exitCode = 1;
  } finally {
    await server.close();
  }
}

/** autocannon in a child process; resolves with what it reports. */
function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const planFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-bench-')), 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify(plan));
  return new Promise((resolve, reject) => {
    const child = fork(path.join(here, 'lookup-load.ts'), [planFile], { execArgv: ['--import', 'tsx'] });
    let result: LoadResult | undefined;
    child.on('message', (m) => (result = m as LoadResult));
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.rmSync(path.dirname(planFile), { recursive: true, force: true });
      if (result) resolve(result);
      else reject(new Error(`load generator exited with ${code}`));
    });
  });
}
